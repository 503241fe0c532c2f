/**
 * Bad input: decodeDelivery throws a DecodeError whose code says what kind of fault and whose
 * pointer names the field (a JSON pointer into the body) or the header (`header ce-id`).
 */
import { DecodeError, type DecodeErrorCode } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  base64Json,
  BATCH,
  binaryRequest,
  CAT_BUCKET,
  CAT_EVENT,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_SOURCE,
  errorThrownBy,
  FINALIZED,
  gcsAttributes,
  jsonRequest,
  pushRequest,
  STRUCTURED,
} from '../support/decode-fixtures';

const CE_ATTRIBUTES = {
  specversion: '1.0',
  id: CAT_ID,
  source: CAT_SOURCE,
  type: FINALIZED,
  subject: `objects/${CAT_NAME}`,
};

const BAD_INPUT: readonly (readonly [string, Message, DecodeErrorCode, string])[] = [
  ...[7, true, {}, [], 1.5].map(
    (contentType) =>
      [
        `a contentType that is not a string (${JSON.stringify(contentType)}) in a structured event`,
        jsonRequest(
          JSON.stringify({ ...CE_ATTRIBUTES, data: { ...CAT_OBJECT, contentType } }),
          STRUCTURED,
        ),
        'invalid-event',
        '/data/contentType',
      ] as const,
  ),
  [
    'a contentType that is not a string in a push body',
    pushRequest({
      attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
      data: base64Json({ ...CAT_OBJECT, contentType: 7 }),
      messageId: CAT_ID,
    }),
    'invalid-event',
    '/message/data/contentType',
  ],
  [
    'malformed JSON in a push body',
    jsonRequest('{"message": {"data": "e30=", "messageId": "1"'),
    'malformed-body',
    '/',
  ],
  [
    'malformed JSON in a structured CloudEvent',
    jsonRequest('{"specversion": "1.0",}', STRUCTURED),
    'malformed-body',
    '/',
  ],
  [
    'malformed JSON as binary-mode data declared application/json',
    binaryRequest(CE_ATTRIBUTES, '{"bucket": '),
    'malformed-body',
    '/',
  ],
  [
    'malformed JSON inside Pub/Sub data',
    pushRequest({
      attributes: { eventType: 'OBJECT_FINALIZE', bucketId: CAT_BUCKET, objectId: CAT_NAME },
      data: Buffer.from('{"bucket": ').toString('base64'),
      messageId: CAT_ID,
    }),
    'malformed-body',
    '/message/data',
  ],
  [
    'Pub/Sub data that is not base64',
    pushRequest({
      attributes: { eventType: 'OBJECT_FINALIZE' },
      data: '{"bucket": "b"}',
      messageId: CAT_ID,
    }),
    'malformed-body',
    '/message/data',
  ],
  [
    'an unknown format: JSON of another shape',
    jsonRequest({ hello: 'world' }),
    'unrecognized-format',
    '/',
  ],
  [
    'an empty body without headers: nothing to recognise, reported as empty',
    toMessage({}),
    'malformed-body',
    '/',
  ],
  [
    'an unknown format: text',
    toMessage({ 'Content-Type': 'text/plain' }, 'hello'),
    'unrecognized-format',
    '/',
  ],
  [
    'a binary CloudEvent without ce-id',
    binaryRequest({ ...CE_ATTRIBUTES, id: '' }, CAT_OBJECT),
    'invalid-event',
    'header ce-id',
  ],
  [
    'a binary CloudEvent with an unsupported specversion',
    binaryRequest({ ...CE_ATTRIBUTES, specversion: '2.0' }, CAT_OBJECT),
    'invalid-event',
    'header ce-specversion',
  ],
  [
    'a structured CloudEvent with an unsupported specversion',
    jsonRequest({ ...CAT_EVENT, specversion: '0.1' }, STRUCTURED),
    'invalid-event',
    '/specversion',
  ],
  [
    'a structured CloudEvent without id',
    jsonRequest({ ...CAT_EVENT, id: undefined }, STRUCTURED),
    'invalid-event',
    '/id',
  ],
  [
    'a batch with one bad element: the whole batch is rejected',
    jsonRequest([CAT_EVENT, { ...CAT_EVENT, id: undefined }, CAT_EVENT], BATCH),
    'invalid-event',
    '/1/id',
  ],
  [
    'a structured CloudEvent with both data and data_base64',
    jsonRequest(
      { ...CAT_EVENT, data_base64: Buffer.from(JSON.stringify(CAT_OBJECT)).toString('base64') },
      STRUCTURED,
    ),
    'invalid-event',
    '/data_base64',
  ],
  [
    'a batch element with both data and data_base64',
    jsonRequest([CAT_EVENT, { ...CAT_EVENT, data_base64: 'e30=' }], BATCH),
    'invalid-event',
    '/1/data_base64',
  ],
  [
    'a structured CloudEvent whose data_base64 is not a string',
    jsonRequest({ ...CAT_EVENT, data: undefined, data_base64: 12 }, STRUCTURED),
    'invalid-event',
    '/data_base64',
  ],
  ['a batch that is not an array', jsonRequest(CAT_EVENT, BATCH), 'invalid-event', '/'],
  [
    'a notification with no data and no bucketId',
    pushRequest({
      attributes: { eventType: 'OBJECT_FINALIZE', payloadFormat: 'NONE', objectId: CAT_NAME },
      messageId: CAT_ID,
    }),
    'invalid-event',
    '/message/attributes/bucketId',
  ],
  [
    'a notification with no data and no objectId',
    pushRequest({
      attributes: { eventType: 'OBJECT_FINALIZE', payloadFormat: 'NONE', bucketId: CAT_BUCKET },
      messageId: CAT_ID,
    }),
    'invalid-event',
    '/message/attributes/objectId',
  ],
  [
    'a push message without messageId or message_id',
    pushRequest({ attributes: { eventType: 'OBJECT_FINALIZE' }, data: base64Json(CAT_OBJECT) }),
    'invalid-event',
    '/message/messageId',
  ],
  [
    'a push attribute that is neither a string nor an integer',
    pushRequest({
      attributes: { eventType: 'OBJECT_FINALIZE', objectGeneration: true },
      messageId: '1',
    }),
    'invalid-event',
    '/message/attributes/objectGeneration',
  ],
  [
    'notification data that is not an object resource',
    pushRequest({
      attributes: { eventType: 'OBJECT_FINALIZE' },
      data: base64Json({ kind: 'storage#object' }),
      messageId: CAT_ID,
    }),
    'invalid-event',
    '/message/data',
  ],
  [
    'an int64 field that is no integer',
    binaryRequest(CE_ATTRIBUTES, { ...CAT_OBJECT, generation: 'latest' }),
    'invalid-event',
    '/data/generation',
  ],
  [
    'a storage CloudEvent that names no bucket anywhere',
    binaryRequest({ ...CE_ATTRIBUTES, source: '//example.com/uploads' }, { name: CAT_NAME }),
    'invalid-event',
    '/data',
  ],
  [
    'a legacy object.change with an unknown resourceState',
    jsonRequest({
      eventId: CAT_ID,
      eventType: 'providers/cloud.storage/eventTypes/object.change',
      resource: `projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}`,
      data: { ...CAT_OBJECT, resourceState: 'gone' },
    }),
    'invalid-event',
    '/data/resourceState',
  ],
  [
    'a legacy event without eventId',
    jsonRequest({
      context: { eventType: 'google.storage.object.finalize', resource: 'projects/_/buckets/b' },
      data: CAT_OBJECT,
    }),
    'invalid-event',
    '/context/eventId',
  ],
  [
    'a legacy storage event without data whose resource names no object',
    jsonRequest({
      context: {
        eventId: '1',
        eventType: 'google.storage.object.finalize',
        resource: `projects/_/buckets/${CAT_BUCKET}`,
      },
    }),
    'invalid-event',
    '/data',
  ],
  [
    'a legacy storage event whose data is not an object',
    jsonRequest({
      context: {
        eventId: '1',
        eventType: 'google.storage.object.finalize',
        resource: `projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}`,
      },
      data: 'photos/cat.jpg',
    }),
    'invalid-event',
    '/data',
  ],
  [
    'a legacy Pub/Sub event without data',
    jsonRequest({
      context: {
        eventId: '1',
        eventType: 'google.pubsub.topic.publish',
        resource: 'projects/demo/topics/gcs-notifications',
      },
    }),
    'invalid-event',
    '/data',
  ],
  [
    'a legacy event of an unknown type',
    jsonRequest({
      context: { eventId: '1', eventType: 'google.firestore.document.write', resource: 'x' },
      data: {},
    }),
    'invalid-event',
    '/context/eventType',
  ],
];

describe('decodeDelivery: bad input', () => {
  test.each(BAD_INPUT)('%s', (_name, message, code, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({ code, pointer });
  });
});
