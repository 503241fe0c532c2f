/**
 * The rules real traffic needs, for Pub/Sub data (base64 alphabets, decoded once) and metadata
 * (message ids, publish times): one named case each, each stating the whole canonical event.
 */
import type { CanonicalEvent, StorageObjectData } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { DecodeError } from '../../src/errors';
import { toMessage, type Message } from '../../src/events/message';
import {
  ATTRIBUTES_WITHOUT_EVENT_TIME,
  base64Json,
  base64Push,
  CAT_BUCKET,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_TIME,
  errorThrownBy,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  prettyJson,
  pushRequest,
} from '../support/decode-fixtures';

/** An object whose JSON gives base64 with `+`, `/` and padding in the standard alphabet. */
const BASE64_OBJECT: StorageObjectData = { ...CAT_OBJECT, metadata: { note: '>>>???~~~ÿÿ' } };
const STANDARD = base64Json(BASE64_OBJECT);
const URL_SAFE = base64Json(BASE64_OBJECT, 'base64url');

function idAndTimePush(fields: Readonly<Record<string, string>>): Message {
  return pushRequest({
    attributes: ATTRIBUTES_WITHOUT_EVENT_TIME,
    data: base64Json(CAT_OBJECT),
    ...fields,
  });
}

const RULES: readonly (readonly [string, Message, readonly CanonicalEvent[]])[] = [
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
];

describe('decodeDelivery: the rules real traffic needs: Pub/Sub data and metadata', () => {
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
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual([expectedCat()]);
  });
});
