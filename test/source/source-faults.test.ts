/**
 * The Pub/Sub source end to end, with faults (the run: test/support/source-fault-run.ts): every
 * Cloud Storage notification ends recorded exactly once or on the dead-letter topic; none is
 * lost, nothing is acknowledged that the sink did not accept, and the faults really happened.
 */
import { DEAD_LETTER_ATTRIBUTES } from '../../src/source/dead-letter-copy';
import {
  BUCKET,
  NOTIFICATIONS,
  PROJECT,
  startFaultRun,
  stopFaultRun,
  type Run,
} from '../support/source-fault-run';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';

let run: Run;

beforeAll(async () => {
  run = await startFaultRun();
}, PEER_BUILD_TIMEOUT_MS + 90_000);

afterAll(stopFaultRun);

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/**
 * Deliveries that followed a lapsed ack deadline, not a nack: pstest lists the nacks (deadline 0)
 * it applied; a ModifyAckDeadline the fault failed is not among them.
 */
function lapsedDeliveries(): number {
  return run.published.reduce((sum, message) => {
    const nacks = message.modAckDeadlinesSeconds.filter((seconds) => seconds === 0).length;
    return sum + Math.max(0, message.deliveries - 1 - nacks);
  }, 0);
}

/** The settled-message lines of the sources' logs. */
function settledLines() {
  return run.logs.filter((line) => typeof line.outcome === 'string');
}

test('every notification is recorded exactly once or on the dead-letter topic: none lost', () => {
  const handled = run.records.filter((record) => record.outcome !== 'duplicate');
  const handledIds = handled.map((record) => record.event.id);
  expect(new Set(handledIds).size).toBe(handledIds.length);
  const poison = new Set(run.poisonIds);
  expect([...handledIds].sort()).toEqual(
    run.notificationIds.filter((id) => !poison.has(id)).sort(),
  );
  expect(countBy(handled, (record) => record.outcome)).toEqual({
    ignored: NOTIFICATIONS - run.poisonIds.length,
  });
  const deadLetteredIds = new Set(
    run.deadLettered.map((message) => message.attributes[DEAD_LETTER_ATTRIBUTES.messageId]),
  );
  expect([...deadLetteredIds].sort()).toEqual([...run.poisonIds].sort());
});

test('a redelivery the worker already handled is recorded as duplicate, never as a second event', () => {
  const outcomes = new Set(run.records.map((record) => record.outcome));
  expect([...outcomes].sort()).toEqual(['duplicate', 'ignored']);
});

test('a permanent 400 goes to the dead-letter topic at once, with its data and the reason', () => {
  expect(run.poisonIds).toHaveLength(30);
  for (const message of run.deadLettered) {
    expect(message.attributes).toMatchObject({
      eventType: 'OBJECT_FINALIZE',
      bucketId: BUCKET,
      [DEAD_LETTER_ATTRIBUTES.status]: '400',
      [DEAD_LETTER_ATTRIBUTES.subscription]: `projects/${PROJECT}/subscriptions/source`,
    });
    expect(message.attributes[DEAD_LETTER_ATTRIBUTES.reason]).toContain(
      'the image is poison: no retry will help',
    );
    expect(message.attributes.objectId).toContain('poison');
  }
  const poisonNacks = settledLines().filter(
    (line) => line.outcome === 'retried' && String(line.reason).includes('answered 400'),
  );
  expect(poisonNacks).toEqual([]);
});

test('messages that are no notification of the bucket are acknowledged, logged, never sent', () => {
  const skipped = settledLines().filter((line) => line.outcome === 'skipped');
  expect(new Set(skipped.map((line) => line.messageId))).toEqual(new Set(run.otherIds));
  for (const id of run.otherIds) expect(run.sentIds.has(id)).toBe(false);
});

test('nothing was acknowledged that the sink did not accept (or the dead-letter topic did not get)', () => {
  const recordedIds = new Set(run.records.map((record) => record.event.id));
  const delivered = settledLines().filter((line) => line.outcome === 'delivered');
  for (const line of delivered) expect(recordedIds.has(String(line.eventId))).toBe(true);
  expect(run.published.every((message) => message.acks > 0)).toBe(true);
});

test('the faults happened: 503, 429, slow answers, the sink down, lapsed ack deadlines', () => {
  expect(run.proxyCounts).toMatchObject({
    '503': expect.any(Number),
    '429': expect.any(Number),
    '400': expect.any(Number),
    slow: expect.any(Number),
  });
  const reasons = settledLines()
    .filter((line) => line.outcome === 'retried')
    .map((line) => String(line.reason));
  expect(reasons.some((reason) => reason.startsWith('connection: '))).toBe(true);
  expect(reasons.some((reason) => reason.startsWith('timeout: '))).toBe(true);
  expect(reasons.some((reason) => reason.includes('answered 503'))).toBe(true);
  expect(reasons.some((reason) => reason.includes('answered 429'))).toBe(true);
  expect(run.modAckFaults[0]!.injected).toBeGreaterThan(0);
  expect(lapsedDeliveries()).toBeGreaterThan(0);
});

test('SIGTERM mid-stream: the source drained and exited 0 within 10 s', () => {
  expect(run.firstExit).toEqual({ code: 0, signal: null });
  expect(run.drainMs).toBeLessThan(10_000);
  expect(run.firstLogs.at(-1)).toMatchObject({ message: expect.stringMatching(/^stopped \(/) });
});

test('the run stays inside a minute', () => {
  expect(run.elapsedMs).toBeLessThan(60_000);
  process.stderr.write(
    `source fault run: ${JSON.stringify({
      published: run.published.length,
      notifications: NOTIFICATIONS,
      recorded: countBy(run.records, (record) => record.outcome),
      deadLettered: run.deadLettered.length,
      deliveries: run.published.reduce((sum, message) => sum + message.deliveries, 0),
      lapsed: lapsedDeliveries(),
      outcomes: countBy(settledLines(), (line) => String(line.outcome)),
      proxy: run.proxyCounts,
      modAckFaults: run.modAckFaults[0]?.injected,
      drainMs: Math.round(run.drainMs),
      elapsedMs: Math.round(run.elapsedMs),
    })}\n`,
  );
});
