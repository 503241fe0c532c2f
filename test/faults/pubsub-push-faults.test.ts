/**
 * At-least-once delivery through Pub/Sub push with a share of Vision calls failing in every way:
 * 1,000 events of every kind go concurrently through the real worker (HTTP, the real Vision client,
 * a real RESULTS_FILE), with racing redeliveries (an ack deadline passed while the worker still
 * works), answers lost on the way back, and redeliveries of acknowledged messages. Every event ends recorded exactly
 * once or dead-lettered; none is lost, none labeled twice.
 */
import type { HandledEvent } from '../../src/records/handled-event';
import { faultsByShare, VISION_FAULTS } from '../support/faulty-vision-server';
import type { PostResult } from '../support/http-poster';
import {
  PUSH_ACK_STATUSES,
  sendPushMessages,
  type PushReport,
} from '../support/pubsub-push-sender';
import { seededRandom } from '../support/seeded-random';
import { EVENT_KINDS, planEvents, pushRequest, type PlannedEvent } from './event-kinds';
import { SENDER_RUN_SETTINGS, startFaultRun } from './fault-run';
import { histogram, recordMismatches, recordsById } from './record-mismatches';

const SEED = 20261120;
const EVENTS = 1000;
/** Pub/Sub's default `--max-delivery-attempts`. */
const MAX_DELIVERY_ATTEMPTS = 5;

let planned: PlannedEvent[];
let report: PushReport;
let records: HandledEvent[];
let visionUris: string[];
let injected: Record<string, number>;
let elapsedMs: number;

beforeAll(async () => {
  const random = seededRandom(SEED);
  planned = planEvents(EVENTS, random);
  const run = await startFaultRun({
    plan: faultsByShare(0.25, VISION_FAULTS, random),
    ...SENDER_RUN_SETTINGS,
  });
  try {
    const started = performance.now();
    report = await sendPushMessages(
      planned.map((plannedEvent, index) => ({
        messageId: plannedEvent.event.id,
        request: (attempt) =>
          pushRequest(plannedEvent, attempt, index % 5 === 0 ? 'NONE' : 'JSON_API_V1'),
      })),
      {
        poster: run.poster,
        maxDeliveryAttempts: MAX_DELIVERY_ATTEMPTS,
        minRetryDelayMs: 2,
        maxRetryDelayMs: 40,
        concurrency: 44,
        racingShare: 0.05,
        redeliveredShare: 0.1,
        lostAnswerShare: 0.05,
        random,
      },
    );
    elapsedMs = performance.now() - started;
    records = await run.readRecords();
    visionUris = run.vision.requests.map((request) => request.imageUri ?? '');
    injected = { ...run.vision.injected };
  } finally {
    await run.close();
  }
}, 60_000);

const isAck = (result: PostResult): boolean =>
  typeof result === 'number' && PUSH_ACK_STATUSES.has(result);
/** What a handled event may meet on every attempt: a racing copy, quota, Vision down, a lost answer. */
const TRANSIENT: readonly PostResult[] = [409, 429, 503, 'transport-error'];
const expectedOf = (index: number) => EVENT_KINDS[planned[index]!.kind].expected;

test('poison and never-answered events are dead-lettered after maxDeliveryAttempts, never acknowledged', () => {
  const doomed = report.messages.filter((_, index) => expectedOf(index) === 'dead-letter');
  expect(doomed.length).toBeGreaterThan(EVENTS / 50);
  expect(
    doomed.filter(
      (message) =>
        message.outcome !== 'attempts-exhausted' ||
        message.results.length !== MAX_DELIVERY_ATTEMPTS ||
        message.results.some(isAck),
    ),
  ).toEqual([]);
});

test('every other event is acknowledged, unless each of its attempts met a transient failure', () => {
  const unlucky = report.messages.filter(
    (message, index) => expectedOf(index) !== 'dead-letter' && message.outcome !== 'delivered',
  );
  expect(unlucky.length).toBeLessThan(EVENTS / 100);
  expect(
    unlucky.flatMap((message) => message.results).filter((result) => !TRANSIENT.includes(result)),
  ).toEqual([]);
});

test('an event the worker answered 204 has exactly one record with its kind’s outcome, any other none', () => {
  expect(report.messages.map((message) => message.key)).toEqual(planned.map((p) => p.event.id));
  const answered = report.deliveries.filter((delivery) => delivery.answer === 204);
  expect(recordMismatches(planned, new Set(answered.map((d) => d.messageId)), records)).toEqual([]);
});

test('once the worker answered 204 for an event, every later attempt is answered 204 (a duplicate)', () => {
  const laterAnswers = report.messages.flatMap((message) => {
    const deliveries = report.deliveries.filter((d) => d.messageId === message.key);
    const handledAt = deliveries.find((d) => d.answer === 204)?.deliveryAttempt ?? Infinity;
    return deliveries.filter((d) => d.deliveryAttempt > handledAt).map((d) => d.answer);
  });
  expect(laterAnswers.length).toBeGreaterThan(EVENTS / 20);
  expect(laterAnswers.filter((answer) => answer !== 204)).toEqual([]);
});

test('a handled event is dead-lettered (its later answers all lost on the way back) for under 1 % of events', () => {
  const answeredIds = new Set(
    report.deliveries.filter((delivery) => delivery.answer === 204).map((d) => d.messageId),
  );
  const handledButDeadLettered = report.messages.filter(
    (message) => message.outcome !== 'delivered' && answeredIds.has(message.key),
  );
  expect(handledButDeadLettered.length).toBeLessThan(EVENTS / 100);
});

test('the record of an acknowledged event is of the acknowledged attempt, or of an earlier one whose answer was lost', () => {
  const byId = recordsById(records);
  const lostIds = new Set(
    report.deliveries.filter((d) => d.answer !== d.result).map((d) => d.messageId),
  );
  const acknowledged = report.messages.filter((message) => message.outcome === 'delivered');
  const attempts = acknowledged.map((message) => {
    const recorded = byId.get(message.key)?.handled[0]?.delivery.attempt ?? 0;
    const acked = message.results.length;
    return {
      id: message.key,
      fits: lostIds.has(message.key) ? recorded <= acked : recorded === acked,
    };
  });
  expect(attempts.filter((attempt) => !attempt.fits)).toEqual([]);
});

test('each 204 the worker sent wrote one line; an event is handled once however many of its answers were lost', () => {
  const answered204 = report.deliveries.filter((delivery) => delivery.answer === 204);
  expect(records).toHaveLength(answered204.length);
  const lostAcks = answered204.filter((delivery) => delivery.result !== 204);
  expect(lostAcks.length).toBeGreaterThan(EVENTS / 100);
  const handled = records.filter((record) => record.outcome !== 'duplicate');
  expect(new Set(handled.map((record) => record.event.id)).size).toBe(handled.length);
  expect(handled).toHaveLength(new Set(answered204.map((delivery) => delivery.messageId)).size);
});

test('redeliveries of acknowledged messages are acknowledged as duplicates', () => {
  const afterAck = report.deliveries.filter((delivery) => delivery.kind === 'after-ack');
  expect(afterAck.length).toBeGreaterThan(EVENTS / 20);
  expect(afterAck.filter((delivery) => !isAck(delivery.result))).toEqual([]);
  const duplicates = records.filter((record) => record.outcome === 'duplicate');
  expect(duplicates.length).toBeGreaterThanOrEqual(afterAck.length);
});

test('the worker answered 204, 400, 409, 429 or 503 only (no other 5xx); every fault was injected', () => {
  const statuses = histogram(report.deliveries.map((delivery) => delivery.answer));
  expect(Object.keys(statuses)).toEqual(expect.arrayContaining(['204', '400', '429', '503']));
  expect(
    Object.keys(statuses).filter((status) => !['204', '400', '409', '429', '503'].includes(status)),
  ).toEqual([]);
  expect(VISION_FAULTS.filter((fault) => injected[fault] === 0)).toEqual([]);
  console.info(
    `Pub/Sub push fault run: ${EVENTS} events in ${Math.round(elapsedMs)} ms, ` +
      `${report.deliveries.length} deliveries ${JSON.stringify(statuses)}, ` +
      `${visionUris.length} Vision calls, faults ${JSON.stringify(injected)}, dead-lettered ` +
      `${report.messages.filter((message) => message.outcome !== 'delivered').length}`,
  );
});

test('objects that are not images and events that are not finalizations never reach Vision', () => {
  expect(visionUris.filter((uri) => /\/(not-an-image|deleted|poison)\//.test(uri))).toEqual([]);
  expect(visionUris.filter((uri) => uri.includes('/image/')).length).toBeGreaterThan(EVENTS / 2);
});
