/**
 * The dead-letter receiver's HTTP contract, through `app.callback()`, publishing with the real
 * `@google-cloud/pubsub` client to Google's Pub/Sub fake (pstest): 204 only once the topic has the
 * dead letter, one WARNING line per dead letter; a publish the fake fails is answered 503 with
 * Retry-After (ERROR for a fault only an operator mends) and kept when the Broker sends it again;
 * probes, methods, the body limit and the drain.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import type { PubSub } from '@google-cloud/pubsub';
import request from 'supertest';
import type Koa from 'koa';
import { KNATIVE_DEAD_LETTER_ATTRIBUTES as A } from '../../src/dead-letters/dead-letter-attributes';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { outgoingHeaders, type Message } from '../../src/events/message';
import { createLogger } from '../../src/log/logger';
import { createPubSubClient, deadLetterTopic } from '../../src/source/pubsub-client';
import type { DeadLetterTopic } from '../../src/source/subscription';
import { createDeadLetterReceiver } from '../../src/worker/dead-letter-app';
import { Lifecycle } from '../../src/worker/lifecycle';
import { CAT_EVENT, CAT_NAME } from '../support/decode-fixtures';
import { withKnativeError } from '../support/knative-sender';
import { startPubSubFake, type PubSubFake } from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';

const PROJECT = 'dualrun-receiver';
const TOPIC = `projects/${PROJECT}/topics/dead-letters`;
const DESTINATION = 'http://image-labeler.dualrun.svc.cluster.local/';
const PUBLISH_TIMEOUT_MS = 1_500;

let fake: PubSubFake;
let pubsub: PubSub;

beforeAll(async () => {
  fake = await startPubSubFake({ projectId: PROJECT });
  pubsub = fake.client();
  await pubsub.createTopic('dead-letters');
}, PEER_BUILD_TIMEOUT_MS);

afterAll(async () => {
  await fake.stop();
});

interface Receiver {
  readonly app: Koa;
  readonly lifecycle: Lifecycle;
  readonly topic: DeadLetterTopic;
  readonly lines: () => Record<string, unknown>[];
}

let receiver: Receiver;

function startReceiver(maxBodyBytes?: number): Receiver {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const lifecycle = new Lifecycle(100);
  const topic = deadLetterTopic(pubsub, TOPIC, { publishTimeoutMs: PUBLISH_TIMEOUT_MS });
  const app = createDeadLetterReceiver({
    topic,
    topicName: TOPIC,
    logger: createLogger('info', destination),
    lifecycle,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return {
    app,
    lifecycle,
    topic,
    lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

beforeEach(async () => {
  await fake.clearFaults();
  receiver = startReceiver();
});

afterEach(async () => {
  await receiver.topic.close();
});

/** The cat photo's CloudEvent as a Broker sends it to the dead-letter sink, with this id. */
function deadLetterRequest(id: string): Message {
  return withKnativeError(encodeDelivery({ ...CAT_EVENT, id }, 'cloudevent-binary'), {
    destination: DESTINATION,
    answer: { result: 503, body: Buffer.from('{"detail":"Vision is unavailable"}') },
  });
}

function post(app: Koa, message: Message, path = '/') {
  return request(app.callback()).post(path).set(outgoingHeaders(message)).send(message.body);
}

async function publishedWith(id: string) {
  const messages = await fake.waitForMessages(TOPIC, (published) =>
    published.some((message) => message.attributes[A.eventId] === id),
  );
  return messages.filter((message) => message.attributes[A.eventId] === id);
}

test('a dead letter is answered 204 once the topic has it, with one WARNING line', async () => {
  const response = await post(receiver.app, deadLetterRequest('dl-1'));
  expect(response.status).toBe(204);
  const [kept, ...more] = await publishedWith('dl-1');
  expect(more).toEqual([]);
  expect(kept?.attributes).toMatchObject({
    eventType: 'OBJECT_FINALIZE',
    objectId: CAT_NAME,
    [A.errorCode]: '503',
    [A.reason]: `the destination answered 503 (${DESTINATION}): Vision is unavailable`,
  });
  expect(receiver.lines()).toEqual([
    expect.objectContaining({
      severity: 'WARNING',
      message: `dead-lettered: objects/${CAT_NAME} (503)`,
      eventId: 'dl-1',
      eventType: 'google.cloud.storage.object.v1.finalized',
      subject: `objects/${CAT_NAME}`,
      knativeErrorCode: '503',
      knativeErrorDest: DESTINATION,
      form: 'notification',
      deadLetterMessageId: kept?.id,
      topic: TOPIC,
    }),
  ]);
});

test.each([
  ['PERMISSION_DENIED', 'ERROR'],
  ['NOT_FOUND', 'ERROR'],
  ['UNIMPLEMENTED', 'ERROR'],
  ['INVALID_ARGUMENT', 'ERROR'],
  ['UNAVAILABLE', 'WARNING'],
] as const)(
  'a publish failing with %s: 503 with Retry-After, logged as %s; kept once sent again',
  async (code, severity) => {
    await fake.addFault({ method: 'Publish', code, fraction: 1, topic: TOPIC });
    const refused = await post(receiver.app, deadLetterRequest(`dl-${code}`));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.body).toMatchObject({
      code: 'dead-letter-unpublished',
      detail: expect.stringContaining(`could not be published to ${TOPIC}`) as string,
    });
    expect(receiver.lines()).toEqual([
      expect.objectContaining({
        severity,
        status: 503,
        code: 'dead-letter-unpublished',
        eventId: `dl-${code}`,
      }),
    ]);
    expect(await fake.messages()).not.toContainEqual(
      expect.objectContaining({
        attributes: expect.objectContaining({ [A.eventId]: `dl-${code}` }),
      }),
    );
    await fake.clearFaults();
    const again = await post(receiver.app, deadLetterRequest(`dl-${code}`));
    expect(again.status).toBe(204);
    await expect(publishedWith(`dl-${code}`)).resolves.toHaveLength(1);
  },
  PUBLISH_TIMEOUT_MS + 10_000,
);

test('Pub/Sub at a closed port: 503 within the publish deadline, the error said once', async () => {
  const closed = createPubSubClient({
    projectId: PROJECT,
    emulatorHost: `127.0.0.1:${await closedPort()}`,
  });
  const lifecycle = new Lifecycle(100);
  const topic = deadLetterTopic(closed, TOPIC, { publishTimeoutMs: PUBLISH_TIMEOUT_MS });
  const app = createDeadLetterReceiver({
    topic,
    topicName: TOPIC,
    logger: createLogger('silent'),
    lifecycle,
  });
  const started = performance.now();
  const refused = await post(app, deadLetterRequest('dl-closed'));
  const elapsedMs = performance.now() - started;
  expect(refused.status).toBe(503);
  expect(elapsedMs).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS - 50);
  expect(elapsedMs).toBeLessThan(PUBLISH_TIMEOUT_MS + 1_000);
  const detail = String((refused.body as { detail?: unknown }).detail);
  expect(detail).toContain(`could not be published to ${TOPIC}`);
  expect(detail).not.toMatch(/Previous errors/);
  expect(detail.split('ECONNREFUSED').length).toBeLessThanOrEqual(2);
  await closed.close();
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('probes answer GET; events take POST on any other path; anything else is 405', async () => {
  const server = request(receiver.app.callback());
  await expect(server.get('/healthz')).resolves.toMatchObject({ status: 200 });
  await expect(server.get('/readyz')).resolves.toMatchObject({ status: 200 });
  const wrong = await server.get('/');
  expect(wrong.status).toBe(405);
  expect(wrong.headers.allow).toBe('POST');
  const elsewhere = await post(receiver.app, deadLetterRequest('dl-path'), '/any/path');
  expect(elsewhere.status).toBe(204);
});

test('a body over the limit is 413, logged with the event id; nothing is published', async () => {
  const small = startReceiver(256);
  const response = await post(small.app, deadLetterRequest('dl-large'));
  expect(response.status).toBe(413);
  expect(small.lines()).toEqual([
    expect.objectContaining({ code: 'body-too-large', eventId: 'dl-large' }),
  ]);
  await small.topic.close();
});

test('draining: /readyz 503 and dead letters 503 with Retry-After (the Broker sends them again)', async () => {
  await receiver.lifecycle.drain(1_000);
  const server = request(receiver.app.callback());
  await expect(server.get('/readyz')).resolves.toMatchObject({ status: 503 });
  const refused = await post(receiver.app, deadLetterRequest('dl-draining'));
  expect(refused.status).toBe(503);
  expect(refused.headers['retry-after']).toBe('1');
});

test('a request that is no CloudEvent is kept as sent', async () => {
  const response = await request(receiver.app.callback())
    .post('/')
    .set('content-type', 'text/plain')
    .send('not an event');
  expect(response.status).toBe(204);
  const messages = await fake.waitForMessages(TOPIC, (published) =>
    published.some((message) => message.data.toString() === 'not an event'),
  );
  const kept = messages.find((message) => message.data.toString() === 'not an event');
  expect(kept?.attributes).toMatchObject({ 'content-type': 'text/plain', [A.form]: 'raw' });
  expect(receiver.lines()).toEqual([
    expect.objectContaining({
      severity: 'WARNING',
      message: 'dead-lettered: a request that is no CloudEvent',
    }),
  ]);
});
