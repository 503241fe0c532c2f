/**
 * The fault run of the Pub/Sub source end to end (its tests: test/source/source-faults.test.ts):
 * 1,000 Cloud Storage notifications (and 20 other messages) published to Google's Pub/Sub fake
 * (pstest) → the built source, a real child process with the real `@google-cloud/pubsub` client
 * (PUBSUB_EMULATOR_HOST) → a fault-injecting proxy (where the Broker would be) → a real worker
 * (`LABELER=none`, RESULTS_FILE). Faults: the sink down for 1.5 s; 8 % of requests answered 503 and
 * 8 % 429; 2 % answered after the send timeout, 6 % after the ack deadline; a permanent 400 for the
 * 30 "poison" objects; a quarter of the client's ModifyAckDeadline calls failing, so leases are not
 * extended and ack deadlines (1 s) lapse while a message is being sent; the source sent SIGTERM
 * mid-stream and started again. Every notification ends recorded exactly once (`ignored` with
 * LABELER=none; the worker records redeliveries it has already handled as `duplicate`) or on the
 * dead-letter topic; none is lost, and nothing is acknowledged that the sink did not accept.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Message, Subscription, Topic } from '@google-cloud/pubsub';
import type { StorageObjectData } from '../../src/events/canonical-event';
import type { HandledEvent } from '../../src/records/handled-event';
import { DEAD_LETTER_ATTRIBUTES } from '../../src/source/dead-letter-copy';
import { gcsAttributes, prettyJson } from './decode-fixtures';
import { startFaultProxy, type FaultProxy, type ProxyFault } from './fault-proxy';
import {
  startPubSubFake,
  type PubSubFake,
  type PubSubFakeMessage,
  type PubSubFaultState,
} from './pubsub-fake';
import { pickWeighted, seededRandom } from './seeded-random';
import { ensureBuilt, startNodeChild, startWorkerChild, type WorkerChild } from './worker-child';

const SOURCE_ENTRY = path.resolve(__dirname, '../../dist/src/startup/source-main.js');
export const PROJECT = 'dualrun-faults';
export const BUCKET = 'dualrun-fault-photos';
export const NOTIFICATIONS = 1000;
const POISON_EVERY = 33; // 30 poison objects among 1,000
const OTHERS = 20;
const SEND_TIMEOUT_MS = 2000;
const ACK_DEADLINE_SECONDS = 1;
const SEED = 20261206;

/** What the proxy does with a request that is not poison, by weight. */
const FAULT_WEIGHTS = { forward: 76, unavailable: 8, tooMany: 8, pastTimeout: 2, pastDeadline: 6 };

/** What one fault run saw, for the tests to check. */
export interface Run {
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

let fake: PubSubFake | undefined;
let worker: WorkerChild | undefined;
let proxy: FaultProxy | undefined;
const sources: WorkerChild[] = [];
let watch: Subscription | undefined;
let dir: string | undefined;

/** Builds if needed, starts the Pub/Sub fake and runs the faults; for a `beforeAll`. */
export async function startFaultRun(): Promise<Run> {
  ensureBuilt();
  fake = await startPubSubFake({ projectId: PROJECT });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-source-faults-'));
  return faultRun(fake, dir);
}

/** Stops every process, the proxy and the fake, and removes the run's folder; for an `afterAll`. */
export async function stopFaultRun(): Promise<void> {
  for (const source of sources) source.child.kill('SIGKILL');
  worker?.child.kill('SIGKILL');
  await watch?.close();
  await proxy?.close();
  await fake?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

async function faultRun(fake: PubSubFake, dir: string): Promise<Run> {
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
