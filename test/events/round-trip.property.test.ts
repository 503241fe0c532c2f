/**
 * Property: for arbitrary bucket names, object names (any Unicode, with spaces, %, quotes, slashes),
 * generations (int64 as decimal strings), content types, ids and times, canonical → every encoding →
 * canonical is the identity, modulo the documented reductions.
 */
import fc from 'fast-check';
import { storageEvent, type StorageObjectData } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { encodeCloudEventBatch, encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODING_IDS, ENCODINGS, type EncodingId } from '../../src/events/encode/encodings';
import { STORAGE_EVENT_TYPES } from '../../src/events/event-types';
import { CAT_EVENT } from '../support/decode-fixtures';
import { afterRoundTrip } from '../fixtures/events/round-trip';

const NUM_RUNS = 200;

/** Cloud Storage bucket names: 3 to 63 of a-z 0-9 . _ -, starting and ending alphanumeric. */
const bucketName = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/);

/** Pieces that break naive encoders: separators, escapes, percent-encoding look-alikes. */
const tricky = fc.constantFrom(
  ' ',
  '%',
  '%25',
  '%2F',
  '"',
  "'",
  '/',
  '//',
  '\\',
  '#',
  '?',
  '+',
  'objects/',
  ',',
  ':',
  '\t',
);

const objectName = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

const generation = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String);

const contentType = fc.oneof(
  fc.constantFrom(
    'image/jpeg',
    'image/png',
    'text/plain; charset=utf-8',
    'application/octet-stream',
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const time = fc.constantFrom(
  '2026-11-20T10:00:00Z',
  '2026-11-20T10:00:00.123Z',
  '2026-11-20T10:00:00.123456Z',
  '2026-11-20T10:00:00.123456789Z',
  '2026-11-20T10:00:00.99+02:00',
  '2020-08-16T13:58:54.471765',
);

const storageObject: fc.Arbitrary<StorageObjectData> = fc.record(
  {
    kind: fc.constant('storage#object'),
    bucket: bucketName,
    name: objectName,
    generation,
    metageneration: generation,
    size: generation,
    contentType,
  },
  { requiredKeys: ['kind', 'bucket', 'name'] },
);

const event = fc
  .record(
    {
      type: fc.constantFrom(...STORAGE_EVENT_TYPES),
      object: storageObject,
      id: fc.bigInt({ min: 1n, max: 10n ** 17n }).map(String),
      time,
    },
    { requiredKeys: ['type', 'object', 'id'] },
  )
  .map((parts) => storageEvent({ ...parts, time: parts.time }));

/** Pub/Sub message ids: decimal digits, up to int64. */
const messageId = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String);

/**
 * The encodings in which the notification passed through Pub/Sub and the transport says its
 * message id: the canonical `id` is that id (docs/delivery-formats.md, The canonical event).
 */
const CARRIES_MESSAGE_ID: ReadonlySet<EncodingId> = new Set([
  'pubsub-push',
  'pubsub-push-payload-none',
  'pubsub-push-unwrapped',
  'cloudevent-message-published',
]);

describe('canonical → encoding → canonical', () => {
  test('is the identity for every encoding, modulo the documented reductions', () => {
    fc.assert(
      fc.property(event, (canonical) => {
        for (const encoding of ENCODING_IDS) {
          const decoded = decodeDelivery(encodeDelivery(canonical, encoding));
          expect(decoded.events.map((e) => e.event)).toEqual([afterRoundTrip(canonical, encoding)]);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('covers every encoding, each decoded as its own delivery format', () => {
    expect(ENCODING_IDS).toHaveLength(11);
    expect(ENCODINGS.map((encoding) => encoding.format)).toEqual(
      ENCODING_IDS.map((id) => decodeDelivery(encodeDelivery(CAT_EVENT, id)).format),
    );
  });

  test('where Pub/Sub carried the notification, its message id becomes the canonical id', () => {
    fc.assert(
      fc.property(event, messageId, (canonical, id) => {
        for (const encoding of ENCODING_IDS) {
          const decoded = decodeDelivery(encodeDelivery(canonical, encoding, { messageId: id }));
          const expectedId = CARRIES_MESSAGE_ID.has(encoding) ? id : canonical.id;
          expect(decoded.events.map((e) => [e.event, e.delivery.id])).toEqual([
            [{ ...afterRoundTrip(canonical, encoding), id: expectedId }, expectedId],
          ]);
        }
      }),
      { numRuns: NUM_RUNS / 2 },
    );
  });

  test('a batch of several events gives them back in order', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 5 }), (events) => {
        const decoded = decodeDelivery(encodeCloudEventBatch(events));
        expect(decoded.events.map((e) => e.event)).toEqual(events);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
