/**
 * The setting of the fault runs: a population of upload events of several kinds (images, non-
 * images, missing objects, corrupt images, deletions, objects Vision never answers for, poison
 * deliveries), what each kind must end as, the real worker on a port with the real Vision client
 * against a faulty Vision stand-in and a real RESULTS_FILE, and the records read back.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { storageEvent, type StorageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { StorageEventType } from '../../src/events/event-types';
import type { Message } from '../../src/events/message';
import type { HandledEvent, Outcome } from '../../src/handling/handled-event';
import { createWorker, type Worker } from '../../src/worker/create-worker';
import { listen } from '../../src/worker/listen';
import type {
  FakeLabel,
  FakeVisionBehaviour,
  FakeVisionRequest,
} from '../support/fake-vision-server';
import {
  startFaultyVisionServer,
  type FaultPlan,
  type FaultyVisionServer,
} from '../support/faulty-vision-server';
import { createPoster, type Poster } from '../support/http-poster';
import type { DeliveryRecord } from '../support/retrying-delivery';
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

/** Options of {@link startFaultRun}. */
export interface FaultRunOptions {
  readonly plan: FaultPlan;
  readonly maxInFlight: number;
  /** VISION_TIMEOUT_MS; a `slow` fault answers after three times this. */
  readonly visionTimeoutMs: number;
}

/** A running setting; `close()` it after the test. */
export interface FaultRun {
  readonly worker: Worker;
  readonly vision: FaultyVisionServer;
  readonly poster: Poster;
  /** `http://127.0.0.1:<port>`: the worker. */
  readonly url: string;
  /** Every line of RESULTS_FILE, parsed. */
  readRecords(): Promise<HandledEvent[]>;
  close(): Promise<void>;
}

/** Starts the faulty Vision stand-in and the worker (LABELER=vision) on a free port. */
export async function startFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const vision = await startFaultyVisionServer({
    plan: options.plan,
    answer: visionAnswer,
    slowMs: options.visionTimeoutMs * 3,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-faults-'));
  const resultsFile = path.join(dir, 'results.jsonl');
  const config = loadConfig({
    LABELER: 'vision',
    VISION_API_ENDPOINT: vision.url,
    VISION_TIMEOUT_MS: String(options.visionTimeoutMs),
    MAX_IN_FLIGHT: String(options.maxInFlight),
    RESULTS_FILE: resultsFile,
    LOG_LEVEL: 'info',
  });
  const worker = await createWorker(config, { logDestination: discard() });
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  const poster = createPoster(`http://127.0.0.1:${port}`, { maxSockets: 128 });
  return {
    worker,
    vision,
    poster,
    url: `http://127.0.0.1:${port}`,
    readRecords: async () =>
      (await readFile(resultsFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HandledEvent),
    close: async () => {
      poster.close();
      await closeServer(server);
      await worker.results.close();
      await worker.labeler.close?.();
      await vision.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The records of each event id: its handled records (anything but duplicate), and duplicates. */
export function recordsById(
  records: readonly HandledEvent[],
): Map<string, { handled: HandledEvent[]; duplicates: number }> {
  const byId = new Map<string, { handled: HandledEvent[]; duplicates: number }>();
  for (const record of records) {
    const entry = byId.get(record.event.id) ?? { handled: [], duplicates: 0 };
    if (record.outcome === 'duplicate') entry.duplicates++;
    else entry.handled.push(record);
    byId.set(record.event.id, entry);
  }
  return byId;
}

/** What one event's records say, or should say: the outcome and, when labeled, the labels. */
export interface RecordSummary {
  readonly outcome: Outcome;
  readonly labels?: readonly FakeLabel[] | undefined;
}

/** An event whose records differ from what its delivery calls for. */
export interface RecordMismatch {
  readonly id: string;
  readonly kind: EventKindName;
  readonly delivery: DeliveryRecord['outcome'];
  readonly expected: readonly RecordSummary[];
  readonly recorded: readonly RecordSummary[];
}

/**
 * The events whose records are not what their delivery calls for: a delivered event has exactly
 * one record besides duplicates, with its kind's outcome (and, labeled, its own object's labels);
 * a dead-lettered event has no record at all.
 *
 * @param deliveries - the sender's record of each planned event, in the same order
 */
export function recordMismatches(
  planned: readonly PlannedEvent[],
  deliveries: readonly DeliveryRecord[],
  records: readonly HandledEvent[],
): RecordMismatch[] {
  const byId = recordsById(records);
  return planned.flatMap(({ kind, event }, index) => {
    const delivery = deliveries[index]?.outcome ?? 'not-retryable';
    const expectedOutcome = EVENT_KINDS[kind].expected;
    const expected: RecordSummary[] =
      delivery !== 'delivered' || expectedOutcome === 'dead-letter'
        ? []
        : [
            summary(
              expectedOutcome,
              expectedOutcome === 'labeled' ? labelsOf(event.data.name) : undefined,
            ),
          ];
    const entry = byId.get(event.id);
    const recorded = (entry?.handled ?? []).map((record) => summary(record.outcome, record.labels));
    const duplicatesOfNothing =
      delivery === 'delivered'
        ? []
        : new Array<RecordSummary>(entry?.duplicates ?? 0).fill(summary('duplicate', undefined));
    const all = [...recorded, ...duplicatesOfNothing];
    return isDeepStrictEqual(all, expected)
      ? []
      : [{ id: event.id, kind, delivery, expected, recorded: all }];
  });
}

function summary(outcome: Outcome, labels: readonly FakeLabel[] | undefined): RecordSummary {
  return labels === undefined ? { outcome } : { outcome, labels };
}

/** How many times each value occurs, as a plain object (for messages and figures). */
export function histogram(values: Iterable<string | number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
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
