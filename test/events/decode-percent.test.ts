/**
 * Percent-encoded `ce-*` header values (CloudEvents HTTP binding v1.0.2 §3.1.3.2): decoded exactly
 * once, and a value whose well-formed `%XX` sequences decode to bytes that are not UTF-8 MUST be
 * rejected (a 400 naming the header), in every `ce-*` header, core attribute or extension. A stray
 * `%` that is not followed by two hex digits (an older producer that did not percent-encode) keeps
 * the whole value as it was sent.
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  CAT_BUCKET,
  CAT_ID,
  CAT_SOURCE,
  CAT_TIME,
  errorThrownBy,
  FINALIZED,
} from '../support/decode-fixtures';

/** A binary-mode storage event with no data: the object comes from ce-source and ce-subject. */
function binary(headers: Readonly<Record<string, string>>): Message {
  return toMessage({
    'ce-specversion': '1.0',
    'ce-id': CAT_ID,
    'ce-source': CAT_SOURCE,
    'ce-type': FINALIZED,
    'ce-subject': 'objects/cat.jpg',
    'ce-time': CAT_TIME,
    ...headers,
  });
}

/** A knative-gcp PullSubscription event: notification attributes as ce-* extensions, no data. */
function pullSubscription(headers: Readonly<Record<string, string>>): Message {
  return toMessage({
    'ce-specversion': '1.0',
    'ce-id': CAT_ID,
    'ce-source': '//pubsub.googleapis.com/projects/demo/topics/gcs',
    'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
    'ce-eventtype': 'OBJECT_FINALIZE',
    'ce-bucketid': CAT_BUCKET,
    'ce-objectid': 'cat.jpg',
    ...headers,
  });
}

/** How Node reads a header value sent as raw UTF-8 bytes: each byte as one Latin-1 character. */
function asNodeReadsRawUtf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const NOT_UTF8: readonly (readonly [string, Message, string])[] = [
  ['ce-subject objects/%FF.jpg', binary({ 'ce-subject': 'objects/%FF.jpg' }), 'header ce-subject'],
  [
    'ce-subject with %C0%A0 (an overlong space: the spec’s own example)',
    binary({ 'ce-subject': 'objects/a%C0%A0b.jpg' }),
    'header ce-subject',
  ],
  [
    'ce-subject with lower-case %ff',
    binary({ 'ce-subject': 'objects/%ff.jpg' }),
    'header ce-subject',
  ],
  [
    'ce-subject with an encoded surrogate (%ED%A0%80)',
    binary({ 'ce-subject': 'objects/%ED%A0%80.jpg' }),
    'header ce-subject',
  ],
  [
    'ce-subject with a sequence cut short (%E7%8C)',
    binary({ 'ce-subject': 'objects/%E7%8C.jpg' }),
    'header ce-subject',
  ],
  [
    'ce-subject beyond U+10FFFF (%F4%90%80%80)',
    binary({ 'ce-subject': 'objects/%F4%90%80%80.jpg' }),
    'header ce-subject',
  ],
  [
    'ce-subject quoted (0.1/0.2 style) with %FF',
    binary({ 'ce-subject': '"objects/%FF.jpg"' }),
    'header ce-subject',
  ],
  [
    'ce-subject sent as raw UTF-8 with %FF in it',
    binary({ 'ce-subject': asNodeReadsRawUtf8('objects/café%FF.jpg') }),
    'header ce-subject',
  ],
  [
    'ce-source with a bucket %FFbucket',
    binary({ 'ce-source': '//storage.googleapis.com/projects/_/buckets/%FFbucket' }),
    'header ce-source',
  ],
  ['ce-id %FF', binary({ 'ce-id': '%FF' }), 'header ce-id'],
  [
    'ce-type with %FF (an unknown type would be ignored)',
    binary({ 'ce-type': `${FINALIZED}%FF` }),
    'header ce-type',
  ],
  ['ce-time with %FF', binary({ 'ce-time': '2026-11-20T10:00:00Z%FF' }), 'header ce-time'],
  [
    'ce-bucket extension %FFbucket',
    binary({ 'ce-source': '//example.com/x', 'ce-bucket': '%FFbucket' }),
    'header ce-bucket',
  ],
  [
    'ce-traceparent extension with %FF',
    binary({ 'ce-traceparent': '%FF' }),
    'header ce-traceparent',
  ],
  [
    'ce-datacontenttype with %FF',
    binary({ 'ce-datacontenttype': 'application/json%FF' }),
    'header ce-datacontenttype',
  ],
  [
    'PullSubscription ce-objectid %FF.jpg',
    pullSubscription({ 'ce-objectid': '%FF.jpg' }),
    'header ce-objectid',
  ],
  [
    'PullSubscription ce-bucketid %FFbucket',
    pullSubscription({ 'ce-bucketid': '%FFbucket' }),
    'header ce-bucketid',
  ],
];

describe('decodeDelivery: a ce-* header whose %XX sequences are not UTF-8 is a 400 naming it', () => {
  test.each(NOT_UTF8)('%s', (_name, message, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'invalid-event',
      pointer,
      message: expect.stringContaining('UTF-8') as unknown,
    });
  });
});

const DECODED: readonly (readonly [string, Message, string])[] = [
  ['%C3%A9 is é', binary({ 'ce-subject': 'objects/caf%C3%A9.jpg' }), 'café.jpg'],
  ['a four-byte sequence', binary({ 'ce-subject': 'objects/%F0%9F%90%B1.jpg' }), '🐱.jpg'],
  ['lower-case hex', binary({ 'ce-subject': 'objects/caf%c3%a9.jpg' }), 'café.jpg'],
  ['a stray % at the end is kept', binary({ 'ce-subject': 'objects/100%' }), '100%'],
  [
    'a stray % before no hex digits is kept',
    binary({ 'ce-subject': 'objects/50%off.jpg' }),
    '50%off.jpg',
  ],
  [
    'a stray % keeps the whole value as sent (it was never percent-encoded)',
    binary({ 'ce-subject': 'objects/100% of%20x.jpg' }),
    '100% of%20x.jpg',
  ],
  [
    'a stray % keeps even an invalid sequence as sent',
    binary({ 'ce-subject': 'objects/%FF 100%.jpg' }),
    '%FF 100%.jpg',
  ],
];

describe('decodeDelivery: ce-* values are percent-decoded once; a stray % keeps the value', () => {
  test.each(DECODED)('%s', (_name, message, name) => {
    expect(decodeDelivery(message).events[0]?.event.data).toEqual({ bucket: CAT_BUCKET, name });
  });
});
