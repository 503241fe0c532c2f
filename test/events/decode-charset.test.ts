/**
 * The charset a delivery declares for its body (`Content-Type: …; charset=…`, or a binary event's
 * `ce-datacontenttype`, or a structured event's `datacontenttype` for `data_base64`) is honoured in
 * every format, as the WHATWG Encoding Standard defines the labels (what `TextDecoder` knows); an
 * unknown charset is a 415; bytes that are not valid in the charset (UTF-8 when none is declared)
 * are a 400. Never a name misread as `caf\uFFFD.jpg` and acknowledged.
 */
import { DecodeError, UnsupportedCharsetError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  CAT_BUCKET,
  CAT_CE_NO_SUBJECT,
  CAT_ID,
  CAT_SOURCE,
  errorThrownBy,
  FINALIZED,
} from '../support/decode-fixtures';

const NAME = 'café.jpg';
const OBJECT = { bucket: CAT_BUCKET, name: NAME, contentType: 'image/jpeg' };

type Encoding = 'latin1' | 'utf8' | 'utf16le';

/** The JSON of `value` in bytes of `encoding`. */
function bytes(value: unknown, encoding: Encoding): Buffer {
  return Buffer.from(JSON.stringify(value), encoding);
}

/** Each format, with the body's declared Content-Type and the bytes' encoding. */
const FORMATS: readonly {
  readonly format: string;
  readonly message: (contentType: string, encoding: Encoding) => Message;
}[] = [
  {
    format: 'cloudevent-structured',
    message: (type, encoding) =>
      toMessage(
        { 'content-type': type.replace('application/json', 'application/cloudevents+json') },
        bytes({ ...CAT_CE_NO_SUBJECT, data: OBJECT }, encoding),
      ),
  },
  {
    format: 'cloudevent-batch',
    message: (type, encoding) =>
      toMessage(
        { 'content-type': type.replace('application/json', 'application/cloudevents-batch+json') },
        bytes([{ ...CAT_CE_NO_SUBJECT, data: OBJECT }], encoding),
      ),
  },
  {
    format: 'cloudevent-binary',
    message: (type, encoding) =>
      toMessage(
        {
          'content-type': type,
          'ce-specversion': '1.0',
          'ce-id': CAT_ID,
          'ce-source': CAT_SOURCE,
          'ce-type': FINALIZED,
        },
        bytes(OBJECT, encoding),
      ),
  },
  {
    format: 'cloudevent-binary, declared by ce-datacontenttype alone',
    message: (type, encoding) =>
      toMessage(
        {
          'ce-datacontenttype': type,
          'ce-specversion': '1.0',
          'ce-id': CAT_ID,
          'ce-source': CAT_SOURCE,
          'ce-type': FINALIZED,
        },
        bytes(OBJECT, encoding),
      ),
  },
  {
    format: 'cloudevent-binary, a PullSubscription message as the body',
    message: (type, encoding) =>
      toMessage(
        {
          'content-type': type,
          'ce-specversion': '1.0',
          'ce-id': CAT_ID,
          'ce-source': '//pubsub.googleapis.com/projects/demo/topics/gcs',
          'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
          'ce-eventtype': 'OBJECT_FINALIZE',
        },
        bytes(OBJECT, encoding),
      ),
  },
  {
    format: 'pubsub-push (payloadFormat NONE: the name is an attribute)',
    message: (type, encoding) =>
      toMessage(
        { 'content-type': type },
        bytes(
          {
            message: {
              attributes: { eventType: 'OBJECT_FINALIZE', bucketId: CAT_BUCKET, objectId: NAME },
              messageId: CAT_ID,
            },
          },
          encoding,
        ),
      ),
  },
  {
    format: 'pubsub-push-unwrapped',
    message: (type, encoding) =>
      toMessage(
        { 'content-type': type, 'x-goog-pubsub-message-id': CAT_ID, eventtype: 'OBJECT_FINALIZE' },
        bytes(OBJECT, encoding),
      ),
  },
  {
    format: 'gcf-legacy',
    message: (type, encoding) =>
      toMessage(
        { 'content-type': type },
        bytes(
          {
            context: { eventId: CAT_ID, eventType: 'google.storage.object.finalize' },
            data: OBJECT,
          },
          encoding,
        ),
      ),
  },
];

/** Declared Content-Type → the encoding of the bytes sent. */
const HONOURED: readonly (readonly [string, Encoding])[] = [
  ['application/json; charset=iso-8859-1', 'latin1'],
  ['application/json; charset="ISO-8859-1"', 'latin1'],
  ['application/json;Charset=latin1', 'latin1'],
  ['application/json; charset=windows-1252', 'latin1'],
  ['application/json; charset=utf-16le', 'utf16le'],
  ['application/json; charset=utf-8', 'utf8'],
  ['application/json; charset=UTF-8', 'utf8'],
  ['application/json; charset=utf8', 'utf8'],
  ['application/json; charset="utf-8"', 'utf8'],
  ['application/json; charset=unicode-1-1-utf-8', 'utf8'],
  ['application/json', 'utf8'],
];

const READ = FORMATS.flatMap(({ format, message }) =>
  HONOURED.map(([type, encoding]) => ({ format, type, message: message(type, encoding) })),
);

describe('decodeDelivery: the declared charset is honoured in every format', () => {
  test.each(READ)('$format: $type', ({ message }) => {
    expect(decodeDelivery(message).events[0]?.event.data).toMatchObject({
      bucket: CAT_BUCKET,
      name: NAME,
    });
  });
});

const UNSUPPORTED = FORMATS.flatMap(({ format, message }) =>
  ['klingon', 'iso-2022-kr', 'utf-7', '""'].map((charset) => ({
    format,
    charset,
    message: message(`application/json; charset=${charset}`, 'utf8'),
  })),
);

describe('decodeDelivery: a charset the worker does not know is a 415', () => {
  test.each(UNSUPPORTED)('$format: charset=$charset', ({ message }) => {
    expect(() => decodeDelivery(message)).toThrow(UnsupportedCharsetError);
  });
});

const NOT_VALID = FORMATS.flatMap(({ format, message }) =>
  [
    ['Latin-1 bytes, no charset', 'application/json'],
    ['Latin-1 bytes, charset=utf-8', 'application/json; charset=utf-8'],
    ['Latin-1 bytes, charset=us-ascii', 'application/json; charset=us-ascii'],
  ].map(([about = '', type = '']) => ({ format, about, message: message(type, 'latin1') })),
);

describe('decodeDelivery: bytes that are not valid in the charset are a 400', () => {
  test.each(NOT_VALID)('$format: $about', ({ message }) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'malformed-body',
    });
  });
});

describe('decodeDelivery: bytes inside the body', () => {
  test('structured data_base64 is read in the charset of its datacontenttype', () => {
    const message = toMessage(
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify({
        ...CAT_CE_NO_SUBJECT,
        datacontenttype: 'application/json; charset=iso-8859-1',
        data_base64: bytes(OBJECT, 'latin1').toString('base64'),
      }),
    );
    expect(decodeDelivery(message).events[0]?.event.data).toEqual(OBJECT);
  });

  test.each([
    ['Pub/Sub data that is not UTF-8', '/message/data'],
    ['messagePublished data that is not UTF-8', '/data/message/data'],
  ])('%s is a 400 naming it', (about, pointer) => {
    const message = {
      attributes: { eventType: 'OBJECT_FINALIZE' },
      data: bytes(OBJECT, 'latin1').toString('base64'),
      messageId: CAT_ID,
    };
    const delivery = about.startsWith('Pub/Sub')
      ? toMessage({ 'content-type': 'application/json' }, JSON.stringify({ message }))
      : toMessage(
          { 'content-type': 'application/cloudevents+json' },
          JSON.stringify({
            ...CAT_CE_NO_SUBJECT,
            source: '//pubsub.googleapis.com/projects/demo/topics/gcs',
            type: 'google.cloud.pubsub.topic.v1.messagePublished',
            data: { message },
          }),
        );
    expect(() => decodeDelivery(delivery)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(delivery))).toMatchObject({
      code: 'malformed-body',
      pointer,
    });
  });
});
