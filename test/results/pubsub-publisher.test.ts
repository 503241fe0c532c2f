/**
 * The result publisher (`RESULTS_MODE=pubsub`) against Google's Pub/Sub fake (pstest, a real gRPC
 * server) with the real `@google-cloud/pubsub` client: what lands on the topic, a failed publish,
 * a publish that gets no answer in time, and close() sending what is pending.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { storageEvent } from '../../src/events/canonical-event';
import { buildResultEvent } from '../../src/events/build-result-event';
import { resultSource, type ResultEvent } from '../../src/events/result-event';
import { ResultPublishError } from '../../src/errors';
import { createPubSubEmitter } from '../../src/results/pubsub-publisher';
import { startPubSubFake, type GrpcErrorCode, type PubSubFake } from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';

const PROJECT = 'dualrun-results';
const TOPIC = `projects/${PROJECT}/topics/image-labels`;

let fake: PubSubFake;

beforeAll(async () => {
  fake = await startPubSubFake({ projectId: PROJECT });
  await fake.client().createTopic('image-labels');
}, PEER_BUILD_TIMEOUT_MS);

afterAll(() => fake.stop());

afterEach(() => fake.clearFaults());

function resultOf(name: string, id: string): ResultEvent {
  const upload = storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id,
    time: '2026-12-06T12:00:00.000Z',
    object: { bucket: 'photos', name, generation: '1765022400000000', contentType: 'image/jpeg' },
  });
  return buildResultEvent(
    upload,
    { outcome: 'labeled', labeler: 'vision', labels: [{ description: 'Cat', score: 0.98 }] },
    resultSource('labeler'),
  );
}

function emitter(timeoutMs = 5_000, emulatorHost = fake.emulatorHost) {
  return createPubSubEmitter(
    { mode: 'pubsub', topic: TOPIC, emulatorHost },
    { source: resultSource('labeler'), timeoutMs },
  );
}

test('a published result lands on the topic as a binary-mode CloudEvent: ce- attributes, content-type, the data JSON', async () => {
  const publisher = emitter();
  const event = resultOf('cat.jpg', '1001');
  await publisher.emit(event);
  await publisher.close();
  const [message] = (await fake.messages()).filter(
    (each) => each.topic === TOPIC && each.attributes['ce-id'] === event.id,
  );
  expect(message?.attributes).toEqual({
    'ce-specversion': '1.0',
    'ce-id': event.id,
    'ce-source': '//dualrun/labeler',
    'ce-type': 'dev.dualrun.image.labeled.v1',
    'ce-subject': 'objects/cat.jpg',
    'content-type': 'application/json',
  });
  expect(JSON.parse(message?.data.toString('utf8') ?? '')).toEqual(event.data);
});

test('results emitted together share Publish calls (batching) and each lands once', async () => {
  const publisher = createPubSubEmitter(
    { mode: 'pubsub', topic: TOPIC, emulatorHost: fake.emulatorHost },
    { source: resultSource('labeler'), timeoutMs: 5_000, batchWindowMs: 20 },
  );
  await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 1000, topic: TOPIC }]);
  const events = ['1.jpg', '2.jpg', '3.jpg', '4.jpg'].map((name, index) =>
    resultOf(name, `20${index}`),
  );
  await Promise.all(events.map((event) => publisher.emit(event)));
  await publisher.close();
  const [rule] = await fake.faults();
  expect(rule?.calls).toBe(1);
  const ids = (await fake.messages()).map((message) => message.attributes['ce-id']);
  for (const event of events) expect(ids.filter((id) => id === event.id)).toHaveLength(1);
});

test('a failed publish throws ResultPublishError naming the topic; the client does not retry it', async () => {
  await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 1, topic: TOPIC }]);
  const publisher = emitter();
  const event = resultOf('down.jpg', '3001');
  const failed = publisher.emit(event);
  await expect(failed).rejects.toThrow(ResultPublishError);
  await expect(failed).rejects.toThrow(
    new RegExp(`^publishing the result event ${event.id} to ${TOPIC} failed: .*UNAVAILABLE`),
  );
  const [rule] = await fake.faults();
  expect(rule).toMatchObject({ calls: 1, injected: 1 });
  await publisher.close();
  const ids = (await fake.messages()).map((message) => message.attributes['ce-id']);
  expect(ids).not.toContain(event.id);
});

test.each<[string, boolean, () => Promise<string>]>([
  ['UNAVAILABLE (Pub/Sub, passing)', false, () => failingTopic('UNAVAILABLE')],
  ['PERMISSION_DENIED (no roles/pubsub.publisher)', true, () => failingTopic('PERMISSION_DENIED')],
  ['UNAUTHENTICATED', true, () => failingTopic('UNAUTHENTICATED')],
  ['UNIMPLEMENTED (an endpoint that is not Pub/Sub)', true, () => failingTopic('UNIMPLEMENTED')],
  ['INVALID_ARGUMENT', true, () => failingTopic('INVALID_ARGUMENT')],
  [
    'NOT_FOUND (a topic never created)',
    true,
    () => Promise.resolve(`projects/${PROJECT}/topics/gone`),
  ],
])('a publish that fails with %s: needsOperator is %s', async (_case, expected, topicOf) => {
  const topic = await topicOf();
  const publisher = createPubSubEmitter(
    { mode: 'pubsub', topic, emulatorHost: fake.emulatorHost },
    { source: resultSource('labeler'), timeoutMs: 5_000 },
  );
  const failed = publisher.emit(resultOf('any.jpg', '5001'));
  await expect(failed).rejects.toThrow(ResultPublishError);
  await expect(failed).rejects.toHaveProperty('needsOperator', expected);
  await publisher.close();
});

/** The results topic, with every Publish to it failing with `code`. */
async function failingTopic(code: GrpcErrorCode): Promise<string> {
  await fake.setFaults([{ method: 'Publish', code, every: 1, topic: TOPIC }]);
  return TOPIC;
}

describe('a publish with no answer', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let host: string;
  beforeAll(async () => {
    // Takes connections and never answers: the gRPC handshake never completes.
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    host = typeof address === 'object' && address !== null ? `127.0.0.1:${address.port}` : '';
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('times out: ResultPublishError after the deadline, not before', async () => {
    const publisher = emitter(300, host);
    const started = performance.now();
    await expect(publisher.emit(resultOf('slow.jpg', '4001'))).rejects.toThrow(
      /was not published to projects\/dualrun-results\/topics\/image-labels within 300 ms|DEADLINE_EXCEEDED|Deadline exceeded/,
    );
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(3_000);
    await expect(publisher.close()).resolves.toBeUndefined();
  });
});
