/**
 * The rules real traffic needs, for the data: big int64 numbers, empty bodies, times without a
 * zone: one named case each, each stating the whole canonical event.
 */
import type { CanonicalEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  base64Push,
  binaryRequest,
  CAT_BUCKET,
  CAT_CE,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_SOURCE,
  CAT_TIME,
  expectedStorageEvent,
  FINALIZED,
  jsonRequest,
  STRUCTURED,
  subjectOnly,
} from '../support/decode-fixtures';

const RULES: readonly (readonly [string, Message, readonly CanonicalEvent[]])[] = [
  [
    'int64 fields sent as JSON numbers above 2^53 stay exact decimal strings: structured',
    jsonRequest(
      `{"specversion":"1.0","id":"${CAT_ID}","source":"${CAT_SOURCE}","type":"${FINALIZED}",` +
        `"data":{"bucket":"${CAT_BUCKET}","name":"big.bin","generation":1700000000000000123,` +
        `"metageneration": 9007199254740993 ,"size":[1][0]}}`.replace('[1][0]', '12'),
      STRUCTURED,
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
];

describe('decodeDelivery: the rules real traffic needs: numbers, empty bodies, times', () => {
  test.each(RULES)('%s', (_name, message, expected) => {
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual(expected);
  });
});
