/**
 * Cloud Run with `RESULTS_MODE=pubsub` under publish faults: the real worker (HTTP, a real
 * RESULTS_FILE, the real `@google-cloud/pubsub` client) publishing to Google's Pub/Sub fake
 * (pstest) while the topic fails 30 % of Publish calls (UNAVAILABLE, seeded), and a simulated push
 * subscription that retries every other answer, with racing redeliveries, answers lost on the
 * way back and redeliveries of acknowledged messages. Nothing is acknowledged without its result
 * on the topic; every image is labeled once; its one record carries the result that was published.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config';
import { storageEvent, type StorageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { HandledEvent } from '../../src/records/handled-event';
import { createWorker, type Worker } from '../../src/worker/create-worker';
import { listen } from '../../src/worker/listen';
import { histogram } from '../faults/record-mismatches';
import { createPoster, type Poster } from '../support/http-poster';
import { startPubSubFake, type PubSubFake, type PubSubFakeMessage } from '../support/pubsub-fake';
import {
  PUSH_ACK_STATUSES,
  sendPushMessages,
  type PushReport,
} from '../support/pubsub-push-sender';
import { scriptedLabeler } from '../support/scripted-labeler';
import { seededRandom } from '../support/seeded-random';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';

const SEED = 20261206;
const EVENTS = 400;
const FAILING_SHARE = 0.3;
const PROJECT = 'dualrun-faults';
const TOPIC = `projects/${PROJECT}/topics/image-labels`;

let fake: PubSubFake;
let worker: Worker;
let poster: Poster;
let dir: string;
let events: StorageEvent[];
let report: PushReport;
let records: HandledEvent[];
let published: PubSubFakeMessage[];
let labelerCalls: string[];
let publishCalls: { calls: number; injected: number };
let elapsedMs: number;

function upload(index: number): StorageEvent {
  const id = String(17650000000000 + index);
  return storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id,
    time: '2026-12-06T12:00:00.000Z',
    object: {
      kind: 'storage#object',
      bucket: 'photos',
      name: `uploads/${index}.jpg`,
      generation: String(1765022400000000 + index),
      contentType: 'image/jpeg',
      size: '48213',
    },
  });
}

beforeAll(async () => {
  fake = await startPubSubFake({ projectId: PROJECT });
  await fake.client().createTopic('image-labels');
  await fake.setFaults([
    { method: 'Publish', code: 'UNAVAILABLE', fraction: FAILING_SHARE, seed: SEED, topic: TOPIC },
  ]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-results-faults-'));
  const resultsFile = path.join(dir, 'results.jsonl');
  const { labeler, calls } = scriptedLabeler(
    {},
    { outcome: 'labeled', labels: [{ description: 'Cat', score: 0.98 }] },
  );
  worker = await createWorker(
    loadConfig({
      LABELER: 'none',
      RESULTS_FILE: resultsFile,
      RESULTS_MODE: 'pubsub',
      RESULTS_TOPIC: TOPIC,
      PUBSUB_EMULATOR_HOST: fake.emulatorHost,
      K_SERVICE: 'labeler',
      MAX_IN_FLIGHT: '48',
    }),
    { labeler, logDestination: discard() },
  );
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  poster = createPoster(`http://127.0.0.1:${port}`, { maxSockets: 64 });
  events = Array.from({ length: EVENTS }, (_, index) => upload(index));
  const random = seededRandom(SEED);
  try {
    const started = performance.now();
    report = await sendPushMessages(
      events.map((event) => ({
        messageId: event.id,
        request: (attempt) => {
          const { headers, body } = encodeDelivery(event, 'pubsub-push', { project: PROJECT });
          const push = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          return {
            headers,
            body: Buffer.from(JSON.stringify({ ...push, deliveryAttempt: attempt })),
          };
        },
      })),
      {
        poster,
        maxDeliveryAttempts: 20,
        minRetryDelayMs: 2,
        maxRetryDelayMs: 40,
        concurrency: 32,
        racingShare: 0.05,
        redeliveredShare: 0.1,
        lostAnswerShare: 0.05,
        random,
      },
    );
    elapsedMs = performance.now() - started;
  } finally {
    poster.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await worker.resultEmitter?.close();
    await worker.results.close();
  }
  records = (await readFile(resultsFile, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HandledEvent);
  published = (await fake.messages()).filter((message) => message.topic === TOPIC);
  labelerCalls = calls.map((call) => call.name);
  const [rule] = await fake.faults();
  publishCalls = { calls: rule?.calls ?? 0, injected: rule?.injected ?? 0 };
}, PEER_BUILD_TIMEOUT_MS);

afterAll(async () => {
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A log destination that drops every line. */
function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

/** The input event id each published result names, from its data. */
function inputIdOf(message: PubSubFakeMessage): string {
  return (JSON.parse(message.data.toString('utf8')) as { input: { id: string } }).input.id;
}

test('the topic failed a share of Publish calls, and the worker answered those pushes 503', () => {
  expect(publishCalls.injected).toBeGreaterThan(publishCalls.calls * 0.2);
  const statuses = histogram(report.deliveries.map((delivery) => delivery.answer));
  expect(statuses['503']).toBeGreaterThanOrEqual(publishCalls.injected);
  expect(Object.keys(statuses).filter((status) => !['204', '409', '503'].includes(status))).toEqual(
    [],
  );
  console.info(
    `Result publish fault run: ${EVENTS} events in ${Math.round(elapsedMs)} ms, ` +
      `${report.deliveries.length} deliveries ${JSON.stringify(statuses)}, ` +
      `${publishCalls.calls} Publish calls of which ${publishCalls.injected} failed (UNAVAILABLE), ` +
      `${published.length} results on the topic, ${labelerCalls.length} labeler calls, ` +
      `${report.messages.filter((message) => message.outcome !== 'delivered').length} dead-lettered`,
  );
});

test('every event is acknowledged in the end', () => {
  expect(report.messages.filter((message) => message.outcome !== 'delivered')).toEqual([]);
});

test('nothing was acknowledged without its result on the topic', () => {
  const onTopic = new Set(published.map(inputIdOf));
  const acknowledged = report.deliveries.filter(
    (delivery) => typeof delivery.answer === 'number' && PUSH_ACK_STATUSES.has(delivery.answer),
  );
  expect(acknowledged.length).toBeGreaterThanOrEqual(EVENTS);
  expect(acknowledged.filter((delivery) => !onTopic.has(delivery.messageId))).toEqual([]);
});

test('each result is on the topic once, with the binding attributes, the same whatever attempt published it', () => {
  expect(published).toHaveLength(EVENTS);
  expect(new Set(published.map(inputIdOf)).size).toBe(EVENTS);
  for (const message of published) {
    expect(message.attributes).toEqual({
      'ce-specversion': '1.0',
      'ce-id': expect.stringMatching(/^[0-9a-f]{32}$/),
      'ce-source': '//dualrun/labeler',
      'ce-type': 'dev.dualrun.image.labeled.v1',
      'ce-subject': expect.stringMatching(/^objects\/uploads\/\d+\.jpg$/),
      'content-type': 'application/json',
    });
  }
});

test('every image was labeled once: a redelivery after a failed publish reused the answer', () => {
  expect(labelerCalls).toHaveLength(EVENTS);
  expect(new Set(labelerCalls).size).toBe(EVENTS);
});

test('RESULTS_FILE holds one labeled record per event, written after its publish, carrying the published event', () => {
  const labeled = records.filter((record) => record.outcome === 'labeled');
  expect(labeled).toHaveLength(EVENTS);
  expect(
    records.filter((record) => record.outcome !== 'labeled' && record.outcome !== 'duplicate'),
  ).toEqual([]);
  const byId = new Map(published.map((message) => [message.attributes['ce-id'], message]));
  for (const record of labeled) {
    const message = byId.get(record.resultEvent?.id);
    expect(JSON.parse(message?.data.toString('utf8') ?? 'null')).toEqual(record.resultEvent?.data);
  }
});
