/**
 * decodeDelivery over the Pub/Sub-backed events (Eventarc and knative-gcp messagePublished, a
 * notification wrapped in each) and what the transport said (message id, subscription, delivery
 * attempt), from hand-written wire messages. Each case states the whole canonical event.
 */
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import {
  base64Json,
  binaryRequest,
  CAT_BUCKET,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_TIME,
  expectedCat,
  FINALIZED,
  type FormatCase,
  gcsAttributes,
  jsonRequest,
  legacyContextRequest,
  prettyJson,
  PUBLISH_TIME,
  testFormatCases,
  TOPIC_SOURCE,
} from '../support/decode-fixtures';

/** The notification message as the Pub/Sub-backed formats wrap it (camelCase only). */
const NOTIFICATION_MESSAGE = {
  attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
  data: base64Json(CAT_OBJECT),
  messageId: CAT_ID,
  publishTime: PUBLISH_TIME,
};

function pubSubBackedBinary(type: string, data: unknown, extra: Record<string, string> = {}) {
  return binaryRequest(
    { specversion: '1.0', id: CAT_ID, source: TOPIC_SOURCE, type, time: PUBLISH_TIME, ...extra },
    data,
  );
}

const PUBSUB_BACKED_CASES: readonly FormatCase[] = [
  {
    name: 'Eventarc messagePublished wrapping a notification',
    message: pubSubBackedBinary('google.cloud.pubsub.topic.v1.messagePublished', {
      message: NOTIFICATION_MESSAGE,
      subscription: 'projects/demo/subscriptions/eventarc-us-central1-trigger-sub-270',
    }),
    format: 'cloudevent-binary',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'knative-gcp 2020 com.google.cloud.pubsub.topic.publish push mode wrapping a notification',
    message: pubSubBackedBinary(
      'com.google.cloud.pubsub.topic.publish',
      { subscription: 'cre-pull-7d2c1b', message: NOTIFICATION_MESSAGE },
      { knativecemode: 'push' },
    ),
    format: 'cloudevent-binary',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'knative-gcp 2019 google.pubsub.topic.publish 0.3 with raw data and attribute extensions',
    message: binaryRequest(
      {
        specversion: '0.3',
        id: CAT_ID,
        source: TOPIC_SOURCE,
        type: 'google.pubsub.topic.publish',
        time: PUBLISH_TIME,
        knativecemode: 'binary',
        bucketid: CAT_BUCKET,
        objectid: CAT_NAME,
        objectgeneration: '1763632800123456',
        eventtype: 'OBJECT_FINALIZE',
        eventtime: CAT_TIME,
        payloadformat: 'JSON_API_V1',
      },
      prettyJson(CAT_OBJECT),
    ),
    format: 'cloudevent-binary',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'legacy Cloud Functions google.pubsub.topic.publish wrapping a notification',
    message: jsonRequest({
      context: {
        eventId: CAT_ID,
        timestamp: PUBLISH_TIME,
        eventType: 'google.pubsub.topic.publish',
        resource: {
          service: 'pubsub.googleapis.com',
          name: 'projects/demo/topics/gcs-notifications',
          type: 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
        },
      },
      data: {
        '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
        attributes: NOTIFICATION_MESSAGE.attributes,
        data: NOTIFICATION_MESSAGE.data,
      },
    }),
    format: 'gcf-legacy',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'legacy Cloud Functions providers/cloud.pubsub topic.publish flat form wrapping a notification',
    message: jsonRequest({
      eventId: CAT_ID,
      timestamp: PUBLISH_TIME,
      eventType: 'providers/cloud.pubsub/eventTypes/topic.publish',
      resource: 'projects/demo/topics/gcs-notifications',
      data: {
        '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
        attributes: NOTIFICATION_MESSAGE.attributes,
        data: NOTIFICATION_MESSAGE.data,
      },
    }),
    format: 'gcf-legacy',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'Eventarc messagePublished wrapping a message that is no notification',
    message: binaryRequest(
      {
        specversion: '1.0',
        id: '4242',
        source: '//pubsub.googleapis.com/projects/demo/topics/orders',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        time: '2026-11-20T11:00:00.5Z',
      },
      {
        message: {
          attributes: { origin: 'billing' },
          data: 'aGVsbG8=',
          messageId: '4242',
          publishTime: '2026-11-20T11:00:00.5Z',
        },
        subscription: 'projects/demo/subscriptions/orders-sub',
      },
    ),
    format: 'cloudevent-binary',
    expected: [
      {
        specversion: '1.0',
        id: '4242',
        source: '//pubsub.googleapis.com/projects/demo/topics/orders',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        time: '2026-11-20T11:00:00.5Z',
        datacontenttype: 'application/json',
        data: {
          message: {
            attributes: { origin: 'billing' },
            data: 'aGVsbG8=',
            messageId: '4242',
            publishTime: '2026-11-20T11:00:00.5Z',
          },
          subscription: 'projects/demo/subscriptions/orders-sub',
        },
      },
    ],
  },
];

describe('decodeDelivery: Pub/Sub-backed events', () => {
  testFormatCases(PUBSUB_BACKED_CASES);
});

describe('decodeDelivery: what the transport said (delivery info)', () => {
  test.each([
    [
      'a push body: the message id, the full subscription and the delivery attempt',
      jsonRequest({
        message: NOTIFICATION_MESSAGE,
        subscription: 'projects/demo/subscriptions/worker-push',
        deliveryAttempt: 3,
      }),
      {
        format: 'pubsub-push',
        id: CAT_ID,
        attempt: 3,
        subscription: 'projects/demo/subscriptions/worker-push',
      },
    ],
    [
      'knative-gcp messagePublished: the bare subscription id from the data',
      pubSubBackedBinary('com.google.cloud.pubsub.topic.publish', {
        subscription: 'cre-pull-7d2c1b',
        message: NOTIFICATION_MESSAGE,
      }),
      { format: 'cloudevent-binary', id: CAT_ID, subscription: 'cre-pull-7d2c1b' },
    ],
    [
      'a legacy event: the eventId',
      legacyContextRequest('google.storage.object.finalize'),
      { format: 'gcf-legacy', id: CAT_ID },
    ],
  ] as const)('%s', (_name, message, delivery) => {
    expect(decodeDelivery(message).events.map((e) => e.delivery)).toEqual([delivery]);
  });
});
