/**
 * decodeDelivery(encodeDelivery(event, encoding)) for every encoding, every storage type and events
 * with and without the optional parts. Where an encoding cannot carry something, the expected event
 * says so (see `afterRoundTrip` in ../fixtures/events/round-trip.ts).
 */
import { storageEvent, type StorageEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODINGS, type EncodingId } from '../../src/events/encode/encodings';
import { STORAGE_EVENT_TYPES } from '../../src/events/event-types';
import {
  CAT_BUCKET,
  CAT_EVENT,
  CAT_OBJECT,
  expectedStorageEvent,
} from '../support/decode-fixtures';
import { afterRoundTrip } from '../fixtures/events/round-trip';

const VARIANTS: readonly (readonly [string, StorageEvent])[] = [
  ['the cat photo', CAT_EVENT],
  [
    'an event without time',
    storageEvent({ type: CAT_EVENT.type, object: CAT_OBJECT, id: '17', time: undefined }),
  ],
  [
    'an object with only bucket and name',
    storageEvent({
      type: CAT_EVENT.type,
      object: { bucket: CAT_BUCKET, name: 'bare' },
      id: '18',
      time: '2026-11-20T10:00:00Z',
    }),
  ],
  [
    'a name with spaces, unicode, quotes, percent signs, # and slashes',
    storageEvent({
      type: CAT_EVENT.type,
      object: {
        ...CAT_OBJECT,
        name: 'objects/Fotos 2026/"Katze" 100%25 #1 猫 🐈.jpg',
        generation: '1700000000000000123',
      },
      id: '19',
      time: '2026-11-20T10:00:00.123456789',
    }),
  ],
];

const CASES = ENCODINGS.flatMap((encoding) =>
  STORAGE_EVENT_TYPES.flatMap((type) =>
    VARIANTS.map(
      ([variant, event]) =>
        [
          `${encoding.id}: ${type.slice(type.lastIndexOf('.') + 1)}, ${variant}`,
          encoding.id,
          {
            ...event,
            type,
          } satisfies StorageEvent,
        ] as const,
    ),
  ),
);

describe('decodeDelivery(encodeDelivery(event, encoding))', () => {
  test.each(CASES)('%s', (_name, encoding: EncodingId, event) => {
    const decoded = decodeDelivery(encodeDelivery(event, encoding));
    expect(decoded.events.map((e) => e.event)).toEqual([afterRoundTrip(event, encoding)]);
  });

  test.each(ENCODINGS.map((encoding) => [encoding.id, encoding] as const))(
    '%s is decoded as its declared delivery format',
    (id, encoding) => {
      expect(decodeDelivery(encodeDelivery(CAT_EVENT, id)).format).toBe(encoding.format);
    },
  );
});

describe('the reductions, stated', () => {
  test('payloadFormat NONE carries only bucket, name and generation', () => {
    expect(decodeDelivery(encodeDelivery(CAT_EVENT, 'pubsub-push-payload-none')).events).toEqual([
      {
        event: expectedStorageEvent(
          'google.cloud.storage.object.v1.finalized',
          { bucket: 'dualrun-demo-photos', name: 'photos/cat.jpg', generation: '1763632800123456' },
          '8123456789012345',
          '2026-11-20T10:00:00.123456Z',
        ),
        delivery: {
          format: 'pubsub-push',
          id: '8123456789012345',
          subscription: 'projects/my-project/subscriptions/dualrun-push',
        },
      },
    ]);
  });

  test.each([
    [
      'google.cloud.storage.object.v1.finalized',
      'google.cloud.storage.object.v1.finalized',
      'exists',
    ],
    [
      'google.cloud.storage.object.v1.metadataUpdated',
      'google.cloud.storage.object.v1.finalized',
      'exists',
    ],
    [
      'google.cloud.storage.object.v1.deleted',
      'google.cloud.storage.object.v1.deleted',
      'not_exists',
    ],
    [
      'google.cloud.storage.object.v1.archived',
      'google.cloud.storage.object.v1.deleted',
      'not_exists',
    ],
  ] as const)('object.change (gcf-legacy-flat) turns %s into %s', (type, decodedType, state) => {
    const decoded = decodeDelivery(encodeDelivery({ ...CAT_EVENT, type }, 'gcf-legacy-flat'));
    expect(decoded.events.map((e) => e.event)).toEqual([
      expectedStorageEvent(
        decodedType,
        { ...CAT_OBJECT, resourceState: state },
        '8123456789012345',
        '2026-11-20T10:00:00.123456Z',
      ),
    ]);
  });
});
