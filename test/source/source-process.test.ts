/**
 * The built source as the image runs it (`node dist/src/startup/source-main.js`), a real child
 * process configured by its environment, against Google's Pub/Sub fake (pstest, reached through
 * PUBSUB_EMULATOR_HOST) and a real worker as its sink: bad configuration exits 1 with one line;
 * notifications reach the worker's RESULTS_FILE as the CloudEvents Eventarc sends; the probes; the
 * SIGTERM drain exits 0 and nacks nothing it acknowledged.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PubSub, Topic } from '@google-cloud/pubsub';
import type { HandledEvent } from '../../src/records/handled-event';
import { startPubSubFake, type PubSubFake } from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';
import {
  ensureBuilt,
  startNodeChild,
  startWorkerChild,
  type WorkerChild,
} from '../support/worker-child';
import { CAT_BUCKET, CAT_OBJECT, gcsAttributes, prettyJson } from '../support/decode-fixtures';

const SOURCE_ENTRY = path.resolve(__dirname, '../../dist/src/startup/source-main.js');
const PROJECT = 'dualrun-e2e';

let fake: PubSubFake;
let pubsub: PubSub;
let topic: Topic;
let dir: string;
let worker: WorkerChild;
let resultsFile: string;

beforeAll(async () => {
  ensureBuilt();
  fake = await startPubSubFake({ projectId: PROJECT });
  pubsub = fake.client();
  [topic] = await pubsub.createTopic('notifications');
  await pubsub.createTopic('dead-letter');
  await topic.createSubscription('source', { ackDeadlineSeconds: 10 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-source-'));
  resultsFile = path.join(dir, 'results.jsonl');
  worker = await startWorkerChild({ LABELER: 'none', RESULTS_FILE: resultsFile });
}, PEER_BUILD_TIMEOUT_MS);

afterAll(async () => {
  worker.child.kill('SIGTERM');
  await worker.exited;
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

function sourceEnv(): Record<string, string> {
  return {
    PUBSUB_EMULATOR_HOST: fake.emulatorHost,
    PUBSUB_SUBSCRIPTION: `projects/${PROJECT}/subscriptions/source`,
    PUBSUB_DEAD_LETTER_TOPIC: `projects/${PROJECT}/topics/dead-letter`,
    BUCKET: CAT_BUCKET,
    K_SINK: `${worker.base}/`,
    K_CE_OVERRIDES: '{"extensions":{"cluster":"e2e"}}',
    SINK_OIDC_TOKEN_FILE: path.join(dir, 'no-token'),
  };
}

async function records(): Promise<HandledEvent[]> {
  const text = await readFile(resultsFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HandledEvent);
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test.each([
  ['PUBSUB_SUBSCRIPTION', 'photos', 'PUBSUB_SUBSCRIPTION="photos" is invalid'],
  ['K_SINK', 'broker', 'K_SINK="broker" is invalid'],
  ['K_CE_OVERRIDES', '{"extensions":{"id":"x"}}', 'K_CE_OVERRIDES is invalid'],
])('invalid %s: exit code 1 and one line naming the variable', (variable, value, line) => {
  const result = spawnSync(process.execPath, [SOURCE_ENTRY], {
    env: { PATH: process.env.PATH, ...sourceEnv(), [variable]: value },
    encoding: 'utf8',
    timeout: 10_000,
  });
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(line);
});

test('a missing required variable: exit code 1 and one line', () => {
  const env = Object.fromEntries(Object.entries(sourceEnv()).filter(([name]) => name !== 'BUCKET'));
  const result = spawnSync(process.execPath, [SOURCE_ENTRY], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toBe('dualrun: BUCKET is required: expected a Cloud Storage bucket name\n');
});

test('notifications reach the worker as Eventarc CloudEvents; probes; SIGTERM exits 0', async () => {
  const source = await startNodeChild(SOURCE_ENTRY, sourceEnv());
  const base = source.base;
  await expect(fetch(`${base}/healthz`).then((r) => r.status)).resolves.toBe(200);
  await expect(fetch(`${base}/readyz`).then((r) => r.status)).resolves.toBe(200);
  const names = ['photos/cat.jpg', 'photos/a cat über the moon %.jpg'];
  const ids = await Promise.all(
    names.map((name) =>
      topic.publishMessage({
        data: Buffer.from(prettyJson({ ...CAT_OBJECT, name })),
        attributes: gcsAttributes('OBJECT_FINALIZE', { ...CAT_OBJECT, name }),
      }),
    ),
  );
  await topic.publishMessage({ data: Buffer.from('not a notification'), attributes: { a: 'b' } });
  await until(async () => (await records()).length === 2, 10_000);
  const recorded = await records();
  expect(recorded.map((record) => record.event.subject).sort()).toEqual(
    names.map((name) => `objects/${name}`).sort(),
  );
  expect(recorded.map((record) => record.event.id).sort()).toEqual([...ids].sort());
  expect(recorded.map((record) => record.delivery.format)).toEqual([
    'cloudevent-binary',
    'cloudevent-binary',
  ]);
  await source.logLine((line) => line.outcome === 'skipped');
  source.child.kill('SIGTERM');
  await expect(source.exited).resolves.toEqual({ code: 0, signal: null });
  const outcomes = source
    .logs()
    .flatMap((line) => (line.outcome === undefined ? [] : [line.outcome]));
  expect(outcomes.sort()).toEqual(['delivered', 'delivered', 'skipped']);
  expect(source.logs().at(-1)).toMatchObject({ message: 'stopped (drained)' });
  const messages = await fake.messages();
  expect(messages.filter((message) => message.acks > 0)).toHaveLength(3);
}, 30_000);

test('a subscription that does not exist: one ERROR line naming it and exit code 1, for a restart', async () => {
  const source = await startNodeChild(SOURCE_ENTRY, {
    ...sourceEnv(),
    PUBSUB_SUBSCRIPTION: `projects/${PROJECT}/subscriptions/no-such-subscription`,
  });
  const failure = await source.logLine((line) => line.severity === 'ERROR');
  expect(failure.message).toBe(
    `the subscription failed: StreamingPull on projects/${PROJECT}/subscriptions/no-such-subscription failed: NOT_FOUND (5): subscription projects/${PROJECT}/subscriptions/no-such-subscription`,
  );
  await expect(source.exited).resolves.toEqual({ code: 1, signal: null });
}, 20_000);

test('a dead-letter publish that does not finish within SEND_TIMEOUT_MS nacks, never acks; kept once it works', async () => {
  const sendTimeoutMs = 1_500;
  const deadLetterTopic = `projects/${PROJECT}/topics/dead-letter`;
  await fake.addFault({
    method: 'Publish',
    code: 'UNAVAILABLE',
    fraction: 1,
    topic: deadLetterTopic,
  });
  const source = await startNodeChild(SOURCE_ENTRY, {
    ...sourceEnv(),
    SEND_TIMEOUT_MS: String(sendTimeoutMs),
  });
  try {
    const id = await topic.publishMessage({
      data: Buffer.from('{"broken'),
      attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
    });
    const retried = await source.logLine(
      (line) => line.messageId === id && line.outcome === 'retried',
    );
    expect(retried.reason).toContain('the dead-letter publish failed');
    // Capped by the send's deadline, not the client's ten minutes (a margin for a loaded machine).
    expect(retried.latencyMs).toBeGreaterThanOrEqual(sendTimeoutMs - 100);
    expect(retried.latencyMs).toBeLessThan(sendTimeoutMs + 3_000);
    const [notification] = (await fake.messages()).filter((message) => message.id === id);
    expect(notification?.acks).toBe(0);
    await fake.clearFaults();
    const kept = await source.logLine(
      (line) => line.messageId === id && line.outcome === 'dead-lettered',
    );
    expect(kept.deadLetterMessageId).toEqual(expect.any(String));
  } finally {
    await fake.clearFaults();
    source.child.kill('SIGTERM');
    await source.exited;
  }
}, 30_000);
