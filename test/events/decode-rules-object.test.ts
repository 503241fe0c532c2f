/**
 * The rules real traffic needs, for where the object comes from (data, source and subject of each
 * generation, legacy resource names) and awkward names: one named case each, each stating the whole
 * canonical event.
 */
import type { CanonicalEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { type Message } from '../../src/events/message';
import {
  base64Json,
  base64Push,
  binaryRequest,
  CAT_BUCKET,
  CAT_CE,
  CAT_ID,
  CAT_OBJECT,
  CAT_SOURCE,
  CAT_TIME,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  jsonRequest,
  pushRequest,
  subjectOnly,
} from '../support/decode-fixtures';

const AWKWARD_NAME = 'Fotos 2026/Katze "Mia" 猫 🐈.jpg';

const RULES: readonly (readonly [string, Message, readonly CanonicalEvent[]])[] = [
  [
    'data.bucket and data.name are preferred over source and subject',
    binaryRequest(
      {
        ...CAT_CE,
        source: '//storage.googleapis.com/projects/_/buckets/some-other-bucket',
        subject: 'objects/some/other.png',
      },
      CAT_OBJECT,
    ),
    [expectedCat()],
  ],
  [
    'fallback to the current source/subject convention',
    subjectOnly({ subject: 'objects/a/b.jpg' }),
    [expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: 'a/b.jpg' }, CAT_ID, CAT_TIME)],
  ],
  [
    'fallback to the knative-gcp 2019-2020 convention (buckets/B, raw subject)',
    subjectOnly({
      type: 'com.google.cloud.storage.object.finalize',
      source: `//storage.googleapis.com/buckets/${CAT_BUCKET}`,
      subject: 'a/b.jpg',
    }),
    [expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: 'a/b.jpg' }, CAT_ID, CAT_TIME)],
  ],
  [
    'fallback to the knative-gcp 2019-2020 convention keeps a raw name that starts with objects/',
    subjectOnly({
      type: 'com.google.cloud.storage.object.finalize',
      source: `//storage.googleapis.com/buckets/${CAT_BUCKET}`,
      subject: 'objects/a/b.jpg',
    }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: 'objects/a/b.jpg' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'fallback to the old functions-framework convention (object in source, no subject)',
    binaryRequest({
      specversion: '1.0',
      id: CAT_ID,
      source: `${CAT_SOURCE}/objects/a/b.jpg`,
      type: FINALIZED,
      time: CAT_TIME,
    }),
    [expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: 'a/b.jpg' }, CAT_ID, CAT_TIME)],
  ],
  [
    'fallback to the legacy resource name, with its #generation',
    jsonRequest({
      eventId: CAT_ID,
      timestamp: CAT_TIME,
      eventType: 'google.storage.object.finalize',
      resource: `projects/_/buckets/${CAT_BUCKET}/objects/a/b.jpg#1763632800123456`,
      data: {},
    }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: 'a/b.jpg', generation: '1763632800123456' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'a legacy event without data takes its object from the resource name: context form',
    jsonRequest({
      context: {
        eventId: CAT_ID,
        timestamp: CAT_TIME,
        eventType: 'google.storage.object.finalize',
        resource: {
          service: 'storage.googleapis.com',
          name: `projects/_/buckets/${CAT_BUCKET}/objects/a/b.jpg#1763632800123456`,
          type: 'storage#object',
        },
      },
    }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: 'a/b.jpg', generation: '1763632800123456' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'a legacy event without data takes its object from the resource name: flat form',
    jsonRequest({
      eventId: CAT_ID,
      timestamp: CAT_TIME,
      eventType: 'google.storage.object.delete',
      resource: `projects/_/buckets/${CAT_BUCKET}/objects/a/b.jpg`,
    }),
    [
      expectedStorageEvent(
        'google.cloud.storage.object.v1.deleted',
        { bucket: CAT_BUCKET, name: 'a/b.jpg' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'an object name with spaces, unicode and slashes: notification attributes',
    pushRequest({
      attributes: {
        bucketId: CAT_BUCKET,
        objectId: AWKWARD_NAME,
        eventType: 'OBJECT_FINALIZE',
        payloadFormat: 'NONE',
        eventTime: CAT_TIME,
      },
      messageId: CAT_ID,
    }),
    [expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: AWKWARD_NAME }, CAT_ID, CAT_TIME)],
  ],
  [
    'an object name with spaces, unicode and slashes: percent-encoded ce-subject',
    subjectOnly({ subject: `objects/${encodeURIComponent(AWKWARD_NAME).replace(/%2F/g, '/')}` }),
    [expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: AWKWARD_NAME }, CAT_ID, CAT_TIME)],
  ],
  [
    'an object name with spaces, unicode and slashes: Pub/Sub data',
    base64Push(base64Json({ ...CAT_OBJECT, name: AWKWARD_NAME })),
    [expectedStorageEvent(FINALIZED, { ...CAT_OBJECT, name: AWKWARD_NAME }, CAT_ID, CAT_TIME)],
  ],
];

describe('decodeDelivery: the rules real traffic needs: where the object comes from', () => {
  test.each(RULES)('%s', (_name, message, expected) => {
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual(expected);
  });
});
