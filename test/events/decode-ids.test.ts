/**
 * Ids and Pub/Sub attribute values sent as JSON numbers: an integer is read as its exact decimal
 * string wherever the decoders read an id or an attribute, whether below 2^53 (a JSON number) or
 * above (kept exact by the parser); any other non-string is rejected, naming the field.
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import type { Message } from '../../src/events/message';
import {
  base64Json,
  BATCH,
  CAT_BUCKET,
  CAT_EVENT,
  CAT_NAME,
  CAT_OBJECT,
  CAT_TIME,
  errorThrownBy,
  jsonRequest,
  STRUCTURED,
  TOPIC_SOURCE,
} from '../support/decode-fixtures';

const MAX_SAFE = 9007199254740991; // 2^53 - 1
const ABOVE_SAFE = '9007199254740993'; // 2^53 + 1: no double holds it

/** JSON text of `value` with the string `"<ABOVE_SAFE>"` written as a bare number literal. */
function withBigNumber(value: unknown): string {
  return JSON.stringify(value).replace(`"<${ABOVE_SAFE}>"`, ABOVE_SAFE);
}
const BIG = `<${ABOVE_SAFE}>`;

function legacyContext(eventId: unknown): Message {
  return jsonRequest(
    withBigNumber({
      context: { eventId, timestamp: CAT_TIME, eventType: 'google.storage.object.finalize' },
      data: CAT_OBJECT,
    }),
  );
}

function legacyFlat(eventId: unknown): Message {
  return jsonRequest(
    withBigNumber({
      eventId,
      eventType: 'google.storage.object.finalize',
      resource: `projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}`,
      data: CAT_OBJECT,
    }),
  );
}

function push(fields: Readonly<Record<string, unknown>>, attributes: object = {}): Message {
  return jsonRequest(
    withBigNumber({
      message: {
        attributes: { eventType: 'OBJECT_FINALIZE', ...attributes },
        data: base64Json(CAT_OBJECT),
        ...fields,
      },
      subscription: 'projects/demo/subscriptions/worker-push',
    }),
  );
}

/** A payloadFormat NONE push: the object comes from these attributes. */
function attributesOnly(attributes: Readonly<Record<string, unknown>>): Message {
  return jsonRequest(
    withBigNumber({
      message: {
        attributes: { eventType: 'OBJECT_FINALIZE', payloadFormat: 'NONE', ...attributes },
        messageId: '1',
      },
    }),
  );
}

function structured(id: unknown, extra: object = {}): Message {
  return jsonRequest(withBigNumber({ ...CAT_EVENT, id, ...extra }), STRUCTURED);
}

/** A messagePublished CloudEvent (Eventarc) carrying the notification, with this messageId. */
function messagePublished(messageId: unknown): Message {
  return jsonRequest(
    withBigNumber({
      specversion: '1.0',
      id: 'ce-1',
      source: TOPIC_SOURCE,
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      data: {
        message: {
          attributes: { eventType: 'OBJECT_FINALIZE' },
          data: base64Json(CAT_OBJECT),
          messageId,
        },
      },
    }),
    STRUCTURED,
  );
}

/** name, message, the id expected as the event id and as the delivery id. */
const ACCEPTED: readonly (readonly [string, Message, string])[] = [
  ['legacy eventId 2^53-1 as a JSON number', legacyContext(MAX_SAFE), String(MAX_SAFE)],
  ['legacy eventId 2^53+1 as a JSON number', legacyContext(BIG), ABOVE_SAFE],
  ['legacy flat eventId as a small JSON number', legacyFlat(12), '12'],
  ['push messageId 2^53-1 as a JSON number', push({ messageId: MAX_SAFE }), String(MAX_SAFE)],
  ['push messageId 2^53+1 as a JSON number', push({ messageId: BIG }), ABOVE_SAFE],
  ['push message_id as a JSON number', push({ message_id: 12 }), '12'],
  ['structured id 2^53-1 as a JSON number', structured(MAX_SAFE), String(MAX_SAFE)],
  ['structured id 2^53+1 as a JSON number', structured(BIG), ABOVE_SAFE],
  ['structured id 0 as a JSON number', structured(0), '0'],
  [
    'batch element id as a JSON number',
    jsonRequest(`[${withBigNumber({ ...CAT_EVENT, id: MAX_SAFE })}]`, BATCH),
    String(MAX_SAFE),
  ],
];

describe('decodeDelivery: an id sent as a JSON integer is its exact decimal string', () => {
  test.each(ACCEPTED)('%s', (_name, message, id) => {
    const [decoded] = decodeDelivery(message).events;
    expect(decoded?.event.id).toBe(id);
    expect(decoded?.delivery.id).toBe(id);
  });

  test('messagePublished messageId as a JSON number (the delivery id is the CloudEvent id)', () => {
    const [decoded] = decodeDelivery(messagePublished(MAX_SAFE)).events;
    expect(decoded?.event.id).toBe(String(MAX_SAFE));
    expect(decoded?.delivery.id).toBe('ce-1');
  });
});

const ACCEPTED_ATTRIBUTES: readonly (readonly [string, Message, object])[] = [
  [
    'objectGeneration 2^53+1 as a JSON number',
    attributesOnly({ bucketId: CAT_BUCKET, objectId: CAT_NAME, objectGeneration: BIG }),
    { bucket: CAT_BUCKET, name: CAT_NAME, generation: ABOVE_SAFE },
  ],
  [
    'objectGeneration 2^53-1 as a JSON number',
    attributesOnly({ bucketId: CAT_BUCKET, objectId: CAT_NAME, objectGeneration: MAX_SAFE }),
    { bucket: CAT_BUCKET, name: CAT_NAME, generation: String(MAX_SAFE) },
  ],
  [
    'objectId as a JSON number',
    attributesOnly({ bucketId: CAT_BUCKET, objectId: 12 }),
    { bucket: CAT_BUCKET, name: '12' },
  ],
  [
    'a structured extension (objectgeneration) as a JSON number',
    structured('1', { data: { bucket: CAT_BUCKET, name: CAT_NAME }, objectgeneration: 17 }),
    { bucket: CAT_BUCKET, name: CAT_NAME, generation: '17' },
  ],
];

describe('decodeDelivery: an attribute sent as a JSON integer is its exact decimal string', () => {
  test.each(ACCEPTED_ATTRIBUTES)('%s', (_name, message, object) => {
    expect(decodeDelivery(message).events[0]?.event.data).toEqual(object);
  });
});

const REJECTED: readonly (readonly [string, Message, string])[] = [
  ['legacy eventId true', legacyContext(true), '/context/eventId'],
  ['legacy eventId 1.5', legacyContext(1.5), '/context/eventId'],
  ['legacy flat eventId as an object', legacyFlat({ id: 1 }), '/eventId'],
  ['push messageId as an object', push({ messageId: { id: 1 } }), '/message/messageId'],
  ['push message_id false', push({ message_id: false }), '/message/message_id'],
  [
    'push messageId as a fraction beyond 2^53 (not exact)',
    jsonRequest(
      `{"message":{"attributes":{"eventType":"OBJECT_FINALIZE"},"messageId":9007199254740993.5}}`,
    ),
    '/message/messageId',
  ],
  ['structured id false', structured(false), '/id'],
  ['structured id as an array', structured([1]), '/id'],
  [
    'batch element id as a fraction',
    jsonRequest(JSON.stringify([CAT_EVENT, { ...CAT_EVENT, id: 2.5 }]), BATCH),
    '/1/id',
  ],
  ['messagePublished messageId true', messagePublished(true), '/data/message/messageId'],
  [
    'push attribute objectId true',
    push({ messageId: '1' }, { objectId: true }),
    '/message/attributes/objectId',
  ],
  [
    'push attribute objectGeneration 1.5',
    push({ messageId: '1' }, { objectGeneration: 1.5 }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push attribute bucketId as an object',
    attributesOnly({ bucketId: { name: CAT_BUCKET }, objectId: CAT_NAME }),
    '/message/attributes/bucketId',
  ],
];

describe('decodeDelivery: an id or attribute of another type is rejected, naming it', () => {
  test.each(REJECTED)('%s', (_name, message, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'invalid-event',
      pointer,
    });
  });
});
