/**
 * The events of the fault runs: seven kinds of upload (images, non-images, missing objects, corrupt
 * images, deletions, objects Vision never answers for, poison deliveries), what each kind must end
 * as, what Vision says of each, and their requests as Pub/Sub push and Knative deliver them.
 */
import { storageEvent, type StorageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { StorageEventType } from '../../src/events/event-types';
import type { Message } from '../../src/events/message';
import type { Outcome } from '../../src/records/handled-event';
import type {
  FakeLabel,
  FakeVisionBehaviour,
  FakeVisionRequest,
} from '../support/fake-vision-server';
import { pickWeighted, type Random } from '../support/seeded-random';

export const BUCKET = 'faults-bucket';

/** What an event of each kind must end as: one record with this outcome, or dead-lettered. */
export type Expected = Exclude<Outcome, 'duplicate'> | 'dead-letter';

/** One kind of event: how often it occurs, its object, what Vision says of it, how it ends. */
interface EventKind {
  readonly weight: number;
  readonly type: StorageEventType;
  readonly extension: string;
  readonly contentType: string;
  /** Vision's own answer for the object (without an injected fault). */
  readonly vision: (name: string) => FakeVisionBehaviour;
  readonly expected: Expected;
}

const labels = (name: string): FakeVisionBehaviour => ({ kind: 'labels', labels: labelsOf(name) });
const FINALIZED = 'google.cloud.storage.object.v1.finalized';

/** The kinds, by name; the name is the first segment of the object name. */
export const EVENT_KINDS = {
  image: {
    weight: 70,
    type: FINALIZED,
    extension: '.jpg',
    contentType: 'image/jpeg',
    vision: labels,
    expected: 'labeled',
  },
  'not-an-image': {
    weight: 8,
    type: FINALIZED,
    extension: '.txt',
    contentType: 'text/plain',
    vision: labels,
    expected: 'ignored',
  },
  missing: {
    weight: 8,
    type: FINALIZED,
    extension: '.png',
    contentType: 'image/png',
    vision: () => ({ kind: 'image-error', code: 5, message: 'Error opening file: gs://…' }),
    expected: 'ignored',
  },
  corrupt: {
    weight: 5,
    type: FINALIZED,
    extension: '.jpg',
    contentType: 'image/jpeg',
    vision: () => ({ kind: 'image-error', code: 3, message: 'Bad image data.' }),
    expected: 'unlabelable',
  },
  deleted: {
    weight: 4,
    type: 'google.cloud.storage.object.v1.deleted',
    extension: '.jpg',
    contentType: 'image/jpeg',
    vision: labels,
    expected: 'ignored',
  },
  'never-answered': {
    weight: 2,
    type: FINALIZED,
    extension: '.jpg',
    contentType: 'image/jpeg',
    vision: () => ({ kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'down' }),
    expected: 'dead-letter',
  },
  poison: {
    weight: 3,
    type: FINALIZED,
    extension: '.jpg',
    contentType: 'image/jpeg',
    vision: labels,
    expected: 'dead-letter',
  },
} as const satisfies Readonly<Record<string, EventKind>>;
export type EventKindName = keyof typeof EVENT_KINDS;

/** One planned event: its kind and its canonical event. */
export interface PlannedEvent {
  readonly kind: EventKindName;
  readonly event: StorageEvent;
}

/** The labels Vision gives an object: derived from its name, so a mix-up would show. */
export function labelsOf(name: string): FakeLabel[] {
  return [{ description: `label of ${name}`, score: 0.9, mid: '/m/0test', topicality: 0.9 }];
}

/** `count` events of drawn kinds, ids `firstId`, `firstId + 1`, ... (decimal, as Pub/Sub's). */
export function planEvents(
  count: number,
  random: Random,
  firstId = 9_000_000_000_000_000n,
): PlannedEvent[] {
  const weights = Object.fromEntries(
    Object.entries(EVENT_KINDS).map(([kind, { weight }]) => [kind, weight]),
  ) as Record<EventKindName, number>;
  return Array.from({ length: count }, (_, index) =>
    plannedEvent(pickWeighted(random, weights), index, String(firstId + BigInt(index))),
  );
}

/**
 * One event of a kind: the object `<kind>/<stem><extension>` in {@link BUCKET}, generation
 * derived from `index`.
 */
export function plannedEvent(
  kind: EventKindName,
  index: number,
  id: string,
  stem = String(index),
): PlannedEvent {
  const { type, extension, contentType } = EVENT_KINDS[kind];
  const name = `${kind}/${stem}${extension}`;
  const generation = String(1_700_000_000_000_000 + index);
  const object = { kind: 'storage#object', bucket: BUCKET, name, generation, contentType };
  return { kind, event: storageEvent({ type, object, id, time: '2026-11-20T10:00:00.123Z' }) };
}

/** Vision's own answer for a request, by the kind named in the object name. */
export function visionAnswer(request: FakeVisionRequest): FakeVisionBehaviour {
  const name = (request.imageUri ?? '').replace(`gs://${BUCKET}/`, '');
  const kind = name.split('/')[0] as EventKindName;
  return EVENT_KINDS[kind].vision(name);
}

/** The Pub/Sub push request of one delivery of a planned event (a poison one has broken data). */
export function pushRequest(
  planned: PlannedEvent,
  deliveryAttempt: number,
  payloadFormat: 'JSON_API_V1' | 'NONE',
): Message {
  const encoding =
    payloadFormat === 'NONE' && planned.kind !== 'poison'
      ? 'pubsub-push-payload-none'
      : 'pubsub-push';
  const { headers, body } = encodeDelivery(planned.event, encoding, {
    project: 'faults',
    subscription: 'worker-push',
  });
  const push = JSON.parse(body.toString('utf8')) as { message: Record<string, unknown> };
  if (planned.kind === 'poison') {
    push.message.data = Buffer.from(`{"bucket": "${BUCKET}", "name": `).toString('base64');
  }
  return { headers, body: Buffer.from(JSON.stringify({ ...push, deliveryAttempt })) };
}

/** The CloudEvent request of a planned event in one of the Knative encodings (poison: cut JSON). */
export function cloudEventRequest(
  planned: PlannedEvent,
  encoding: 'cloudevent-binary' | 'cloudevent-binary-knative-gcp-2020' | 'cloudevent-structured',
): Message {
  const message = encodeDelivery(planned.event, encoding);
  if (planned.kind !== 'poison') return message;
  const cut = message.body.subarray(0, message.body.length >> 1);
  return { headers: message.headers, body: cut };
}
