/**
 * JSON nesting: text nested deeper than 64 levels is refused as malformed when it is parsed, so that
 * no reader after the decoder (`JSON.stringify` of the record) overflows its stack on it, a failure
 * that would repeat on every redelivery. Depth counts objects and arrays; brackets inside strings
 * are no nesting.
 */
import { DecodeError } from '../../src/errors';
import type { StorageObjectData } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { MAX_JSON_DEPTH } from '../../src/events/json';
import { toMessage, type Message } from '../../src/events/message';
import {
  binaryRequest,
  CAT_BUCKET,
  CAT_CE_NO_SUBJECT,
  CAT_EVENT,
  CAT_ID,
  CAT_NAME,
  CAT_TIME,
  errorThrownBy,
  eventWithDataText,
  expectedStorageEvent,
  FINALIZED,
  jsonRequest,
  STRUCTURED,
} from '../support/decode-fixtures';

/** JSON text of `levels` objects inside one another: `{"a":{"a":{}}}` is 3 levels. */
function chain(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
}

/** An object resource whose JSON text nests `levels` deep (its metadata holds the rest). */
function objectNesting(levels: number): string {
  return `{"bucket":"${CAT_BUCKET}","name":"${CAT_NAME}","metadata":${chain(levels - 1)}}`;
}

function structured(dataText: string): Message {
  return jsonRequest(eventWithDataText(CAT_CE_NO_SUBJECT, dataText), STRUCTURED);
}

function pushOf(dataText: string): Message {
  return jsonRequest({
    message: {
      attributes: { eventType: 'OBJECT_FINALIZE', eventTime: CAT_TIME },
      data: Buffer.from(dataText).toString('base64'),
      messageId: CAT_ID,
    },
  });
}

const TOO_DEEP: readonly (readonly [string, Message, string])[] = [
  ['binary-mode data nested 65 levels', binaryRequest(CAT_CE_NO_SUBJECT, objectNesting(65)), '/'],
  [
    'binary-mode data nested 10,000 levels (the poison message)',
    binaryRequest(CAT_CE_NO_SUBJECT, objectNesting(10_000)),
    '/',
  ],
  ['structured event whose data nests to 65 levels', structured(objectNesting(64)), '/'],
  [
    'a batch nested 65 levels',
    jsonRequest(`[${JSON.stringify(CAT_EVENT).replace('"data":{', `"data":${chain(63)},"x":{`)}]`, {
      'Content-Type': 'application/cloudevents-batch+json',
    }),
    '/',
  ],
  ['Pub/Sub data nested 65 levels', pushOf(objectNesting(65)), '/message/data'],
  [
    'arrays count as levels too',
    binaryRequest(
      CAT_CE_NO_SUBJECT,
      `{"bucket":"${CAT_BUCKET}","name":"${CAT_NAME}","m":${'['.repeat(64)}${']'.repeat(64)}}`,
    ),
    '/',
  ],
  [
    'a push without wrapper whose body nests 65 levels',
    toMessage(
      { 'x-goog-pubsub-message-id': CAT_ID, eventtype: 'OBJECT_FINALIZE' },
      objectNesting(65),
    ),
    '/',
  ],
];

describe('decodeDelivery: JSON nested deeper than 64 levels is malformed', () => {
  test('the limit is 64', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
  });

  test.each(TOO_DEEP)('%s', (_name, message, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'malformed-body',
      pointer,
      message: `${pointer === '/' ? 'the request body' : pointer} is nested deeper than 64 levels`,
    });
  });
});

const AT_MOST_64: readonly (readonly [string, Message, StorageObjectData])[] = [
  [
    'binary-mode data nested exactly 64 levels',
    binaryRequest(CAT_CE_NO_SUBJECT, objectNesting(64)),
    { bucket: CAT_BUCKET, name: CAT_NAME, metadata: JSON.parse(chain(63)) as unknown },
  ],
  [
    'Pub/Sub data nested exactly 64 levels (the push body itself nests 2)',
    pushOf(objectNesting(64)),
    { bucket: CAT_BUCKET, name: CAT_NAME, metadata: JSON.parse(chain(63)) as unknown },
  ],
  [
    'brackets inside strings, escaped quotes among them, are no nesting',
    binaryRequest(
      CAT_CE_NO_SUBJECT,
      JSON.stringify({ bucket: CAT_BUCKET, name: `${'[{'.repeat(100)}"\\${'}]'.repeat(100)}` }),
    ),
    { bucket: CAT_BUCKET, name: `${'[{'.repeat(100)}"\\${'}]'.repeat(100)}` },
  ],
];

describe('decodeDelivery: JSON nested up to 64 levels is accepted', () => {
  test.each(AT_MOST_64)('%s', (_name, message, object) => {
    const [decoded] = decodeDelivery(message).events;
    expect(decoded?.event).toEqual(expectedStorageEvent(FINALIZED, object, CAT_ID, CAT_TIME));
  });
});
