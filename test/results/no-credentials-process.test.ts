/**
 * The built entries that publish to Pub/Sub, in child processes with no Google credentials at all:
 * no `GOOGLE_APPLICATION_CREDENTIALS`, `HOME` an empty directory (no gcloud ADC file), no
 * emulator, and the metadata server out of reach (`METADATA_SERVER_DETECTION=none`,
 * `GCE_METADATA_HOST` on a closed port). The generated Pub/Sub clients open their gRPC stub on a
 * promise nobody awaits: its rejection used to end the process. Now the worker and the dead-letter
 * receiver answer every request 503 with Retry-After and log ERROR (an operator fault), and keep
 * serving; the source logs one ERROR line that says the reason once and exits 1 for a restart.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { storageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { outgoingHeaders } from '../../src/events/message';
import {
  ensureBuilt,
  startNodeChild,
  startWorkerChild,
  type WorkerChild,
} from '../support/worker-child';

const PROJECT = 'my-project';
const NO_ADC = 'Could not load the default credentials';
const DEAD_LETTER_ENTRY = path.resolve(__dirname, '../../dist/src/startup/dead-letter-main.js');
const SOURCE_ENTRY = path.resolve(__dirname, '../../dist/src/startup/source-main.js');

let home: string;
let bucketDir: string;
let children: WorkerChild[] = [];

beforeAll(async () => {
  ensureBuilt();
  home = await mkdtemp(path.join(os.tmpdir(), 'dualrun-no-credentials-'));
  bucketDir = path.join(home, 'buckets');
  await mkdir(path.join(bucketDir, 'photos'), { recursive: true });
  await writeFile(
    path.join(bucketDir, 'photos', 'cat.jpg'),
    Buffer.from('ffd8ffe000104a464946', 'hex'),
  );
}, 120_000);

afterEach(() => {
  for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  children = [];
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** An environment in which Application Default Credentials find nothing, fast. */
function noCredentials(env: Record<string, string>): Record<string, string> {
  return {
    HOME: home,
    METADATA_SERVER_DETECTION: 'none',
    GCE_METADATA_HOST: '127.0.0.1:1',
    ...env,
  };
}

async function start(entry: string | undefined, env: Record<string, string>): Promise<WorkerChild> {
  const child =
    entry === undefined
      ? await startWorkerChild(noCredentials(env))
      : await startNodeChild(entry, noCredentials(env));
  children.push(child);
  return child;
}

function upload(index: number) {
  return storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id: String(17650000000200 + index),
    time: '2026-12-06T12:00:00.000Z',
    object: {
      kind: 'storage#object',
      bucket: 'photos',
      name: 'cat.jpg',
      generation: String(1765022400000200 + index),
      contentType: 'image/jpeg',
    },
  });
}

test('RESULTS_MODE=pubsub: each delivery is 503 with Retry-After and an ERROR line; the worker keeps serving', async () => {
  const worker = await start(undefined, {
    LABELER: 'local',
    LOCAL_BUCKET_DIR: bucketDir,
    RESULTS_MODE: 'pubsub',
    RESULTS_TOPIC: `projects/${PROJECT}/topics/results`,
  });
  for (const index of [0, 1, 2]) {
    const message = encodeDelivery(upload(index), 'pubsub-push', { project: PROJECT });
    const response = await fetch(`${worker.base}/`, {
      method: 'POST',
      headers: outgoingHeaders(message),
      body: message.body,
    });
    const body = (await response.json()) as { code: string; detail: string };
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(body.code).toBe('result-unpublished');
    expect(body.detail).toContain(`no usable Google credentials for Pub/Sub: ${NO_ADC}`);
  }
  const errors = worker.logs().filter((line) => line.severity === 'ERROR');
  expect(errors).toHaveLength(3);
  expect(String(errors[0]?.message).split(NO_ADC)).toHaveLength(2);
  expect((await fetch(`${worker.base}/healthz`)).status).toBe(200);
  expect(worker.child.exitCode).toBeNull();
}, 60_000);

test('the dead-letter receiver: each dead letter is 503 with Retry-After and an ERROR line; it keeps serving', async () => {
  const receiver = await start(DEAD_LETTER_ENTRY, {
    PUBSUB_DEAD_LETTER_TOPIC: `projects/${PROJECT}/topics/dead-letters`,
  });
  for (const index of [0, 1]) {
    const response = await fetch(`${receiver.base}/`, {
      method: 'POST',
      body: `not an event ${String(index)}`,
    });
    await response.arrayBuffer();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  }
  const errors = receiver.logs().filter((line) => line.severity === 'ERROR');
  expect(errors).toHaveLength(2);
  expect(String(errors[0]?.message)).toContain(
    `no usable Google credentials for Pub/Sub: ${NO_ADC}`,
  );
  expect((await fetch(`${receiver.base}/healthz`)).status).toBe(200);
  expect(receiver.child.exitCode).toBeNull();
}, 60_000);

test('the source: one ERROR line that gives the reason once, then exit code 1 for a restart', async () => {
  const source = await start(SOURCE_ENTRY, {
    PUBSUB_SUBSCRIPTION: `projects/${PROJECT}/subscriptions/notifications`,
    PUBSUB_DEAD_LETTER_TOPIC: `projects/${PROJECT}/topics/dead-letters`,
    BUCKET: 'photos',
    K_SINK: 'http://127.0.0.1:1/',
  });
  const failure = await source.logLine((line) => line.severity === 'ERROR');
  const err = failure.err as { message: string };
  expect(String(failure.message).split(NO_ADC)).toHaveLength(2);
  expect(err.message.split(NO_ADC)).toHaveLength(2);
  await expect(source.exited).resolves.toEqual({ code: 1, signal: null });
  expect(source.logs().at(-1)).toMatchObject({ message: 'stopped (drained)' });
}, 60_000);
