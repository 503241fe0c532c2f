import { DecodeError } from '../../errors';
import { decodeBase64 } from '../base64';
import type { DecodedEvent } from '../canonical-event';
import { CORE_ATTRIBUTES, SPEC_VERSIONS, type CloudEventData } from '../cloudevent-parts';
import { toCanonicalCloudEvent } from './canonical-cloudevent';
import { looksLikeJson, parseJson } from '../json';
import { decodeText, declaredCharset, toUtf8Bytes } from '../text';
import { isJsonMediaType, mediaTypeOf } from '../media-type';
import type { DeliveryContext, FormatDecoder } from './delivery-context';
import { decodeCeHeaderValue } from '../cloudevent-headers';

const PREFIX = 'ce-';

/**
 * CloudEvents binary content mode: attributes in `ce-*` headers, the data in the body, read by
 * Content-Type (or `ce-datacontenttype`, which some senders add as well), and for 0.3 by
 * `ce-datacontentencoding`. Every `ce-*` header must be sent once; a value sent as raw UTF-8 (older
 * producers) is read as UTF-8, then percent-decoded once, and refused when its escapes are not
 * UTF-8.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#31-binary-content-mode
 */
export const cloudEventBinary: FormatDecoder = {
  format: 'cloudevent-binary',
  matches: (context) => context.header('ce-specversion') !== undefined,
  decode: (context: DeliveryContext): readonly DecodedEvent[] => {
    const attributes: Record<string, string> = {};
    const extensions: Record<string, string> = {};
    const headers = context.soleHeaders((name) => name.startsWith(PREFIX));
    for (const name in headers) {
      const attribute = name.slice(PREFIX.length);
      const value = decodeCeHeaderValue(headers[name] ?? '', name);
      attributes[attribute] = value;
      if (!CORE_ATTRIBUTES.has(attribute)) extensions[attribute] = value;
    }
    const specversion = required(attributes, 'specversion');
    if (!(SPEC_VERSIONS as readonly string[]).includes(specversion)) {
      throw new DecodeError(
        'invalid-event',
        `header ce-specversion ${JSON.stringify(specversion)} is not supported; accepted: ${SPEC_VERSIONS.join(', ')}`,
        'header ce-specversion',
      );
    }
    const id = required(attributes, 'id');
    const { event, subscription } = toCanonicalCloudEvent({
      specversion,
      id,
      source: required(attributes, 'source'),
      type: required(attributes, 'type'),
      subject: attributes.subject,
      time: attributes.time,
      extensions,
      data: readBinaryData(context, attributes),
      mode: 'binary',
      pointer: '',
    });
    return [
      {
        event,
        delivery: {
          format: 'cloudevent-binary',
          id,
          ...(subscription === undefined ? {} : { subscription }),
        },
      },
    ];
  },
};

function required(attributes: Readonly<Record<string, string>>, name: string): string {
  const value = attributes[name];
  if (value === undefined || value === '') {
    throw new DecodeError('invalid-event', `header ce-${name} is missing`, `header ce-${name}`);
  }
  return value;
}

function readBinaryData(
  context: DeliveryContext,
  attributes: Readonly<Record<string, string>>,
): CloudEventData {
  const body = context.message.body;
  if (body.length === 0) return { kind: 'none' };
  const decoded =
    attributes.datacontentencoding?.toLowerCase() === 'base64'
      ? decodeBase64(body.toString('latin1'), 'the request body (ce-datacontentencoding: base64)')
      : body;
  const declared = attributes.datacontenttype ?? attributes.contenttype;
  const mediaType = context.mediaType || mediaTypeOf(declared);
  // Read once in the declared charset: the data is UTF-8 from here on, as text and as bytes.
  const charset =
    context.mediaType === ''
      ? declaredCharset(
          declared,
          `header ce-${attributes.datacontenttype === undefined ? 'contenttype' : 'datacontenttype'}`,
        )
      : context.charset;
  const bytes = toUtf8Bytes(decoded, 'the request body', charset);
  if (isJsonMediaType(mediaType)) {
    return {
      kind: 'json',
      value: parseJson(decodeText(bytes, 'the request body'), 'the request body'),
      bytes,
    };
  }
  return looksLikeJson(bytes) ? lenientJson(bytes) : { kind: 'bytes', value: bytes };
}

/**
 * UTF-8 bytes declared as something else (octet-stream, none) that look like JSON: JSON if they
 * are UTF-8 and parse.
 */
function lenientJson(bytes: Buffer): CloudEventData {
  try {
    return {
      kind: 'json',
      value: parseJson(decodeText(bytes, 'the request body'), 'the request body'),
      bytes,
    };
  } catch {
    return { kind: 'bytes', value: bytes };
  }
}
