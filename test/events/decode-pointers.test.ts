/**
 * Error pointers name what the sender sent: a JSON pointer into the body where the message is JSON,
 * `/` where the body is the message data, and the header where an id or attribute arrives as a
 * header (`header x-goog-pubsub-message-id`, `header bucketid`, `header ce-bucketid`).
 */
import { DecodeError, type DecodeErrorCode } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  BATCH,
  binaryRequest,
  CAT_BUCKET,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_TIME,
  errorThrownBy,
  jsonRequest,
  prettyJson,
  STRUCTURED,
  TOPIC_SOURCE,
} from '../support/decode-fixtures';

/** A push without wrapper: metadata and attribute headers as given, the body as the data. */
function unwrapped(headers: Readonly<Record<string, string>>, body = ''): Message {
  return toMessage(
    {
      'x-goog-pubsub-subscription-name': 'projects/demo/subscriptions/worker-push',
      eventtype: 'OBJECT_FINALIZE',
      payloadformat: body === '' ? 'NONE' : 'JSON_API_V1',
      ...headers,
    },
    body,
  );
}

/** knative-gcp PullSubscription attributes (no bucket or object unless given), lower case. */
const PULL_ATTRIBUTES = {
  eventtype: 'OBJECT_FINALIZE',
  eventtime: CAT_TIME,
  payloadformat: 'NONE',
};

/** A knative-gcp PullSubscription event in binary mode: the attributes as ce-* extensions. */
function pullBinary(attributes: Readonly<Record<string, string>>, data?: string): Message {
  return binaryRequest(
    {
      specversion: '0.3',
      id: CAT_ID,
      source: TOPIC_SOURCE,
      type: 'google.pubsub.topic.publish',
      ...PULL_ATTRIBUTES,
      ...attributes,
    },
    data,
    'application/octet-stream',
  );
}

/** The same event in structured mode: the attributes as members of the event. */
function pullStructured(attributes: Readonly<Record<string, string>>): Record<string, string> {
  return {
    specversion: '1.0',
    id: CAT_ID,
    source: TOPIC_SOURCE,
    type: 'com.google.cloud.pubsub.topic.publish',
    ...PULL_ATTRIBUTES,
    ...attributes,
  };
}

/** Notification attributes of a payloadFormat NONE message that names no bucket. */
const NO_BUCKET_ATTRIBUTES = {
  eventType: 'OBJECT_FINALIZE',
  payloadFormat: 'NONE',
  objectId: CAT_NAME,
};

const POINTERS: readonly (readonly [string, Message, DecodeErrorCode, string])[] = [
  [
    'push without wrapper, no message id header',
    unwrapped({ bucketid: CAT_BUCKET, objectid: CAT_NAME }),
    'invalid-event',
    'header x-goog-pubsub-message-id',
  ],
  [
    'push without wrapper, no data and no bucketid header',
    unwrapped({ 'x-goog-pubsub-message-id': CAT_ID, objectid: CAT_NAME }),
    'invalid-event',
    'header bucketid',
  ],
  [
    'push without wrapper, no data and no objectid header',
    unwrapped({ 'x-goog-pubsub-message-id': CAT_ID, bucketid: CAT_BUCKET }),
    'invalid-event',
    'header objectid',
  ],
  [
    'push without wrapper, a body that is not JSON: the body is the data',
    unwrapped({ 'x-goog-pubsub-message-id': CAT_ID }, '{"bucket": '),
    'malformed-body',
    '/',
  ],
  [
    'push without wrapper, a body that is no object resource',
    unwrapped({ 'x-goog-pubsub-message-id': CAT_ID }, prettyJson({ kind: 'storage#object' })),
    'invalid-event',
    '/',
  ],
  [
    'push without wrapper, an int64 field of the body that is no integer',
    unwrapped(
      { 'x-goog-pubsub-message-id': CAT_ID },
      prettyJson({ ...CAT_OBJECT, generation: 'latest' }),
    ),
    'invalid-event',
    '/generation',
  ],
  [
    'knative-gcp PullSubscription binary, no data and no ce-bucketid',
    pullBinary({ objectid: CAT_NAME }),
    'invalid-event',
    'header ce-bucketid',
  ],
  [
    'knative-gcp PullSubscription binary, no data and no ce-objectid',
    pullBinary({ bucketid: CAT_BUCKET }),
    'invalid-event',
    'header ce-objectid',
  ],
  [
    'knative-gcp PullSubscription binary, raw data that is no object resource',
    pullBinary({}, prettyJson({ kind: 'storage#object' })),
    'invalid-event',
    '/data',
  ],
  [
    'knative-gcp PullSubscription structured, no data and no bucketid member',
    jsonRequest(pullStructured({ objectid: CAT_NAME }), STRUCTURED),
    'invalid-event',
    '/bucketid',
  ],
  [
    'knative-gcp PullSubscription in a batch, no data and no objectid member',
    jsonRequest(
      [
        pullStructured({ bucketid: CAT_BUCKET, objectid: CAT_NAME }),
        pullStructured({ bucketid: CAT_BUCKET }),
      ],
      BATCH,
    ),
    'invalid-event',
    '/1/objectid',
  ],
  [
    'messagePublished data, no data and no bucketId attribute',
    binaryRequest(
      {
        specversion: '1.0',
        id: CAT_ID,
        source: TOPIC_SOURCE,
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
      },
      { message: { attributes: NO_BUCKET_ATTRIBUTES, messageId: CAT_ID } },
    ),
    'invalid-event',
    '/data/message/attributes/bucketId',
  ],
  [
    'eventing-contrib Go struct, Data that is no object resource',
    binaryRequest(
      { specversion: '0.2', id: CAT_ID, source: TOPIC_SOURCE, type: 'google.pubsub.topic.publish' },
      {
        ID: CAT_ID,
        Data: Buffer.from(prettyJson({ kind: 'storage#object' })).toString('base64'),
        Attributes: { eventType: 'OBJECT_FINALIZE' },
      },
    ),
    'invalid-event',
    '/data/Data',
  ],
  [
    'eventing-contrib Go struct, no Data and no objectId attribute',
    binaryRequest(
      { specversion: '0.2', id: CAT_ID, source: TOPIC_SOURCE, type: 'google.pubsub.topic.publish' },
      {
        ID: CAT_ID,
        Data: null,
        Attributes: { eventType: 'OBJECT_FINALIZE', bucketId: CAT_BUCKET },
      },
    ),
    'invalid-event',
    '/data/Attributes/objectId',
  ],
  [
    'legacy Pub/Sub event, no data and no bucketId attribute',
    jsonRequest({
      context: {
        eventId: CAT_ID,
        eventType: 'google.pubsub.topic.publish',
        resource: 'projects/demo/topics/gcs-notifications',
      },
      data: { attributes: { eventType: 'OBJECT_FINALIZE', objectId: CAT_NAME } },
    }),
    'invalid-event',
    '/data/attributes/bucketId',
  ],
];

describe('decodeDelivery: error pointers name what the sender sent', () => {
  test.each(POINTERS)('%s', (_name, message, code, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({ code, pointer });
  });
});
