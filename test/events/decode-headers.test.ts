/**
 * Headers as Node's HTTP parser hands them over (the worker passes `headersDistinct`): a header
 * the decoders read must be sent once, never read as two values joined (`finalized, deleted`);
 * and a value sent as raw UTF-8 bytes, which Node reads as Latin-1, is read as UTF-8.
 */
import { DecodeError } from '../../src/errors';
import type { CanonicalEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { headerValue, toMessage, type Message } from '../../src/events/message';
import {
  CAT_BUCKET,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_SOURCE,
  CAT_TIME,
  DELETED,
  errorThrownBy,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  TOPIC_SOURCE,
} from '../support/decode-fixtures';

type Headers = Readonly<Record<string, string | readonly string[]>>;

/**
 * A binary-mode cat event, as `headersDistinct` gives it (every value an array), plus `extra`; pass
 * `''` as the body for an event without data.
 */
function binary(extra: Headers, body = JSON.stringify(CAT_OBJECT)): Message {
  return toMessage(
    {
      'content-type': ['application/json'],
      'ce-specversion': ['1.0'],
      'ce-id': [CAT_ID],
      'ce-source': [CAT_SOURCE],
      'ce-type': [FINALIZED],
      'ce-subject': [`objects/${CAT_NAME}`],
      'ce-time': [CAT_TIME],
      ...extra,
    },
    body,
  );
}

/** A push without wrapper of the cat object (payloadFormat NONE: no body), plus `extra`. */
function unwrapped(extra: Headers): Message {
  return toMessage({
    'x-goog-pubsub-message-id': [CAT_ID],
    'x-goog-pubsub-subscription-name': ['projects/demo/subscriptions/worker-push'],
    'x-goog-pubsub-publish-time': [CAT_TIME],
    bucketid: [CAT_BUCKET],
    objectid: [CAT_NAME],
    eventtype: ['OBJECT_FINALIZE'],
    eventtime: [CAT_TIME],
    payloadformat: ['NONE'],
    ...extra,
  });
}

/** How Node reads a header value sent as raw UTF-8 bytes: each byte as one Latin-1 character. */
function asNodeReadsRawUtf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const REPEATED: readonly (readonly [string, Message, string])[] = [
  [
    'two ce-type headers (finalized and deleted)',
    binary({ 'ce-type': [FINALIZED, DELETED] }),
    'header ce-type',
  ],
  ['two ce-id headers', binary({ 'ce-id': ['1', '2'] }), 'header ce-id'],
  [
    'two ce-subject headers',
    binary({ 'ce-subject': ['objects/a.jpg', 'objects/b.jpg'] }, ''),
    'header ce-subject',
  ],
  [
    'two ce-* extension headers (ce-bucketid)',
    binary({ 'ce-bucketid': [CAT_BUCKET, 'other-bucket'] }),
    'header ce-bucketid',
  ],
  [
    'one ce-* header sent in two spellings of case',
    toMessage({ ...binary({}).headers, 'CE-Type': DELETED }),
    'header ce-type',
  ],
  [
    'two x-goog-pubsub-message-id headers',
    unwrapped({ 'x-goog-pubsub-message-id': ['1', '2'] }),
    'header x-goog-pubsub-message-id',
  ],
  [
    'two x-goog-pubsub-publish-time headers',
    unwrapped({ 'x-goog-pubsub-publish-time': [CAT_TIME, CAT_TIME] }),
    'header x-goog-pubsub-publish-time',
  ],
  [
    'two x-goog-pubsub-* headers the decoder does not use (delivery attempt)',
    unwrapped({ 'x-goog-pubsub-delivery-attempt': ['1', '2'] }),
    'header x-goog-pubsub-delivery-attempt',
  ],
  [
    'two objectid attribute headers in a push without wrapper',
    unwrapped({ objectid: ['a.jpg', 'b.jpg'] }),
    'header objectid',
  ],
  [
    'two eventtype attribute headers in a push without wrapper',
    unwrapped({ eventtype: ['OBJECT_FINALIZE', 'OBJECT_DELETE'] }),
    'header eventtype',
  ],
];

describe('decodeDelivery: a header the decoders read must be sent once', () => {
  test.each(REPEATED)('%s', (_name, message, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'invalid-event',
      message: `${pointer} appears 2 times`,
      pointer,
    });
  });
});

const REPEATED_AND_ACCEPTED: readonly (readonly [string, Message, CanonicalEvent])[] = [
  [
    'Content-Type sent twice: the first counts, as in Node',
    binary({ 'content-type': ['application/json', 'text/plain'] }),
    expectedCat(),
  ],
  [
    'a repeated header no decoder reads (accept)',
    binary({ accept: ['application/json', '*/*'] }),
    expectedCat(),
  ],
  [
    'an attribute-named header in binary mode, where attributes are ce-* headers',
    binary({ objectid: ['a.jpg', 'b.jpg'] }),
    expectedCat(),
  ],
  [
    'plain string headers, as toMessage callers and Node’s headers give them',
    toMessage(
      {
        'Content-Type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': CAT_ID,
        'ce-source': CAT_SOURCE,
        'ce-type': FINALIZED,
        'ce-subject': `objects/${CAT_NAME}`,
        'ce-time': CAT_TIME,
      },
      JSON.stringify(CAT_OBJECT),
    ),
    expectedCat(),
  ],
];

describe('decodeDelivery: headers that may repeat', () => {
  test.each(REPEATED_AND_ACCEPTED)('%s', (_name, message, expected) => {
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual([expected]);
  });

  test('headerValue still joins a repeated header with ", " (RFC 9110 §5.3)', () => {
    expect(headerValue(toMessage({ via: ['1.1 a', '1.1 b'] }), 'via')).toBe('1.1 a, 1.1 b');
  });

  test('toMessage keeps both values of a header given in two spellings of case, in order', () => {
    expect(toMessage({ Via: '1.1 a', VIA: ['1.1 b', '1.1 c'] }).headers).toEqual({
      via: ['1.1 a', '1.1 b', '1.1 c'],
    });
  });
});

const CAFE = 'photos/café 猫.jpg';

const RAW_UTF8: readonly (readonly [string, Message, CanonicalEvent])[] = [
  [
    'ce-subject sent as raw UTF-8 (knative-gcp 2019-2020 SDKs)',
    binary({ 'ce-subject': [asNodeReadsRawUtf8(`objects/${CAFE}`)] }, ''),
    expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: CAFE }, CAT_ID, CAT_TIME),
  ],
  [
    'ce-subject sent as raw UTF-8 with percent-encoding in it: percent-decoded once, after',
    binary({ 'ce-subject': [asNodeReadsRawUtf8('objects/café 100%2525.jpg')] }, ''),
    expectedStorageEvent(
      FINALIZED,
      { bucket: CAT_BUCKET, name: 'café 100%25.jpg' },
      CAT_ID,
      CAT_TIME,
    ),
  ],
  [
    'ce-* attribute extensions sent as raw UTF-8 (knative-gcp PullSubscription)',
    toMessage({
      'ce-specversion': '0.3',
      'ce-id': CAT_ID,
      'ce-source': TOPIC_SOURCE,
      'ce-type': 'google.pubsub.topic.publish',
      'ce-bucketid': CAT_BUCKET,
      'ce-objectid': asNodeReadsRawUtf8(CAFE),
      'ce-eventtype': 'OBJECT_FINALIZE',
      'ce-eventtime': CAT_TIME,
      'ce-payloadformat': 'NONE',
    }),
    expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: CAFE }, CAT_ID, CAT_TIME),
  ],
  [
    'the objectid attribute header sent as raw UTF-8 (push without wrapper)',
    unwrapped({ objectid: [asNodeReadsRawUtf8(CAFE)] }),
    expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name: CAFE }, CAT_ID, CAT_TIME),
  ],
  [
    'a Latin-1 value that is not valid UTF-8 stays as it is',
    unwrapped({ objectid: ['photos/caf\u00e9.jpg'] }),
    expectedStorageEvent(
      FINALIZED,
      { bucket: CAT_BUCKET, name: 'photos/caf\u00e9.jpg' },
      CAT_ID,
      CAT_TIME,
    ),
  ],
  [
    'a value with characters above U+00FF (not from Node’s parser) stays as it is',
    unwrapped({ objectid: ['photos/Ã© 猫.jpg'] }),
    expectedStorageEvent(
      FINALIZED,
      { bucket: CAT_BUCKET, name: 'photos/Ã© 猫.jpg' },
      CAT_ID,
      CAT_TIME,
    ),
  ],
];

describe('decodeDelivery: header values sent as raw UTF-8 are read as UTF-8', () => {
  test('the fixture is what Node makes of raw UTF-8: mojibake', () => {
    expect(asNodeReadsRawUtf8(CAFE)).not.toBe(CAFE);
    expect(asNodeReadsRawUtf8(CAFE)).toMatch(/^[\x20-\xff]+$/);
  });

  test.each(RAW_UTF8)('%s', (_name, message, expected) => {
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual([expected]);
  });
});
