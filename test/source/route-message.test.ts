/**
 * The source's mapping, message → binary-mode CloudEvent (docs/pubsub-source.md): what it sends
 * decodes, in the worker's own decoder, to the same canonical event as Eventarc's delivery of the
 * notification and as the Pub/Sub push of the same message, for JSON_API_V1 and payload NONE, with
 * object names that need percent-encoding in a header. Messages that are no notification of the
 * bucket are skipped; broken notifications go to the dead-letter topic.
 */
import type { StorageObjectData } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { headerValue, type Message } from '../../src/events/message';
import type { PubSubMessage } from '../../src/events/pubsub-message';
import { routeMessage, type MessageRoute } from '../../src/source/route-message';
import {
  binaryRequest,
  CAT_BUCKET,
  CAT_ID,
  CAT_OBJECT,
  CAT_TIME,
  expectedStorageEvent,
  gcsAttributes,
  prettyJson,
  pushRequest,
} from '../support/decode-fixtures';

const FINALIZED = 'google.cloud.storage.object.v1.finalized';
const OPTIONS = { bucket: CAT_BUCKET, extensions: {} };
const PUBLISH_TIME = '2026-11-20T10:00:00.25Z';

/** A notification as the subscription delivers it (JSON_API_V1 unless `payloadFormat` NONE). */
function notification(
  object: StorageObjectData,
  payloadFormat: 'JSON_API_V1' | 'NONE' = 'JSON_API_V1',
  eventType = 'OBJECT_FINALIZE',
): PubSubMessage {
  return {
    messageId: CAT_ID,
    publishTime: PUBLISH_TIME,
    attributes: gcsAttributes(eventType, object, { payloadFormat }),
    data: payloadFormat === 'NONE' ? undefined : Buffer.from(prettyJson(object), 'utf8'),
  };
}

/**
 * Eventarc's own binary-mode delivery of the same notification, written by hand.
 *
 * @see https://cloud.google.com/eventarc/docs/event-format
 */
function eventarcDelivery(object: StorageObjectData): Message {
  return binaryRequest(
    {
      specversion: '1.0',
      id: CAT_ID,
      source: `//storage.googleapis.com/projects/_/buckets/${encodeURIComponent(object.bucket)}`,
      type: FINALIZED,
      subject: `objects/${encodeURIComponent(object.name)}`,
      time: CAT_TIME,
      bucket: object.bucket,
    },
    object,
    'application/json; charset=utf-8',
  );
}

/** The push of the same message (what Cloud Run receives), wrapped. */
function pushDelivery(message: PubSubMessage): Message {
  return pushRequest({
    messageId: message.messageId,
    publishTime: message.publishTime,
    attributes: message.attributes,
    ...(message.data === undefined ? {} : { data: message.data.toString('base64') }),
  });
}

function sent(route: MessageRoute): Extract<MessageRoute, { kind: 'send' }> {
  if (route.kind !== 'send') throw new Error(`expected a send, got ${route.kind}: ${route.reason}`);
  return route;
}

function decoded(message: Message) {
  const { events } = decodeDelivery(message);
  expect(events).toHaveLength(1);
  return events[0]!.event;
}

const NAMES: readonly (readonly [string, string])[] = [
  ['a plain name', 'photos/cat.jpg'],
  ['spaces', 'holiday photos/cat on the beach.jpg'],
  ['non-ASCII letters', 'fotos/Katze über Straße — 猫.jpg'],
  ['a percent sign and an escape lookalike', 'raw/100% cat %20 %zz.jpg'],
  ['double quotes and a backslash', 'q/"quoted" \\ name.png'],
  ['an emoji (astral plane)', 'emoji/🐈‍⬛ black cat.webp'],
  ['reserved URL characters', 'a?b#c&d=e+f;g,h@i:j.jpg'],
];

describe.each(NAMES)('an object name with %s', (_title, name) => {
  const object: StorageObjectData = { ...CAT_OBJECT, name };
  const expected = expectedStorageEvent(FINALIZED, object, CAT_ID, CAT_TIME);

  test('JSON_API_V1: the same canonical event as Eventarc and the push deliver', () => {
    const route = sent(routeMessage(notification(object), OPTIONS));
    expect(route.event).toEqual(expected);
    expect(decoded(route.request)).toEqual(expected);
    expect(decoded(eventarcDelivery(object))).toEqual(expected);
    expect(decoded(pushDelivery(notification(object)))).toEqual(expected);
  });

  test('payload NONE: the object from the attributes, as the push decodes it', () => {
    const message = notification(object, 'NONE');
    const route = sent(routeMessage(message, OPTIONS));
    const attributesOnly = { bucket: object.bucket, name, generation: object.generation! };
    const expectedNone = expectedStorageEvent(FINALIZED, attributesOnly, CAT_ID, CAT_TIME);
    expect(route.event).toEqual(expectedNone);
    expect(decoded(route.request)).toEqual(expectedNone);
    expect(decoded(pushDelivery(message))).toEqual(expectedNone);
  });

  test('every ce-* header is printable ASCII (percent-encoded as CloudEvents 1.0.2 requires)', () => {
    const { request } = sent(routeMessage(notification(object), OPTIONS));
    const subject = headerValue(request, 'ce-subject') ?? '';
    expect(subject).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(subject)).toBe(`objects/${name}`);
  });
});

test('the request is Eventarc binary mode: its headers and its body, the object resource', () => {
  const { request } = sent(routeMessage(notification(CAT_OBJECT), OPTIONS));
  expect(request.headers).toEqual({
    'content-type': 'application/json; charset=utf-8',
    'ce-specversion': '1.0',
    'ce-id': CAT_ID,
    'ce-source': `//storage.googleapis.com/projects/_/buckets/${CAT_BUCKET}`,
    'ce-type': FINALIZED,
    'ce-subject': 'objects/photos/cat.jpg',
    'ce-time': CAT_TIME,
    'ce-bucket': CAT_BUCKET,
  });
  expect(JSON.parse(request.body.toString('utf8'))).toEqual(CAT_OBJECT);
});

test.each([
  ['OBJECT_METADATA_UPDATE', 'google.cloud.storage.object.v1.metadataUpdated'],
  ['OBJECT_DELETE', 'google.cloud.storage.object.v1.deleted'],
  ['OBJECT_ARCHIVE', 'google.cloud.storage.object.v1.archived'],
])('a %s notification is sent as %s (the Trigger filters types)', (eventType, type) => {
  const route = sent(routeMessage(notification(CAT_OBJECT, 'JSON_API_V1', eventType), OPTIONS));
  expect(headerValue(route.request, 'ce-type')).toBe(type);
  expect(decoded(route.request).type).toBe(type);
});

test('K_CE_OVERRIDES extensions are added as ce-* headers and leave the canonical event as it is', () => {
  const extensions = { cluster: 'east 1', team: 'vision' };
  const route = sent(routeMessage(notification(CAT_OBJECT), { ...OPTIONS, extensions }));
  expect(headerValue(route.request, 'ce-cluster')).toBe('east%201');
  expect(headerValue(route.request, 'ce-team')).toBe('vision');
  expect(decoded(route.request)).toEqual(
    expectedStorageEvent(FINALIZED, CAT_OBJECT, CAT_ID, CAT_TIME),
  );
});

describe('messages that are no notification of the bucket are skipped, never sent', () => {
  const cat = notification(CAT_OBJECT);
  test.each<[string, PubSubMessage, RegExp]>([
    ['a message without attributes', { ...cat, attributes: {} }, /no eventType attribute/],
    [
      'an eventType no Cloud Storage notification has',
      {
        ...cat,
        attributes: { ...cat.attributes, eventType: 'google.cloud.storage.object.v1.finalized' },
      },
      /eventType "google\.cloud\.storage\.object\.v1\.finalized"/,
    ],
    [
      'an unknown payloadFormat',
      { ...cat, attributes: { ...cat.attributes, payloadFormat: 'XML' } },
      /payloadFormat "XML"/,
    ],
    [
      'a notification of another bucket',
      notification({ ...CAT_OBJECT, bucket: 'someone-elses-bucket' }),
      /bucket "someone-elses-bucket", not "dualrun-demo-photos"/,
    ],
  ])('%s', (_title, message, reason) => {
    const route = routeMessage(message, OPTIONS);
    expect(route).toEqual({ kind: 'skip', reason: expect.stringMatching(reason) });
  });
});

describe('broken notifications of the bucket go to the dead-letter topic', () => {
  const cat = notification(CAT_OBJECT);
  test.each<[string, PubSubMessage, RegExp]>([
    ['data that is not JSON', { ...cat, data: Buffer.from('{"bucket": ') }, /cannot be read/],
    [
      'data that is no object resource',
      { ...cat, data: Buffer.from('{"kind": "storage#object"}') },
      /\/data is not a Cloud Storage object resource/,
    ],
    [
      'data naming another bucket than the attributes',
      { ...cat, data: Buffer.from(prettyJson({ ...CAT_OBJECT, bucket: 'other-bucket' })) },
      /names bucket "other-bucket"/,
    ],
    [
      'payload NONE without objectId',
      {
        ...notification(CAT_OBJECT, 'NONE'),
        attributes: { ...notification(CAT_OBJECT, 'NONE').attributes, objectId: '' },
      },
      /no objectId attribute/,
    ],
  ])('%s', (_title, message, reason) => {
    expect(routeMessage(message, OPTIONS)).toEqual({
      kind: 'dead-letter',
      reason: expect.stringMatching(reason),
    });
  });
});
