/**
 * decodeDelivery over every storage event type alias of src/events/event-types.ts in every
 * generation of delivery format (Eventarc, knative-gcp 2019 and 2020, legacy Cloud Functions, a
 * Pub/Sub notification), and the legacy object.change type by resourceState, from hand-written
 * wire messages. Each case states the whole canonical event.
 */
import { EVENT_TYPE_ALIASES, type StorageEventType } from '../../src/events/event-types';
import type { Message } from '../../src/events/message';
import {
  base64Json,
  binaryRequest,
  CAT_BUCKET,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_SOURCE,
  CAT_TIME,
  DELETED,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  type FormatCase,
  gcsAttributes,
  jsonRequest,
  legacyContextRequest,
  PUBLISH_TIME,
  pushRequest,
  testFormatCases,
} from '../support/decode-fixtures';

const ARCHIVED = 'google.cloud.storage.object.v1.archived';
const METADATA_UPDATED = 'google.cloud.storage.object.v1.metadataUpdated';

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
      message: legacyContextRequest(legacy),
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

describe('decodeDelivery: every storage type alias in every generation', () => {
  testFormatCases(STORAGE_ALIAS_CASES);
});

describe('decodeDelivery: legacy object.change by resourceState', () => {
  testFormatCases(OBJECT_CHANGE_CASES);
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
