/**
 * The rules real traffic needs (DESIGN 3.2 "Rules that real traffic needs"; FORMATS.md §1, §10),
 * one named case each, each stating the whole canonical event.
 */
import type { CanonicalEvent, StorageObjectData } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { DecodeError } from '../../src/errors';
import { toMessage, type Message } from '../../src/events/message';
import {
  base64Json,
  binaryRequest,
  CAT_BUCKET,
  CAT_EVENT,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_TIME,
  errorThrownBy,
  expectedStorageEvent,
  jsonRequest,
  prettyJson,
  pushRequest,
} from '../fixtures/events/fixtures';

const FINALIZED = 'google.cloud.storage.object.v1.finalized';
const CURRENT_SOURCE = `//storage.googleapis.com/projects/_/buckets/${CAT_BUCKET}`;
const CAT = expectedStorageEvent(FINALIZED, CAT_OBJECT, CAT_ID, CAT_TIME);

/** Binary-mode storage event attributes of the current generation, for the cat photo. */
const CAT_CE = {
  specversion: '1.0',
  id: CAT_ID,
  source: CURRENT_SOURCE,
  type: FINALIZED,
  subject: `objects/${CAT_NAME}`,
  time: CAT_TIME,
};

/** Notification attributes without eventTime, so the time comes from the publish time. */
const ATTRIBUTES_WITHOUT_EVENT_TIME = {
  eventType: 'OBJECT_FINALIZE',
  payloadFormat: 'JSON_API_V1',
  bucketId: CAT_BUCKET,
  objectId: CAT_NAME,
};

/** An object whose JSON gives base64 with `+`, `/` and padding in the standard alphabet. */
const BASE64_OBJECT: StorageObjectData = { ...CAT_OBJECT, metadata: { note: '>>>???~~~ÿÿ' } };
const STANDARD = base64Json(BASE64_OBJECT);
const URL_SAFE = base64Json(BASE64_OBJECT, 'base64url');

function base64Push(data: string): Message {
  return pushRequest({
    attributes: { ...ATTRIBUTES_WITHOUT_EVENT_TIME, eventTime: CAT_TIME },
    data,
    messageId: CAT_ID,
  });
}

function idAndTimePush(fields: Readonly<Record<string, string>>): Message {
  return pushRequest({
    attributes: ATTRIBUTES_WITHOUT_EVENT_TIME,
    data: base64Json(CAT_OBJECT),
    ...fields,
  });
}

/** An object name from a binary event with no body: the subject is all there is. */
function subjectOnly(attributes: Readonly<Record<string, string>>): Message {
  return binaryRequest({ ...CAT_CE, ...attributes });
}

const AWKWARD_NAME = 'Fotos 2026/Katze "Mia" 猫 🐈.jpg';

const RULES: readonly (readonly [string, Message, readonly CanonicalEvent[]])[] = [
  [
    'media types compare case-insensitively and carry parameters: structured',
    jsonRequest(CAT_EVENT, { 'Content-Type': 'Application/CloudEvents+JSON; Charset=UTF-8' }),
    [CAT],
  ],
  [
    'media types compare case-insensitively and carry parameters: batch',
    jsonRequest([CAT_EVENT], {
      'Content-Type': 'APPLICATION/CLOUDEVENTS-BATCH+JSON; charset=utf-8',
    }),
    [CAT],
  ],
  [
    'media types compare case-insensitively and carry parameters: binary-mode data',
    binaryRequest(CAT_CE, CAT_OBJECT, 'Application/JSON ; Charset="UTF-8"'),
    [CAT],
  ],
  [
    'header names are case-insensitive: binary mode',
    toMessage(
      {
        'CE-SpecVersion': '1.0',
        'Ce-Id': CAT_ID,
        'CE-SOURCE': CURRENT_SOURCE,
        'ce-Type': FINALIZED,
        'Ce-Subject': `objects/${CAT_NAME}`,
        'CE-TIME': CAT_TIME,
        'CONTENT-TYPE': 'application/json',
      },
      JSON.stringify(CAT_OBJECT),
    ),
    [CAT],
  ],
  [
    'header names are case-insensitive: push without wrapper, attributes as Go canonicalises them',
    toMessage({
      'X-Goog-Pubsub-Message-Id': CAT_ID,
      'X-Goog-Pubsub-Subscription-Name': 'projects/demo/subscriptions/worker-push',
      'X-Goog-Pubsub-Publish-Time': '2026-11-20T10:00:00.2Z',
      Bucketid: CAT_BUCKET,
      OBJECTID: CAT_NAME,
      ObjectGeneration: '1763632800123456',
      eventType: 'OBJECT_FINALIZE',
      Payloadformat: 'NONE',
    }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: CAT_NAME, generation: '1763632800123456' },
        CAT_ID,
        '2026-11-20T10:00:00.2Z',
      ),
    ],
  ],
  [
    'ce-* values are percent-decoded exactly once (%2525 is %25)',
    subjectOnly({ subject: 'objects/sale/100%2525%20off%E2%80%94%E7%8C%AB.jpg' }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: 'sale/100%25 off—猫.jpg' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'ce-* values in double quotes (CloudEvents 0.1/0.2 senders) are unquoted',
    binaryRequest(
      {
        specversion: '"1.0"',
        id: `"${CAT_ID}"`,
        source: `"${CURRENT_SOURCE}"`,
        type: `"${FINALIZED}"`,
        subject: `"objects/${CAT_NAME}"`,
        time: `"${CAT_TIME}"`,
      },
      CAT_OBJECT,
    ),
    [CAT],
  ],
  [
    'base64 in the standard alphabet with padding',
    base64Push(STANDARD),
    [expectedStorageEvent(FINALIZED, BASE64_OBJECT, CAT_ID, CAT_TIME)],
  ],
  [
    'base64 in the standard alphabet without padding',
    base64Push(STANDARD.replace(/=+$/, '')),
    [expectedStorageEvent(FINALIZED, BASE64_OBJECT, CAT_ID, CAT_TIME)],
  ],
  [
    'base64 in the URL-safe alphabet with padding',
    base64Push(URL_SAFE),
    [expectedStorageEvent(FINALIZED, BASE64_OBJECT, CAT_ID, CAT_TIME)],
  ],
  [
    'base64 in the URL-safe alphabet without padding',
    base64Push(URL_SAFE.replace(/=+$/, '')),
    [expectedStorageEvent(FINALIZED, BASE64_OBJECT, CAT_ID, CAT_TIME)],
  ],
  [
    'messageId alone',
    idAndTimePush({ messageId: '11', publishTime: '2026-11-20T10:00:00.3Z' }),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, '11', '2026-11-20T10:00:00.3Z')],
  ],
  [
    'message_id alone',
    idAndTimePush({ message_id: '12', publishTime: '2026-11-20T10:00:00.3Z' }),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, '12', '2026-11-20T10:00:00.3Z')],
  ],
  [
    'messageId and message_id together',
    idAndTimePush({ messageId: '13', message_id: '13', publishTime: '2026-11-20T10:00:00.3Z' }),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, '13', '2026-11-20T10:00:00.3Z')],
  ],
  [
    'publish_time alone',
    idAndTimePush({ messageId: '14', publish_time: '2026-11-20T10:00:00.4Z' }),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, '14', '2026-11-20T10:00:00.4Z')],
  ],
  [
    'publishTime and publish_time together',
    idAndTimePush({
      messageId: '15',
      publishTime: '2026-11-20T10:00:00.5Z',
      publish_time: '2026-11-20T10:00:00.5Z',
    }),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, '15', '2026-11-20T10:00:00.5Z')],
  ],
  [
    'no publish time at all (the Pub/Sub emulator): no time',
    idAndTimePush({ messageId: '16' }),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, '16')],
  ],
  [
    'int64 fields sent as JSON numbers above 2^53 stay exact decimal strings: structured',
    jsonRequest(
      `{"specversion":"1.0","id":"${CAT_ID}","source":"${CURRENT_SOURCE}","type":"${FINALIZED}",` +
        `"data":{"bucket":"${CAT_BUCKET}","name":"big.bin","generation":1700000000000000123,` +
        `"metageneration": 9007199254740993 ,"size":[1][0]}}`.replace('[1][0]', '12'),
      { 'Content-Type': 'application/cloudevents+json' },
    ),
    [
      expectedStorageEvent(
        FINALIZED,
        {
          bucket: CAT_BUCKET,
          name: 'big.bin',
          generation: '1700000000000000123',
          metageneration: '9007199254740993',
          size: '12',
        },
        CAT_ID,
      ),
    ],
  ],
  [
    'int64 fields sent as JSON numbers above 2^53 stay exact decimal strings: Pub/Sub data',
    base64Push(
      Buffer.from(
        `{"bucket":"${CAT_BUCKET}","name":"big.bin","generation":1700000000000000123}`,
      ).toString('base64'),
    ),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: 'big.bin', generation: '1700000000000000123' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'numbers with fractions or exponents next to a big integer stay numbers; one a double would round to an integer (0) keeps its literal text',
    binaryRequest(
      CAT_CE,
      `{"bucket":"${CAT_BUCKET}","name":"${CAT_NAME}","generation":1700000000000000123,` +
        `"metadata":{"score":0.30000000000000004,"ratio":1.5e-12345678901234567,"ok":[1,2]}}`,
    ),
    [
      expectedStorageEvent(
        FINALIZED,
        {
          bucket: CAT_BUCKET,
          name: CAT_NAME,
          generation: '1700000000000000123',
          metadata: {
            score: 0.30000000000000004,
            ratio: { rawJSON: '1.5e-12345678901234567' },
            ok: [1, 2],
          },
        },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'an empty body is no data, not {}: an event of another type keeps data null',
    binaryRequest({
      specversion: '1.0',
      id: '7',
      source: '//example.com/x',
      type: 'com.example.ping',
    }),
    [
      {
        specversion: '1.0',
        id: '7',
        source: '//example.com/x',
        type: 'com.example.ping',
        datacontenttype: 'application/json',
        data: null,
      },
    ],
  ],
  [
    'an empty body is no data, not {}: a storage event takes its object from source and subject',
    subjectOnly({}),
    [expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: CAT_NAME }, CAT_ID, CAT_TIME)],
  ],
  [
    'an empty body is no data, not {}: a push without wrapper (payloadFormat NONE)',
    toMessage({
      'x-goog-pubsub-message-id': '21',
      bucketid: CAT_BUCKET,
      objectid: CAT_NAME,
      eventtype: 'OBJECT_DELETE',
      eventtime: CAT_TIME,
      payloadformat: 'NONE',
    }),
    [
      expectedStorageEvent(
        'google.cloud.storage.object.v1.deleted',
        { bucket: CAT_BUCKET, name: CAT_NAME },
        '21',
        CAT_TIME,
      ),
    ],
  ],
  [
    'a time without a zone is accepted and kept verbatim',
    binaryRequest({ ...CAT_CE, time: '2020-08-16T13:58:54.471765' }, CAT_OBJECT),
    [expectedStorageEvent(FINALIZED, CAT_OBJECT, CAT_ID, '2020-08-16T13:58:54.471765')],
  ],
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
    [CAT],
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
      source: `${CURRENT_SOURCE}/objects/a/b.jpg`,
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

describe('decodeDelivery: the rules real traffic needs', () => {
  test.each(RULES)('%s', (_name, message, expected) => {
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual(expected);
  });

  test('the base64 fixture has +, / and padding, so the two alphabets differ', () => {
    expect(STANDARD).toMatch(/[+/]/);
    expect(STANDARD).toMatch(/=$/);
    expect(URL_SAFE).not.toBe(STANDARD);
  });

  test('base64 is decoded exactly once: double-encoded data is malformed', () => {
    const twice = Buffer.from(base64Json(CAT_OBJECT), 'utf8').toString('base64');
    expect(() => decodeDelivery(base64Push(twice))).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(base64Push(twice)))).toMatchObject({
      code: 'malformed-body',
      pointer: '/message/data',
    });
  });

  test('raw Pub/Sub bytes that are not base64 are not decoded at all (unwrapped body)', () => {
    const text = prettyJson(CAT_OBJECT);
    const message = toMessage(
      {
        'x-goog-pubsub-message-id': CAT_ID,
        bucketid: CAT_BUCKET,
        objectid: CAT_NAME,
        eventtype: 'OBJECT_FINALIZE',
        eventtime: CAT_TIME,
      },
      text,
    );
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual([CAT]);
  });
});
