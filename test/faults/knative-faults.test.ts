/**
 * At-least-once delivery through a Knative Broker and Trigger with a share of Vision calls failing
 * in every way: 1,000 CloudEvents (binary and structured mode, current and 2020 knative-gcp
 * attributes) go concurrently through the real worker (HTTP, the real Vision client, a real
 * RESULTS_FILE). Every event ends recorded exactly once or in the dead-letter sink; poison events
 * go there at once, without retries.
 */
import type { HandledEvent } from '../../src/records/handled-event';
import { faultsByShare, VISION_FAULTS } from '../support/faulty-vision-server';
import { sendKnativeEvents, type KnativeReport } from '../support/knative-sender';
import { pick, seededRandom } from '../support/seeded-random';
import { cloudEventRequest, EVENT_KINDS, planEvents, type PlannedEvent } from './event-kinds';
import { SENDER_RUN_SETTINGS, startFaultRun } from './fault-run';
import { histogram, recordMismatches } from './record-mismatches';

const SEED = 4242;
const EVENTS = 1000;
/** The Trigger's `delivery.retry`. */
const RETRY = 4;
const ENCODINGS = [
  'cloudevent-binary',
  'cloudevent-binary-knative-gcp-2020',
  'cloudevent-structured',
] as const;

let planned: PlannedEvent[];
let report: KnativeReport;
let records: HandledEvent[];
let injected: Record<string, number>;
let visionCalls: number;
let elapsedMs: number;

beforeAll(async () => {
  const random = seededRandom(SEED);
  planned = planEvents(EVENTS, random, 5_000_000_000_000_000n);
  const run = await startFaultRun({
    plan: faultsByShare(0.25, VISION_FAULTS, random),
    ...SENDER_RUN_SETTINGS,
  });
  try {
    const started = performance.now();
    report = await sendKnativeEvents(
      planned.map((plannedEvent) => ({
        id: plannedEvent.event.id,
        request: cloudEventRequest(plannedEvent, pick(random, ENCODINGS)),
      })),
      { poster: run.poster, retry: RETRY, backoffDelayMs: 2, concurrency: 44 },
    );
    elapsedMs = performance.now() - started;
    records = await run.readRecords();
    injected = { ...run.vision.injected };
    visionCalls = run.vision.requests.length;
  } finally {
    await run.close();
  }
}, 60_000);

const expectedOf = (index: number) => EVENT_KINDS[planned[index]!.kind].expected;

test('poison events go to the dead-letter sink at the first 400, without a retry', () => {
  const poison = report.events.filter((_, index) => planned[index]!.kind === 'poison');
  expect(poison.length).toBeGreaterThan(EVENTS / 100);
  expect(new Set(poison.map((event) => `${event.outcome} ${event.results.join()}`))).toEqual(
    new Set(['not-retryable 400']),
  );
});

test('never-answered events are dead-lettered after retry + 1 attempts of 503 (or 429)', () => {
  const doomed = report.events.filter((_, index) => planned[index]!.kind === 'never-answered');
  expect(doomed.length).toBeGreaterThan(EVENTS / 200);
  expect(
    doomed.filter(
      (event) =>
        event.outcome !== 'attempts-exhausted' ||
        event.results.length !== RETRY + 1 ||
        event.results.some((result) => result !== 503 && result !== 429),
    ),
  ).toEqual([]);
});

test('every other event is delivered, unless each of its attempts met a transient failure', () => {
  const unlucky = report.events.filter(
    (event, index) => expectedOf(index) !== 'dead-letter' && event.outcome !== 'delivered',
  );
  expect(unlucky.length).toBeLessThan(EVENTS / 100);
  expect(unlucky.flatMap((event) => event.results).filter((r) => r !== 429 && r !== 503)).toEqual(
    [],
  );
});

test('a delivered event has exactly one record with its kind’s outcome, a dead-lettered one none', () => {
  expect(report.events.map((event) => event.key)).toEqual(planned.map((p) => p.event.id));
  const delivered = report.events.filter((event) => event.outcome === 'delivered');
  expect(recordMismatches(planned, new Set(delivered.map((event) => event.key)), records)).toEqual(
    [],
  );
});

test('each delivery answered 2xx wrote exactly one line, and none is a duplicate', () => {
  const successes = report.events.flatMap((event) => event.results).filter((r) => r === 204);
  expect(records).toHaveLength(successes.length);
  expect(records.filter((record) => record.outcome === 'duplicate')).toEqual([]);
});

test('the worker answered 204, 400, 429 or 503 only (no other 5xx); every fault was injected', () => {
  const statuses = histogram(report.events.flatMap((event) => event.results));
  expect(Object.keys(statuses).sort()).toEqual(
    expect.arrayContaining(['204', '400', '429', '503']),
  );
  expect(
    Object.keys(statuses).filter((status) => !['204', '400', '429', '503'].includes(status)),
  ).toEqual([]);
  expect(VISION_FAULTS.filter((fault) => injected[fault] === 0)).toEqual([]);
  console.info(
    `Knative fault run: ${EVENTS} events in ${Math.round(elapsedMs)} ms, ` +
      `${report.events.flatMap((event) => event.results).length} deliveries ${JSON.stringify(statuses)}, ` +
      `${visionCalls} Vision calls, faults ${JSON.stringify(injected)}, dead-lettered ` +
      `${report.events.filter((event) => event.outcome !== 'delivered').length}`,
  );
});
