/**
 * The object resource's fields that the worker reads as strings (`bucket`, `name`, `contentType`):
 * one rule in every format. A value that is not a string (`true`, `{}`, `0`) is a 400 naming the
 * field, never replaced by what `source`, `subject` or a legacy resource name say; `null` and `""`
 * count as absent. A bucket or name that is not well-formed Unicode (a lone surrogate, which no
 * Cloud Storage name holds) is a 400 too.
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  binaryRequest,
  CAT_BUCKET,
  CAT_CE,
  CAT_ID,
  CAT_NAME,
  errorThrownBy,
  eventWithDataText,
  jsonRequest,
  STRUCTURED,
} from '../support/decode-fixtures';

/** Each format, around the object resource's JSON text; `at` is where the object sits. */
const FORMATS: readonly {
  readonly format: string;
  readonly at: string;
  readonly message: (objectJson: string) => Message;
}[] = [
  {
    format: 'cloudevent-structured',
    at: '/data',
    message: (text) => jsonRequest(eventWithDataText(CAT_CE, text), STRUCTURED),
  },
  { format: 'cloudevent-binary', at: '/data', message: (text) => binaryRequest(CAT_CE, text) },
  {
    format: 'gcf-legacy (the resource names bucket and object)',
    at: '/data',
    message: (text) =>
      jsonRequest(
        `{"eventId":"${CAT_ID}","eventType":"google.storage.object.finalize",` +
          `"resource":"projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}","data":${text}}`,
      ),
  },
  {
    format: 'pubsub-push',
    at: '/message/data',
    message: (text) =>
      jsonRequest({
        message: {
          attributes: {
            eventType: 'OBJECT_FINALIZE',
            bucketId: CAT_BUCKET,
            objectId: CAT_NAME,
          },
          data: Buffer.from(text).toString('base64'),
          messageId: CAT_ID,
        },
      }),
  },
  {
    format: 'pubsub-push-unwrapped',
    at: '',
    message: (text) =>
      toMessage(
        {
          'x-goog-pubsub-message-id': CAT_ID,
          eventtype: 'OBJECT_FINALIZE',
          bucketid: CAT_BUCKET,
          objectid: CAT_NAME,
        },
        text,
      ),
  },
];

const FIELDS = ['bucket', 'name', 'contentType'] as const;
const NOT_STRINGS = ['true', '{}', '0', '[]', '12.5'];

/** The object resource with `field` written as the JSON text `literal`. */
function objectText(field: string, literal: string): string {
  const members: Record<string, string> = {
    bucket: `"${CAT_BUCKET}"`,
    name: `"${CAT_NAME}"`,
    contentType: '"image/jpeg"',
    [field]: literal,
  };
  return `{${Object.entries(members)
    .map(([key, text]) => `"${key}":${text}`)
    .join(',')}}`;
}

const REFUSED = FORMATS.flatMap(({ format, at, message }) =>
  FIELDS.flatMap((field) =>
    [...NOT_STRINGS, ...(field === 'contentType' ? [] : ['"\\ud800.jpg"'])].map((literal) => ({
      format,
      field,
      literal,
      pointer: `${at}/${field}`,
      message: message(objectText(field, literal)),
    })),
  ),
);

describe('decodeDelivery: a bucket, name or contentType that is no (well-formed) string is a 400', () => {
  test.each(REFUSED)('$format: $field $literal', ({ message, pointer }) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'invalid-event',
      pointer,
    });
  });
});

const ABSENT = FORMATS.filter(({ format }) => !format.startsWith('pubsub')).flatMap(
  ({ format, message }) =>
    ['bucket', 'name'].flatMap((field) =>
      ['null', '""'].map((literal) => ({
        format,
        field,
        literal,
        message: message(objectText(field, literal)),
      })),
    ),
);

describe('decodeDelivery: null and "" count as absent: the fallback names the object', () => {
  test.each(ABSENT)('$format: $field $literal', ({ message }) => {
    expect(decodeDelivery(message).events[0]?.event.data).toMatchObject({
      bucket: CAT_BUCKET,
      name: CAT_NAME,
    });
  });
});
