/**
 * The built worker (`npm start`'s bundle, in a child process configured by its environment) with
 * `RESULTS_MODE=pubsub`, labeling with the real Vision client against a local Vision stand-in and
 * publishing with the real `@google-cloud/pubsub` client to Google's Pub/Sub fake (pstest): every
 * labeled event's result arrives on the topic with the binding's attributes; on SIGTERM the events
 * in flight finish, their results are published, then the process exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { storageEvent, type StorageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { EncodingId } from '../../src/events/encode/encodings';
import { outgoingHeaders } from '../../src/events/message';
import type { HandledEvent } from '../../src/records/handled-event';
import { startFakeVisionServer, type FakeVisionServer } from '../support/fake-vision-server';
import { startPubSubFake, type PubSubFake } from '../support/pubsub-fake';
import { gate } from '../support/scripted-labeler';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';
import {
  ensureBuilt,
  startWorkerChild,
  WORKER_ENTRY,
  type WorkerChild,
} from '../support/worker-child';
import { TOPIC_NAME_RULE } from '../../src/config/pubsub-names';

const PROJECT = 'dualrun-process';
const TOPIC = `projects/${PROJECT}/topics/image-labels`;
const LABELS = [
  { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.98 },
  { description: 'Whiskers', score: 0.91, mid: '/m/0jbk', topicality: 0.91 },
];

let fake: PubSubFake;
let vision: FakeVisionServer;
let worker: WorkerChild;
let dir: string;
let resultsFile: string;

beforeAll(async () => {
  ensureBuilt();
  fake = await startPubSubFake({ projectId: PROJECT });
  await fake.client().createTopic('image-labels');
  vision = await startFakeVisionServer({ kind: 'labels', labels: LABELS });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-results-process-'));
  resultsFile = path.join(dir, 'results.jsonl');
  worker = await startWorkerChild({
    LABELER: 'vision',
    VISION_API_ENDPOINT: vision.url,
    RESULTS_FILE: resultsFile,
    RESULTS_MODE: 'pubsub',
    RESULTS_TOPIC: TOPIC,
    PUBSUB_EMULATOR_HOST: fake.emulatorHost,
    K_SERVICE: 'dualrun-worker',
  });
}, PEER_BUILD_TIMEOUT_MS);

afterAll(async () => {
  if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await vision.close();
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

function upload(index: number): StorageEvent {
  return storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id: String(17650000000100 + index),
    time: '2026-12-06T12:00:00.000Z',
    object: {
      kind: 'storage#object',
      bucket: 'photos',
      name: `cats/${index}.jpg`,
      generation: String(1765022400000100 + index),
      contentType: 'image/jpeg',
    },
  });
}

async function push(event: StorageEvent, encoding: EncodingId): Promise<number> {
  const message = encodeDelivery(event, encoding, { project: PROJECT });
  const response = await fetch(`${worker.base}/`, {
    method: 'POST',
    headers: outgoingHeaders(message),
    body: message.body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function records(): Promise<HandledEvent[]> {
  return (await readFile(resultsFile, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HandledEvent);
}

test.each<[string, Record<string, string>, string]>([
  [
    'an unknown mode',
    { RESULTS_MODE: 'http' },
    'RESULTS_MODE="http" is invalid: expected none, reply, pubsub',
  ],
  [
    'pubsub without a topic',
    { RESULTS_MODE: 'pubsub' },
    'RESULTS_TOPIC is required with RESULTS_MODE=pubsub: expected the full topic name projects/PROJECT/topics/TOPIC the result events go to',
  ],
  [
    'a topic that is no full name',
    { RESULTS_MODE: 'pubsub', RESULTS_TOPIC: 'image-labels' },
    `RESULTS_TOPIC="image-labels" is invalid: expected ${TOPIC_NAME_RULE}`,
  ],
  [
    'a topic the mode does not read',
    { RESULTS_MODE: 'reply', RESULTS_TOPIC: TOPIC },
    'RESULTS_TOPIC is set but RESULTS_MODE=reply does not read it: it is read with RESULTS_MODE=pubsub',
  ],
])('%s: exit code 1 at start and one line', (_case, env, message) => {
  const result = spawnSync(process.execPath, [WORKER_ENTRY], {
    env: { PATH: process.env.PATH, LABELER: 'none', ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([`dualrun: ${message}`]);
});

test('the start line names the results mode, the topic and the service', async () => {
  await expect(worker.logLine((line) => typeof line.port === 'number')).resolves.toMatchObject({
    results: 'pubsub',
    resultsTopic: TOPIC,
    service: 'dualrun-worker',
  });
});

test.each<[number, EncodingId]>([
  [0, 'pubsub-push'],
  [1, 'pubsub-push-payload-none'],
  [2, 'pubsub-push-unwrapped'],
])(
  'upload %i delivered as %s: 204 once its result is on the topic, which the record carries',
  async (index, encoding) => {
    const event = upload(index);
    await expect(push(event, encoding)).resolves.toBe(204);
    const [message] = (await fake.messages()).filter(
      (each) =>
        each.topic === TOPIC &&
        (JSON.parse(each.data.toString('utf8')) as { input: { id: string } }).input.id === event.id,
    );
    expect(message?.attributes).toEqual({
      'ce-specversion': '1.0',
      'ce-id': expect.stringMatching(/^[0-9a-f]{32}$/),
      'ce-source': '//dualrun/dualrun-worker',
      'ce-type': 'dev.dualrun.image.labeled.v1',
      'ce-subject': `objects/cats/${index}.jpg`,
      'content-type': 'application/json',
    });
    expect(JSON.parse(message?.data.toString('utf8') ?? 'null')).toEqual({
      bucket: 'photos',
      name: `cats/${index}.jpg`,
      generation: String(1765022400000100 + index),
      labeler: 'vision',
      labels: LABELS,
      input: { id: event.id, source: event.source, type: event.type },
    });
    const record = (await records()).find((each) => each.event.id === event.id);
    expect(record).toMatchObject({
      outcome: 'labeled',
      resultEvent: { id: message?.attributes['ce-id'] },
    });
    await expect(
      worker.logLine((line) => line.eventId === event.id && line.outcome === 'labeled'),
    ).resolves.toMatchObject({ resultEventId: message?.attributes['ce-id'] });
  },
);

test('SIGTERM with events in flight: they finish, their results are published, then exit 0', async () => {
  const hold = gate();
  vision.setBehaviour({
    kind: 'hold',
    until: hold.promise,
    then: { kind: 'labels', labels: LABELS },
  });
  const events = [10, 11, 12, 13].map(upload);
  const before = vision.requests.length;
  const answers = events.map((event) => push(event, 'pubsub-push'));
  while (vision.requests.length < before + events.length) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  worker.child.kill('SIGTERM');
  await worker.logLine((line) => line.message === 'SIGTERM: draining');
  hold.open();
  await expect(Promise.all(answers)).resolves.toEqual([204, 204, 204, 204]);
  await expect(worker.exited).resolves.toEqual({ code: 0, signal: null });
  const onTopic = (await fake.messages())
    .filter((message) => message.topic === TOPIC)
    .map(
      (message) =>
        (JSON.parse(message.data.toString('utf8')) as { input: { id: string } }).input.id,
    );
  expect(onTopic).toEqual(expect.arrayContaining(events.map((event) => event.id)));
  const recorded = (await records()).map((record) => record.event.id);
  expect(recorded).toEqual(expect.arrayContaining(events.map((event) => event.id)));
});
