/**
 * Overload: ten times MAX_IN_FLIGHT deliveries at once against the worker in a real process, with
 * Vision holding every call until the test releases it. Exactly MAX_IN_FLIGHT are admitted and the
 * rest are refused with 429 while the admitted ones are still held (so the limit is on events at
 * once, not a rate); nothing gets a 5xx, the process stays alive with a bounded resident set, and
 * once released the admitted ones complete and are recorded. The figures (time to the first 429,
 * latencies, peak RSS) are printed for the README; nothing asserts on time.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeVisionServer, type FakeVisionServer } from '../support/fake-vision-server';
import { createPoster, type Poster, type PostResult } from '../support/http-poster';
import { pushBody } from '../support/push-body';
import { gate } from '../support/scripted-labeler';
import { ensureBuilt, startWorkerChild, type WorkerChild } from '../support/worker-child';
import { toMessage } from '../../src/events/message';

const MAX_IN_FLIGHT = 20;
const CONCURRENT = 10 * MAX_IN_FLIGHT;
/** A generous bound on the worker's resident set, in bytes. */
const RSS_BOUND_BYTES = 400 * 1024 * 1024;

let vision: FakeVisionServer;
let worker: WorkerChild;
let poster: Poster;
let dir: string;
/** Holds every Vision call of the first burst; opened by the test, or at the latest by afterAll. */
const release = gate();

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-overload-'));
  vision = await startFakeVisionServer();
  worker = await startWorkerChild({
    LABELER: 'vision',
    VISION_API_ENDPOINT: vision.url,
    MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
    RESULTS_FILE: path.join(dir, 'results.jsonl'),
  });
  poster = createPoster(worker.base, { maxSockets: CONCURRENT, timeoutMs: 30_000 });
}, 60_000);

afterAll(async () => {
  release.open();
  poster.close();
  worker.child.kill('SIGTERM');
  await worker.exited;
  await vision.close();
  await rm(dir, { recursive: true, force: true });
});

/** One delivery: its answer, and when it came (`performance.now()`, ms). */
interface Timed {
  readonly result: PostResult;
  readonly answeredAt: number;
}

/** Sends `count` distinct events at once; `onAnswer` sees each answer as it comes. */
function burst(count: number, firstId: number, onAnswer: (timed: Timed) => void) {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const id = String(firstId + index);
      const body = pushBody({ name: `burst/${id}.jpg`, contentType: 'image/jpeg', messageId: id });
      const result = await poster.post(
        toMessage({ 'content-type': 'application/json' }, JSON.stringify(body)),
      );
      const timed = { result, answeredAt: performance.now() };
      onAnswer(timed);
      return timed;
    }),
  );
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms: number) => Math.round(ms * 10) / 10;

test('10 × MAX_IN_FLIGHT at once: the excess gets 429 while the admitted are held, no 5xx, the process lives, the admitted complete', async () => {
  // A warm instance: the first event loads the Vision client (a cold start pays that once).
  await expect(burst(1, 1, () => undefined)).resolves.toEqual([
    { result: 204, answeredAt: expect.any(Number) },
  ]);
  const warmUpCalls = vision.requests.length;
  vision.setBehaviour({
    kind: 'hold',
    until: release.promise,
    then: { kind: 'labels', labels: [{ description: 'Cat', score: 0.9 }] },
  });
  const refusedAll = gate();
  const early: Timed[] = [];
  const sentAt = performance.now();
  const done = burst(CONCURRENT, 1_000_000, (timed) => {
    early.push(timed);
    if (early.length === CONCURRENT - MAX_IN_FLIGHT) refusedAll.open();
  });
  await refusedAll.promise;
  while (vision.requests.length - warmUpCalls < MAX_IN_FLIGHT) await sleep(10);

  // Structural: the admitted calls are held at Vision, and everything answered so far is a 429.
  const answeredWhileHeld = [...early];
  const heldAtVision = vision.requests.length - warmUpCalls;
  const ready = (await (await fetch(`${worker.base}/readyz`)).json()) as Record<string, unknown>;
  const memory = worker.memory();
  expect(answeredWhileHeld).toHaveLength(CONCURRENT - MAX_IN_FLIGHT);
  expect(new Set(answeredWhileHeld.map((timed) => timed.result))).toEqual(new Set([429]));
  expect(heldAtVision).toBe(MAX_IN_FLIGHT);
  expect(ready).toEqual({ status: 'ready', inFlight: MAX_IN_FLIGHT });
  expect(memory.rssBytes).toBeLessThan(RSS_BOUND_BYTES);

  const releasedAt = performance.now();
  const firstRefusalMs = Math.min(...early.map((timed) => timed.answeredAt)) - sentAt;
  const lastRefusalMs = Math.max(...early.map((timed) => timed.answeredAt)) - sentAt;
  release.open();
  const all = await done;
  const admitted = all.filter((timed) => timed.result === 204);
  expect(all.filter((timed) => timed.result !== 204 && timed.result !== 429)).toEqual([]);
  expect(admitted).toHaveLength(MAX_IN_FLIGHT);
  const afterReleaseMs = admitted.map((timed) => timed.answeredAt - releasedAt);

  // Vision answers in 50 ms now: a second burst measures the admitted latency under overload.
  vision.setBehaviour({
    kind: 'delay',
    delayMs: 50,
    then: { kind: 'labels', labels: [{ description: 'Cat', score: 0.9 }] },
  });
  const secondSentAt = performance.now();
  const second = await burst(CONCURRENT, 2_000_000, () => undefined);
  expect(second.filter((timed) => timed.result !== 204 && timed.result !== 429)).toEqual([]);
  const secondAdmitted = second.filter((timed) => timed.result === 204);
  const latencyMs = secondAdmitted.map((timed) => timed.answeredAt - secondSentAt);
  expect(secondAdmitted.length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);

  const health = await fetch(`${worker.base}/healthz`);
  expect(health.status).toBe(200);
  const peak = worker.memory().peakRssBytes;
  expect(peak).toBeLessThan(RSS_BOUND_BYTES);
  const lines = (await readFile(path.join(dir, 'results.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean);
  expect(lines).toHaveLength(1 + MAX_IN_FLIGHT + secondAdmitted.length);

  console.info(
    `Overload, MAX_IN_FLIGHT ${MAX_IN_FLIGHT}, ${CONCURRENT} at once. Held: first 429 after ` +
      `${round(firstRefusalMs)} ms, all ${CONCURRENT - MAX_IN_FLIGHT} after ${round(lastRefusalMs)} ms, ` +
      `admitted done ${round(percentile(afterReleaseMs, 50))} / ${round(percentile(afterReleaseMs, 99))} ms ` +
      `(p50 / p99) after release. Vision at 50 ms: ${secondAdmitted.length} admitted, latency ` +
      `${round(percentile(latencyMs, 50))} / ${round(percentile(latencyMs, 99))} ms (p50 / p99), ` +
      `${second.length - secondAdmitted.length} refused. Peak RSS ${Math.round(peak / 2 ** 20)} MiB.`,
  );
});
