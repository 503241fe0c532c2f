import { DecodeError } from '../../errors';
import { decodeBase64 } from '../base64';
import type { DecodedEvent, DeliveryFormat } from '../canonical-event';
import { CORE_ATTRIBUTES, SPEC_VERSIONS, type CloudEventData } from '../cloudevent-parts';
import { toCanonicalCloudEvent } from './canonical-cloudevent';
import { isJsonObject, kindOf, optionalString, stringOrInteger, type JsonObject } from '../json';
import { isJsonMediaType, mediaTypeOf } from '../media-type';
import { declaredCharset, toUtf8Bytes } from '../text';
import type { DeliveryContext, FormatDecoder } from './delivery-context';

/**
 * CloudEvents structured content mode: `application/cloudevents+json` (any parameters, any case),
 * the whole event as one JSON object.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#32-structured-content-mode
 */
export const cloudEventStructured: FormatDecoder = {
  format: 'cloudevent-structured',
  matches: (context) => context.mediaType.startsWith('application/cloudevents+'),
  decode: (context) => [decodeStructuredEvent(context.jsonBody(), '', 'cloudevent-structured')],
};

/**
 * CloudEvents batched content mode: `application/cloudevents-batch+json`, a JSON array of structured
 * events (it may be empty). The whole batch is validated before any event is handled.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#33-batched-content-mode
 */
export const cloudEventBatch: FormatDecoder = {
  format: 'cloudevent-batch',
  matches: (context) => context.mediaType.startsWith('application/cloudevents-batch+'),
  decode: (context: DeliveryContext): readonly DecodedEvent[] => {
    const body = context.jsonBody();
    if (!Array.isArray(body)) {
      throw new DecodeError('invalid-event', 'a cloudevents-batch body must be a JSON array', '/');
    }
    return body.map((element, index) =>
      decodeStructuredEvent(element, `/${index}`, 'cloudevent-batch'),
    );
  },
};

/**
 * Decodes one event in the JSON event format (1.0 `data`/`data_base64`; 0.3 `datacontentencoding`).
 *
 * @throws DecodeError when the value is not an object or a required attribute is missing
 */
export function decodeStructuredEvent(
  value: unknown,
  pointer: string,
  format: DeliveryFormat,
): DecodedEvent {
  if (!isJsonObject(value)) {
    throw new DecodeError(
      'invalid-event',
      `${pointer || 'the body'} must be a CloudEvent JSON object`,
      pointer || '/',
    );
  }
  const specversion = requiredString(value, 'specversion', pointer);
  if (!(SPEC_VERSIONS as readonly string[]).includes(specversion)) {
    throw new DecodeError(
      'invalid-event',
      `${pointer}/specversion ${JSON.stringify(specversion)} is not supported; accepted: ${SPEC_VERSIONS.join(', ')}`,
      `${pointer}/specversion`,
    );
  }
  const extensions: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(value)) {
    const text = CORE_ATTRIBUTES.has(name) ? undefined : stringOrInteger(attribute);
    if (text !== undefined) extensions[name.toLowerCase()] = text;
  }
  const id = requiredId(value, pointer);
  const { event, subscription } = toCanonicalCloudEvent({
    specversion,
    id,
    source: requiredString(value, 'source', pointer),
    type: requiredString(value, 'type', pointer),
    subject: optionalString(value, 'subject', pointer),
    time: optionalString(value, 'time', pointer),
    extensions,
    data: readStructuredData(value, pointer),
    mode: 'structured',
    pointer,
  });
  return {
    event,
    delivery: { format, id, ...(subscription === undefined ? {} : { subscription }) },
  };
}

function requiredString(object: JsonObject, key: string, pointer: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') {
    throw new DecodeError(
      'invalid-event',
      `${pointer}/${key} is ${value === undefined ? 'missing' : 'not a non-empty string'}`,
      `${pointer}/${key}`,
    );
  }
  return value;
}

/**
 * The event id: a string, or a JSON integer read as its exact decimal string (as ids and Pub/Sub
 * attributes are read everywhere; integers beyond 2^53 reach here as strings already).
 */
function requiredId(object: JsonObject, pointer: string): string {
  const value = object.id;
  const id = stringOrInteger(value);
  if (id === undefined || id === '') {
    throw new DecodeError(
      'invalid-event',
      `${pointer}/id is ${
        value === undefined ? 'missing' : `not a non-empty string or an integer: ${kindOf(value)}`
      }`,
      `${pointer}/id`,
    );
  }
  return id;
}

/**
 * The data: `data_base64` (bytes), or `data`; the two are mutually exclusive (JSON event format
 * §3.1; a `null` member counts as absent).
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md#31-handling-of-data
 */
function readStructuredData(event: JsonObject, pointer: string): CloudEventData {
  const hasData = event.data !== undefined && event.data !== null;
  const hasDataBase64 = event.data_base64 !== undefined && event.data_base64 !== null;
  if (hasData && hasDataBase64) {
    throw new DecodeError(
      'invalid-event',
      `${pointer}/data_base64 and ${pointer}/data are both present: an event carries one or the other`,
      `${pointer}/data_base64`,
    );
  }
  if (hasDataBase64) {
    if (typeof event.data_base64 !== 'string') {
      throw new DecodeError(
        'invalid-event',
        `${pointer}/data_base64 must be a base64 string, not ${kindOf(event.data_base64)}`,
        `${pointer}/data_base64`,
      );
    }
    const bytes = decodeBase64(event.data_base64, `${pointer}/data_base64`);
    return { kind: 'bytes', value: declaredUtf8(event, bytes, `${pointer}/data_base64`, pointer) };
  }
  const data = event.data;
  if (data === undefined || data === null) return { kind: 'none' };
  const encoding =
    typeof event.datacontentencoding === 'string' ? event.datacontentencoding : undefined;
  if (encoding?.toLowerCase() === 'base64' && typeof data === 'string') {
    const bytes = decodeBase64(data, `${pointer}/data`);
    return { kind: 'bytes', value: declaredUtf8(event, bytes, `${pointer}/data`, pointer) };
  }
  const contentType = event.datacontenttype ?? event.contenttype;
  const mediaType = typeof contentType === 'string' ? mediaTypeOf(contentType) : '';
  if (typeof data === 'string' && mediaType !== '' && !isJsonMediaType(mediaType)) {
    return { kind: 'bytes', value: Buffer.from(data, 'utf8') };
  }
  return { kind: 'json', value: data };
}

/**
 * Bytes of `data_base64` (or 0.3 base64 `data`) as UTF-8, read in the charset their
 * `datacontenttype` declares (see `toUtf8Bytes`).
 */
function declaredUtf8(event: JsonObject, bytes: Buffer, what: string, pointer: string): Buffer {
  const name = event.datacontenttype === undefined ? 'contenttype' : 'datacontenttype';
  const contentType = event[name];
  if (typeof contentType !== 'string') return bytes;
  return toUtf8Bytes(bytes, what, declaredCharset(contentType, `${pointer}/${name}`));
}
