/**
 * The Pub/Sub source end to end, with faults: 1,000 Cloud Storage notifications (and 20 other
 * messages) published to Google's Pub/Sub fake (pstest) → the built source, a real child process
 * with the real `@google-cloud/pubsub` client (PUBSUB_EMULATOR_HOST) → a fault-injecting proxy
 * (where the Broker would be) → a real worker (`LABELER=none`, RESULTS_FILE). Faults: the sink
 * down for 1.5 s; 8 % of requests answered 503 and 8 % 429; 2 % answered after the send timeout,
 * 6 % after the ack deadline; a permanent 400 for the 30 "poison" objects; a quarter of the
 * client's ModifyAckDeadline calls failing, so leases are not extended and ack deadlines (1 s)
 * lapse while a message is being sent; the source sent SIGTERM mid-stream and started again.
 * Every notification ends recorded exactly once (`ignored` with LABELER=none; the worker records
 * redeliveries it has already handled as `duplicate`) or on the dead-letter topic; none is lost,
 * and nothing is acknowledged that the sink did not accept.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Message, Subscription, Topic } from '@google-cloud/pubsub';
import type { StorageObjectData } from '../../src/events/canonical-event';
import type { HandledEvent } from '../../src/records/handled-event';
import { DEAD_LETTER_ATTRIBUTES } from '../../src/source/dead-letter-copy';
import { gcsAttributes, prettyJson } from '../support/decode-fixtures';
import { startFaultProxy, type FaultProxy, type ProxyFault } from '../support/fault-proxy';
import {
  startPubSubFake,
  type PubSubFake,
  type PubSubFakeMessage,
  type PubSubFaultState,
} from '../support/pubsub-fake';
import { pickWeighted, seededRandom } from '../support/seeded-random';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';
import {
  ensureBuilt,
  startNodeChild,
  startWorkerChild,
  type WorkerChild,
} from '../support/worker-child';

const SOURCE_ENTRY = path.resolve(__dirname, '../../dist/src/startup/source-main.js');
const PROJECT = 'dualrun-faults';
const BUCKET = 'dualrun-fault-photos';
const NOTIFICATIONS = 1000;
const POISON_EVERY = 33; // 30 poison objects among 1,000
const OTHERS = 20;
const SEND_TIMEOUT_MS = 2000;
const ACK_DEADLINE_SECONDS = 1;
const SEED = 20261206;

/** What the proxy does with a request that is not poison, by weight. */
const FAULT_WEIGHTS = { forward: 76, unavailable: 8, tooMany: 8, pastTimeout: 2, pastDeadline: 6 };

interface Run {
  readonly elapsedMs: number;
  readonly notificationIds: readonly string[];
  readonly poisonIds: readonly string[];
  readonly otherIds: readonly string[];
  readonly records: readonly HandledEvent[];
  readonly deadLettered: readonly Message[];
  readonly logs: readonly Record<string, unknown>[];
  readonly sentIds: ReadonlySet<string>;
  readonly proxyCounts: Readonly<Record<string, number>>;
  readonly modAckFaults: readonly PubSubFaultState[];
  readonly published: readonly PubSubFakeMessage[];
  readonly firstExit: { code: number | null; signal: NodeJS.Signals | null };
  readonly drainMs: number;
  readonly firstLogs: readonly Record<string, unknown>[];
}

let fake: PubSubFake;
let worker: WorkerChild | undefined;
let proxy: FaultProxy | undefined;
const sources: WorkerChild[] = [];
let watch: Subscription | undefined;
let dir: string;
let run: Run;

beforeAll(async () => {
  ensureBuilt();
  fake = await startPubSubFake({ projectId: PROJECT });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-source-faults-'));
  run = await faultRun();
}, PEER_BUILD_TIMEOUT_MS + 90_000);

afterAll(async () => {
  for (const source of sources) source.child.kill('SIGKILL');
  worker?.child.kill('SIGKILL');
  await watch?.close();
  await proxy?.close();
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

async function faultRun(): Promise<Run> {
  const pubsub = fake.client();
  const [topic] = await pubsub.createTopic('notifications');
  const [deadLetterTopic] = await pubsub.createTopic('dead-letter');
  await topic.createSubscription('source', { ackDeadlineSeconds: ACK_DEADLINE_SECONDS });
  [watch] = await deadLetterTopic.createSubscription('dead-letter-watch');
  const deadLettered: Message[] = [];
  watch.on('message', (message: Message) => {
    deadLettered.push(message);
    message.ack();
  });

  const resultsFile = path.join(dir, 'results.jsonl');
  worker = await startWorkerChild({ LABELER: 'none', RESULTS_FILE: resultsFile });
  const random = seededRandom(SEED);
  const sentIds = new Set<string>();
  proxy = await startFaultProxy(worker.base, ({ headers }) => {
    sentIds.add(String(headers['ce-id']));
    return proxyFault(String(headers['ce-subject']), random);
  });
  await fake.setFaults([
    {
      method: 'ModifyAckDeadline',
      code: 'PERMISSION_DENIED',
      fraction: 0.25,
      seed: SEED,
      subscription: `projects/${PROJECT}/subscriptions/source`,
    },
  ]);

  const started = performance.now();
  const startSource = async () => {
    const source = await startNodeChild(SOURCE_ENTRY, {
      PUBSUB_EMULATOR_HOST: fake.emulatorHost,
      PUBSUB_SUBSCRIPTION: `projects/${PROJECT}/subscriptions/source`,
      PUBSUB_DEAD_LETTER_TOPIC: `projects/${PROJECT}/topics/dead-letter`,
      BUCKET,
      K_SINK: proxy!.url,
      SEND_TIMEOUT_MS: String(SEND_TIMEOUT_MS),
      SINK_OIDC_TOKEN_FILE: path.join(dir, 'no-token'),
    });
    sources.push(source);
    return source;
  };
  const first = await startSource();
  const { notificationIds, poisonIds, otherIds } = await publishAll(topic);
  const recorded = () => readRecords(resultsFile);

  // The sink down for 1.5 s once a quarter is recorded.
  await until(async () => (await recorded()).length >= NOTIFICATIONS / 4, 30_000);
  await proxy.down();
  await sleep(1_500);
  await proxy.up();

  // SIGTERM mid-stream, then a new source.
  await until(async () => (await recorded()).length >= NOTIFICATIONS / 2, 30_000);
  const drainStarted = performance.now();
  first.child.kill('SIGTERM');
  const firstExit = await first.exited;
  const drainMs = performance.now() - drainStarted;
  await startSource();

  const done = async () => {
    const ids = new Set((await recorded()).map((record) => record.event.id));
    for (const message of deadLettered) {
      ids.add(message.attributes[DEAD_LETTER_ATTRIBUTES.messageId] ?? '');
    }
    const published = await fake.messages();
    return (
      notificationIds.every((id) => ids.has(id)) &&
      published.filter((message) => message.topic === topic.name).every((m) => m.acks > 0)
    );
  };
  await until(done, 45_000);
  const elapsedMs = performance.now() - started;
  const modAckFaults = await fake.faults();
  await fake.clearFaults();
  const last = sources.at(-1)!;
  last.child.kill('SIGTERM');
  await last.exited;
  return {
    elapsedMs,
    notificationIds,
    poisonIds,
    otherIds,
    records: await recorded(),
    deadLettered,
    logs: sources.flatMap((source) => source.logs()),
    firstLogs: first.logs(),
    sentIds,
    proxyCounts: { ...proxy.counts },
    modAckFaults,
    published: (await fake.messages()).filter((message) => message.topic === topic.name),
    firstExit,
    drainMs,
  };
}

function proxyFault(subject: string, random: () => number): ProxyFault {
  if (subject.includes('poison')) {
    return { kind: 'status', status: 400, detail: 'the image is poison: no retry will help' };
  }
  switch (pickWeighted(random, FAULT_WEIGHTS)) {
    case 'unavailable':
      return { kind: 'status', status: 503, detail: 'the Broker is busy' };
    case 'tooMany':
      return { kind: 'status', status: 429, detail: 'the Broker is over capacity' };
    case 'pastTimeout':
      return { kind: 'slow', delayMs: SEND_TIMEOUT_MS + 500 };
    case 'pastDeadline':
      return { kind: 'slow', delayMs: ACK_DEADLINE_SECONDS * 1000 + 300 };
    case 'forward':
      return { kind: 'forward' };
  }
}

/** Publishes the notifications (a fifth with payload NONE; names that need encoding) and others. */
async function publishAll(topic: Topic) {
  const publishes: Promise<string>[] = [];
  const poison: boolean[] = [];
  for (let index = 0; index < NOTIFICATIONS; index++) {
    const isPoison = index % POISON_EVERY === POISON_EVERY - 1;
    poison.push(isPoison);
    const object: StorageObjectData = {
      kind: 'storage#object',
      bucket: BUCKET,
      name: `uploads/${isPoison ? 'poison' : 'photo'} ${String(index)} — ünïcode %.jpg`,
      generation: String(1_700_000_000_000_000 + index),
      contentType: 'image/jpeg',
      size: String(1000 + index),
    };
    const none = index % 5 === 0;
    publishes.push(
      topic.publishMessage({
        ...(none ? {} : { data: Buffer.from(prettyJson(object)) }),
        attributes: gcsAttributes('OBJECT_FINALIZE', object, {
          payloadFormat: none ? 'NONE' : 'JSON_API_V1',
        }),
      }),
    );
  }
  const others: Promise<string>[] = [];
  for (let index = 0; index < OTHERS; index++) {
    const otherBucket = { bucket: 'someone-elses-bucket', name: `x/${String(index)}.jpg` };
    others.push(
      index % 2 === 0
        ? topic.publishMessage({ data: Buffer.from(`plain message ${String(index)}`) })
        : topic.publishMessage({
            data: Buffer.from(prettyJson(otherBucket)),
            attributes: gcsAttributes('OBJECT_FINALIZE', otherBucket),
          }),
    );
  }
  const ids = await Promise.all(publishes);
  return {
    notificationIds: ids,
    poisonIds: ids.filter((_id, index) => poison[index]),
    otherIds: await Promise.all(others),
  };
}

async function readRecords(file: string): Promise<HandledEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HandledEvent);
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`not within ${String(timeoutMs)} ms`);
    await sleep(100);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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
