/**
 * Event data that is a JSON string holding JSON (a producer that encoded its data twice:
 * cloudevents/sdk-python#185; what a string `data` means: cloudevents/spec#558). One rule for every
 * content type and format: a string that holds a JSON object is parsed once, and read as the object
 * it holds; a storage event's data is otherwise absent or an object, and anything else (a string of
 * no JSON object, a number, an array, bytes that are no JSON) is a 400 naming the data.
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  base64Json,
  binaryRequest,
  CAT_BUCKET,
  CAT_CE,
  CAT_ID,
  CAT_OBJECT,
  CAT_TIME,
  errorThrownBy,
  expectedCat,
  jsonRequest,
  STRUCTURED,
} from '../support/decode-fixtures';

/** The object resource as a JSON string holding its JSON text. */
const CAT_STRING = JSON.stringify(CAT_OBJECT);

function structured(data: unknown, datacontenttype?: string): Message {
  return jsonRequest(
    { ...CAT_CE, ...(datacontenttype === undefined ? {} : { datacontenttype }), data },
    STRUCTURED,
  );
}

const PARSED_ONCE: readonly (readonly [string, Message])[] = [
  ['structured, datacontenttype application/json', structured(CAT_STRING, 'application/json')],
  ['structured, no datacontenttype', structured(CAT_STRING)],
  ['structured, datacontenttype text/plain', structured(CAT_STRING, 'text/plain')],
  [
    'structured, datacontenttype application/json; charset=utf-8',
    structured(CAT_STRING, 'application/json; charset=utf-8'),
  ],
  ['structured, leading whitespace in the string', structured(`\n  ${CAT_STRING}`)],
  [
    'structured 0.3',
    jsonRequest(
      { ...CAT_CE, specversion: '0.3', datacontenttype: 'application/json', data: CAT_STRING },
      STRUCTURED,
    ),
  ],
  [
    'a batch element',
    jsonRequest([{ ...CAT_CE, datacontenttype: 'application/json', data: CAT_STRING }], {
      'Content-Type': 'application/cloudevents-batch+json',
    }),
  ],
  [
    'binary, application/json body that is a JSON string',
    binaryRequest(CAT_CE, JSON.stringify(CAT_STRING)),
  ],
  ['binary, text/plain body of the object JSON', binaryRequest(CAT_CE, CAT_STRING, 'text/plain')],
  [
    'Pub/Sub data that is a JSON string',
    jsonRequest({
      message: {
        attributes: { eventType: 'OBJECT_FINALIZE', eventTime: CAT_TIME },
        data: Buffer.from(JSON.stringify(CAT_STRING)).toString('base64'),
        messageId: CAT_ID,
      },
    }),
  ],
  [
    'legacy data that is a JSON string',
    jsonRequest({
      context: {
        eventId: CAT_ID,
        timestamp: CAT_TIME,
        eventType: 'google.storage.object.finalize',
      },
      data: CAT_STRING,
    }),
  ],
  [
    'messagePublished data that is a JSON string of MessagePublishedData',
    jsonRequest(
      {
        specversion: '1.0',
        id: 'ce-1',
        source: '//pubsub.googleapis.com/projects/demo/topics/gcs',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        datacontenttype: 'application/json',
        data: JSON.stringify({
          message: {
            attributes: { eventType: 'OBJECT_FINALIZE', eventTime: CAT_TIME },
            data: base64Json(CAT_OBJECT),
            messageId: CAT_ID,
          },
        }),
      },
      STRUCTURED,
    ),
  ],
];

describe('decodeDelivery: data that is a JSON string holding a JSON object is that object', () => {
  test.each(PARSED_ONCE)('%s', (_name, message) => {
    expect(decodeDelivery(message).events[0]?.event).toEqual(expectedCat());
  });

  test('an image with no extension keeps the content type its string held', () => {
    const object = { bucket: CAT_BUCKET, name: 'uploads/4711', contentType: 'image/jpeg' };
    const message = jsonRequest(
      {
        ...CAT_CE,
        subject: undefined,
        datacontenttype: 'application/json',
        data: JSON.stringify(object),
      },
      STRUCTURED,
    );
    expect(decodeDelivery(message).events[0]?.event.data).toEqual(object);
  });
});

const REFUSED: readonly (readonly [string, Message, string])[] = [
  [
    'structured, a string of no JSON (application/json)',
    structured('hello', 'application/json'),
    '/data',
  ],
  ['structured, a string of no JSON (no datacontenttype)', structured('hello'), '/data'],
  ['structured, a string of no JSON (text/plain)', structured('hello', 'text/plain'), '/data'],
  ['structured, a string holding a JSON array', structured('[1,2]'), '/data'],
  [
    'structured, a string holding a JSON string (encoded three times)',
    structured(JSON.stringify(CAT_STRING)),
    '/data',
  ],
  ['structured, a string holding broken JSON', structured('{"bucket": '), '/data'],
  ['structured, a number', structured(5), '/data'],
  ['structured, an array', structured([CAT_OBJECT]), '/data'],
  ['structured, true', structured(true), '/data'],
  [
    'structured, data_base64 of no JSON',
    jsonRequest({ ...CAT_CE, data_base64: 'aGVsbG8=' }, STRUCTURED),
    '/data',
  ],
  ['binary, a text/plain body of no JSON', binaryRequest(CAT_CE, 'hello', 'text/plain'), '/data'],
  [
    'binary, an octet-stream body of no JSON',
    binaryRequest(CAT_CE, 'hello', 'application/octet-stream'),
    '/data',
  ],
  ['binary, an application/json body that is a number', binaryRequest(CAT_CE, '5'), '/data'],
  [
    'a batch element whose data is a string of no JSON',
    jsonRequest([{ ...CAT_CE, data: 'hello' }], {
      'Content-Type': 'application/cloudevents-batch+json',
    }),
    '/0/data',
  ],
  [
    'legacy data, a string of no JSON',
    jsonRequest({
      context: { eventId: CAT_ID, eventType: 'google.storage.object.finalize' },
      data: 'hello',
    }),
    '/data',
  ],
  [
    'push without wrapper, a body that is a JSON string of no object',
    toMessage({ 'x-goog-pubsub-message-id': CAT_ID, eventtype: 'OBJECT_FINALIZE' }, '"hello"'),
    '/',
  ],
];

describe('decodeDelivery: storage event data that is no object (nor a string holding one) is a 400', () => {
  test.each(REFUSED)('%s', (_name, message, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({ pointer });
  });
});
