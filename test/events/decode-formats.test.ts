/**
 * decodeDelivery over every delivery format and every type alias of src/events/event-types.ts, from
 * hand-written wire messages (FORMATS.md §2 to §8). Each case states the whole canonical event.
 */
import type { CanonicalEvent, DeliveryFormat } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { EVENT_TYPE_ALIASES, type StorageEventType } from '../../src/events/event-types';
import type { Message } from '../../src/events/message';
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
  CAT_TIME,
  DELETED,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  gcsAttributes,
  jsonRequest,
  prettyJson,
  pushRequest,
  STRUCTURED,
  TOPIC_SOURCE,
} from '../support/decode-fixtures';

const ARCHIVED = 'google.cloud.storage.object.v1.archived';
const METADATA_UPDATED = 'google.cloud.storage.object.v1.metadataUpdated';
const PUBLISH_TIME = '2026-11-20T10:00:00.25Z';

interface FormatCase {
  readonly name: string;
  readonly message: Message;
  readonly format: DeliveryFormat;
  readonly expected: readonly CanonicalEvent[];
}

function eventarcBinary(type: string): Message {
  return binaryRequest(
    {
      specversion: '1.0',
      id: CAT_ID,
      source: CAT_SOURCE,
      type,
      subject: `objects/${CAT_NAME}`,
      time: CAT_TIME,
      bucket: CAT_BUCKET,
    },
    CAT_OBJECT,
    'application/json; charset=utf-8',
  );
}

function knativeGcpBinary(specversion: '1.0' | '0.3', type: string): Message {
  return binaryRequest(
    {
      specversion,
      id: CAT_ID,
      source: `//storage.googleapis.com/buckets/${CAT_BUCKET}`,
      type,
      subject: CAT_NAME,
      time: CAT_TIME,
      notificationconfig: `projects/_/buckets/${CAT_BUCKET}/notificationConfigs/3`,
      objectgeneration: '1763632800123456',
      payloadformat: 'JSON_API_V1',
    },
    CAT_OBJECT,
  );
}

function legacyContext(eventType: string): Message {
  return jsonRequest({
    context: {
      eventId: CAT_ID,
      timestamp: CAT_TIME,
      eventType,
      resource: {
        service: 'storage.googleapis.com',
        name: `projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}`,
        type: 'storage#object',
      },
    },
    data: CAT_OBJECT,
  });
}

function objectChange(resourceState: string | undefined): Message {
  return jsonRequest({
    eventId: CAT_ID,
    timestamp: CAT_TIME,
    eventType: 'providers/cloud.storage/eventTypes/object.change',
    resource: `projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}#1763632800123456`,
    data: { ...CAT_OBJECT, ...(resourceState === undefined ? {} : { resourceState }) },
  });
}

function notificationPush(eventType: string): Message {
  return pushRequest({
    attributes: gcsAttributes(eventType, CAT_OBJECT),
    data: base64Json(CAT_OBJECT),
    messageId: CAT_ID,
    publishTime: PUBLISH_TIME,
  });
}

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

const STORAGE_TYPES: readonly (readonly [StorageEventType, string, string, string])[] = [
  // canonical, notification eventType, knative-gcp 2019-10..2020-06, 2019 and legacy GCF
  [
    FINALIZED,
    'OBJECT_FINALIZE',
    'com.google.cloud.storage.object.finalize',
    'google.storage.object.finalize',
  ],
  [
    DELETED,
    'OBJECT_DELETE',
    'com.google.cloud.storage.object.delete',
    'google.storage.object.delete',
  ],
  [
    ARCHIVED,
    'OBJECT_ARCHIVE',
    'com.google.cloud.storage.object.archive',
    'google.storage.object.archive',
  ],
  [
    METADATA_UPDATED,
    'OBJECT_METADATA_UPDATE',
    'com.google.cloud.storage.object.metadataUpdate',
    'google.storage.object.metadataUpdate',
  ],
];

const STORAGE_ALIAS_CASES: readonly FormatCase[] = STORAGE_TYPES.flatMap(
  ([type, notification, knativeGcp2020, legacy]): FormatCase[] => [
    {
      name: `Eventarc binary CloudEvent ${type}`,
      message: eventarcBinary(type),
      format: 'cloudevent-binary',
      expected: [expectedCat(type)],
    },
    {
      name: `knative-gcp 2020 binary CloudEvent 1.0 ${knativeGcp2020}`,
      message: knativeGcpBinary('1.0', knativeGcp2020),
      format: 'cloudevent-binary',
      expected: [expectedCat(type)],
    },
    {
      name: `knative-gcp 2019 binary CloudEvent 0.3 ${legacy}`,
      message: knativeGcpBinary('0.3', legacy),
      format: 'cloudevent-binary',
      expected: [expectedCat(type)],
    },
    {
      name: `legacy Cloud Functions context form ${legacy}`,
      message: legacyContext(legacy),
      format: 'gcf-legacy',
      expected: [expectedCat(type)],
    },
    {
      name: `Pub/Sub push notification eventType ${notification}`,
      message: notificationPush(notification),
      format: 'pubsub-push',
      expected: [expectedCat(type)],
    },
  ],
);

const OBJECT_CHANGE_CASES: readonly FormatCase[] = [
  {
    name: 'legacy object.change with resourceState exists is finalized',
    message: objectChange('exists'),
    format: 'gcf-legacy',
    expected: [
      expectedStorageEvent(FINALIZED, { ...CAT_OBJECT, resourceState: 'exists' }, CAT_ID, CAT_TIME),
    ],
  },
  {
    name: 'legacy object.change with resourceState not_exists is deleted',
    message: objectChange('not_exists'),
    format: 'gcf-legacy',
    expected: [
      expectedStorageEvent(
        DELETED,
        { ...CAT_OBJECT, resourceState: 'not_exists' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  },
  {
    name: 'legacy object.change without resourceState is finalized',
    message: objectChange(undefined),
    format: 'gcf-legacy',
    expected: [expectedCat(FINALIZED)],
  },
];

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

const OTHER_FORMAT_CASES: readonly FormatCase[] = [
  {
    name: 'Pub/Sub push without wrapper, with metadata headers',
    message: {
      headers: {
        'x-goog-pubsub-subscription-name': 'projects/demo/subscriptions/worker-push',
        'x-goog-pubsub-message-id': CAT_ID,
        'x-goog-pubsub-publish-time': PUBLISH_TIME,
        ...Object.fromEntries(
          Object.entries(gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT)).map(([name, value]) => [
            name.toLowerCase(),
            value,
          ]),
        ),
      },
      body: Buffer.from(prettyJson(CAT_OBJECT), 'utf8'),
    },
    format: 'pubsub-push-unwrapped',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'CloudEvent structured mode',
    message: jsonRequest(CAT_EVENT, STRUCTURED),
    format: 'cloudevent-structured',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'CloudEvents batch of two events, one per element in order',
    message: jsonRequest(
      [
        CAT_EVENT,
        {
          ...CAT_EVENT,
          id: '99',
          type: DELETED,
          subject: 'objects/old.png',
          data: { bucket: CAT_BUCKET, name: 'old.png' },
        },
      ],
      BATCH,
    ),
    format: 'cloudevent-batch',
    expected: [
      expectedCat(FINALIZED),
      expectedStorageEvent(DELETED, { bucket: CAT_BUCKET, name: 'old.png' }, '99', CAT_TIME),
    ],
  },
];

describe('decodeDelivery: every storage type alias in every generation', () => {
  test.each(STORAGE_ALIAS_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decoded = decodeDelivery(c.message);
    expect(decoded.format).toBe(c.format);
    expect(decoded.events.map((e) => e.event)).toEqual(c.expected);
  });
});

describe('decodeDelivery: legacy object.change by resourceState', () => {
  test.each(OBJECT_CHANGE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decoded = decodeDelivery(c.message);
    expect(decoded.format).toBe(c.format);
    expect(decoded.events.map((e) => e.event)).toEqual(c.expected);
  });
});

describe('decodeDelivery: Pub/Sub-backed events', () => {
  test.each(PUBSUB_BACKED_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decoded = decodeDelivery(c.message);
    expect(decoded.format).toBe(c.format);
    expect(decoded.events.map((e) => e.event)).toEqual(c.expected);
  });
});

describe('decodeDelivery: the other formats', () => {
  test.each(OTHER_FORMAT_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decoded = decodeDelivery(c.message);
    expect(decoded.format).toBe(c.format);
    expect(decoded.events.map((e) => e.event)).toEqual(c.expected);
  });
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
      legacyContext('google.storage.object.finalize'),
      { format: 'gcf-legacy', id: CAT_ID },
    ],
  ] as const)('%s', (_name, message, delivery) => {
    expect(decodeDelivery(message).events.map((e) => e.delivery)).toEqual([delivery]);
  });
});

describe('the cases above cover the alias table', () => {
  test('every name in EVENT_TYPE_ALIASES has a case', () => {
    const covered = [
      ...STORAGE_TYPES.flat(),
      'providers/cloud.storage/eventTypes/object.change',
      'google.cloud.pubsub.topic.v1.messagePublished',
      'com.google.cloud.pubsub.topic.publish',
      'google.pubsub.topic.publish',
      'providers/cloud.pubsub/eventTypes/topic.publish',
    ];
    expect([...new Set(covered)].sort()).toEqual(Object.keys(EVENT_TYPE_ALIASES).sort());
  });
});
