/**
 * Times are RFC 3339 Timestamps (CloudEvents 1.0.2 type system): every format that carries one
 * accepts each RFC 3339 form verbatim (and a time without offset, as real test traffic sends) and
 * refuses anything else with a DecodeError naming where the
 * time was read, so that `ce-time: yesterday` is never recorded.
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import { isRfc3339 } from '../../src/events/timestamp';
import {
  ATTRIBUTES_WITHOUT_EVENT_TIME,
  base64Json,
  BATCH,
  binaryRequest,
  CAT_CE,
  CAT_ID,
  CAT_OBJECT,
  errorThrownBy,
  jsonRequest,
  pushRequest,
  STRUCTURED,
} from '../support/decode-fixtures';

const VALID = [
  '2026-11-20T10:00:00Z',
  '2026-11-20T10:00:00.1Z',
  '2026-11-20T10:00:00.123456789012Z',
  '2026-11-20t10:00:00z',
  '2026-11-20T10:00:00+05:30',
  '2026-11-20T10:00:00.25-08:00',
  '2026-11-20T10:00:00-00:00',
  '2024-02-29T00:00:00Z',
  '2016-12-31T23:59:60Z',
  // No offset: not RFC 3339, but what the Functions Framework's test events send; kept as sent.
  '2020-08-16T13:58:54.471765',
];

const INVALID = [
  'yesterday',
  '',
  '2026-11-20',
  '2026-11-20T10:00Z',
  '2026-11-20 10:00:00Z',
  '2026-11-20T10:00:00.Z',
  '2026-11-20T10:00:00+0530',
  '2026-11-20T10:00:00+05',
  '2026-13-01T00:00:00Z',
  '2026-00-01T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-11-20T24:00:00Z',
  '2026-11-20T10:60:00Z',
  '2026-11-20T10:00:61Z',
  '2026-11-20T10:00:00+24:00',
  '1763632800',
  ' 2026-11-20T10:00:00Z',
];

describe('isRfc3339', () => {
  test.each(VALID)('%s is RFC 3339', (value) => {
    expect(isRfc3339(value)).toBe(true);
  });
  test.each(INVALID)('%j is not', (value) => {
    expect(isRfc3339(value)).toBe(false);
  });
});

/** Each format that carries a time, with the time given, and where the time is read. */
const CARRIERS: readonly (readonly [string, (time: string) => Message, string])[] = [
  ['binary ce-time', (time) => binaryRequest({ ...CAT_CE, time }), 'header ce-time'],
  [
    'structured time',
    (time) => jsonRequest({ ...CAT_CE, time, data: CAT_OBJECT }, STRUCTURED),
    '/time',
  ],
  [
    'batch time',
    (time) =>
      jsonRequest(
        [
          { ...CAT_CE, data: CAT_OBJECT },
          { ...CAT_CE, id: '2', time, data: CAT_OBJECT },
        ],
        BATCH,
      ),
    '/1/time',
  ],
  [
    'structured eventtime extension',
    (time) => jsonRequest({ ...CAT_CE, eventtime: time, data: CAT_OBJECT }, STRUCTURED),
    '/eventtime',
  ],
  [
    'push publishTime',
    (time) =>
      pushRequest({
        attributes: ATTRIBUTES_WITHOUT_EVENT_TIME,
        data: base64Json(CAT_OBJECT),
        messageId: CAT_ID,
        publishTime: time,
      }),
    '/message/publishTime',
  ],
  [
    'push publish_time',
    (time) =>
      pushRequest({
        attributes: ATTRIBUTES_WITHOUT_EVENT_TIME,
        data: base64Json(CAT_OBJECT),
        message_id: CAT_ID,
        publish_time: time,
      }),
    '/message/publish_time',
  ],
  [
    'push eventTime attribute',
    (time) =>
      pushRequest({
        attributes: { ...ATTRIBUTES_WITHOUT_EVENT_TIME, eventTime: time },
        data: base64Json(CAT_OBJECT),
        messageId: CAT_ID,
      }),
    '/message/attributes/eventTime',
  ],
  [
    'push without wrapper publish-time header',
    (time) =>
      toMessage(
        {
          'Content-Type': 'application/json',
          'x-goog-pubsub-message-id': CAT_ID,
          'x-goog-pubsub-publish-time': time,
          eventtype: 'OBJECT_FINALIZE',
          payloadformat: 'JSON_API_V1',
        },
        JSON.stringify(CAT_OBJECT),
      ),
    'header x-goog-pubsub-publish-time',
  ],
  [
    'legacy context timestamp',
    (time) =>
      jsonRequest({
        context: {
          eventId: CAT_ID,
          timestamp: time,
          eventType: 'google.storage.object.finalize',
        },
        data: CAT_OBJECT,
      }),
    '/context/timestamp',
  ],
];

describe.each(CARRIERS)('%s', (_name, request, pointer) => {
  test.each(VALID)('%s is accepted and kept verbatim', (time) => {
    const { events } = decodeDelivery(request(time));
    expect(events.at(-1)?.event.time).toBe(time);
  });

  test.each(['yesterday', '2026-11-20', '2026-02-30T00:00:00Z'])(
    '%s → invalid-event naming %s',
    (time) => {
      const error = errorThrownBy(() => decodeDelivery(request(time)));
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toMatchObject({ code: 'invalid-event', pointer });
      expect((error as Error).message).toContain(pointer);
    },
  );
});
