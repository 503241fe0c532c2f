/**
 * The Pub/Sub test peer with the real `@google-cloud/pubsub` client: what pstest does (and does
 * not do) for the source, the result events and the dead-letter receiver, and the fault rules.
 */
import { execFile, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  Duration,
  type Message,
  type PubSub,
  type Subscription,
  type SubscriptionOptions,
  type Topic,
} from '@google-cloud/pubsub';
import {
  GRPC_ERROR_CODES,
  PUBSUB_FAKE_PEER,
  startPubSubFake,
  type PubSubFake,
  type PubSubFakeMessage,
  type PubSubFault,
} from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS, testPeerBinaryPath } from '../support/test-peer-binary';

const execFileAsync = promisify(execFile);

let fake: PubSubFake;
let pubsub: PubSub;

beforeAll(async () => {
  fake = await startPubSubFake();
  pubsub = fake.client();
}, PEER_BUILD_TIMEOUT_MS);

afterAll(() => fake.stop());

afterEach(() => fake.clearFaults());

let created = 0;
/** A new topic with a name unique in this file. */
async function newTopic(): Promise<Topic> {
  created += 1;
  const [topic] = await pubsub.createTopic(`topic-${String(created)}`);
  return topic;
}

/** The full name of the subscription `topic` gets from {@link newSubscription}. */
function subscriptionName(topic: Topic): string {
  return topic.name.replace('/topics/topic-', '/subscriptions/sub-');
}

async function newSubscription(
  topic: Topic,
  metadata: Parameters<Topic['createSubscription']>[1] = {},
): Promise<string> {
  const [subscription] = await topic.createSubscription(subscriptionName(topic), metadata);
  return subscription.name;
}

/**
 * Opens a StreamingPull subscriber on `name` and hands it every message until `onMessage`
 * returns true; then closes it (flushing its acks and nacks).
 *
 * @throws Error when that does not happen within `timeoutMs`, or the subscriber fails
 */
async function receiveUntil(
  name: string,
  onMessage: (message: Message) => boolean | Promise<boolean>,
  options: SubscriptionOptions = {},
  timeoutMs = 8_000,
): Promise<void> {
  const subscription: Subscription = pubsub.subscription(name, options);
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${name}: not done within ${String(timeoutMs)} ms`));
      }, timeoutMs);
      subscription.on('error', reject);
      subscription.on('message', (message: Message) => {
        Promise.resolve(onMessage(message)).then((done) => {
          if (done) resolve();
        }, reject);
      });
    });
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fake's messages of `topic` once `settled` holds for them, or as they are after 3 s (the
 * assertion that follows then shows them). The client sends acks and modacks in batches, and
 * neither `close()` nor `ackWithResponse()` (without exactly-once delivery) waits for the answer.
 */
async function messagesOn(
  topic: Topic,
  settled: (messages: readonly PubSubFakeMessage[]) => boolean,
): Promise<PubSubFakeMessage[]> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const messages = (await fake.messages()).filter((message) => message.topic === topic.name);
    if (settled(messages) || Date.now() > deadline) return messages;
    await sleep(50);
  }
}

test('.ci/build-test-peers finds the binary the support module starts, and skips the build', () => {
  const result = spawnSync(path.resolve(__dirname, '../../.ci/build-test-peers'), ['pubsub-fake'], {
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(`pubsub-fake ${testPeerBinaryPath(PUBSUB_FAKE_PEER)} cached\n`);
});

test('a child process reaches the fake with new PubSub() and the environment it is given', async () => {
  const topic = await newTopic();
  const script = `
    const { PubSub } = require('@google-cloud/pubsub');
    new PubSub().topic(process.argv[1]).publishMessage({ data: Buffer.from('from a child') })
      .then((id) => console.log(id), (error) => { console.error(error); process.exitCode = 1; });`;
  const { stdout } = await execFileAsync(process.execPath, ['-e', script, topic.name], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH, ...fake.env },
  });
  const [published] = await messagesOn(topic, () => true);
  expect(published).toMatchObject({ id: stdout.trim(), data: Buffer.from('from a child') });
});

test('each fake is a server of its own, ended by stop()', async () => {
  const other = await startPubSubFake();
  const otherClient = other.client();
  try {
    expect(other.emulatorHost).not.toBe(fake.emulatorHost);
    expect(other.projectId).not.toBe(fake.projectId);
    await newTopic();
    const [topics] = await otherClient.getTopics();
    expect(topics).toEqual([]);
  } finally {
    await other.stop();
  }
  await expect(other.messages()).rejects.toThrow(/fetch failed/);
});

test('a subscription keeps its dead-letter, retry and ack deadline settings', async () => {
  const topic = await newTopic();
  const deadLetters = await newTopic();
  const name = await newSubscription(topic, {
    ackDeadlineSeconds: 30,
    deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 7 },
    retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 600 } },
  });
  const [metadata] = await pubsub.subscription(name).getMetadata();
  expect(metadata).toMatchObject({
    name,
    topic: topic.name,
    ackDeadlineSeconds: 30,
    deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 7 },
    retryPolicy: { minimumBackoff: { seconds: '10' }, maximumBackoff: { seconds: '600' } },
  });
});

test('StreamingPull delivers every message once with its attributes, never more than maxMessages at a time', async () => {
  const topic = await newTopic();
  const name = await newSubscription(topic);
  const count = 12;
  const ids = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      topic.publishMessage({
        data: Buffer.from(`image ${String(index)}`),
        attributes: { index: String(index), bucket: 'b' },
      }),
    ),
  );
  const received: { id: string; data: string; attributes: Record<string, string> }[] = [];
  let inHandler = 0;
  let mostInHandler = 0;
  let acked = 0;
  await receiveUntil(
    name,
    async (message) => {
      inHandler += 1;
      mostInHandler = Math.max(mostInHandler, inHandler);
      received.push({
        id: message.id,
        data: message.data.toString(),
        attributes: message.attributes,
      });
      await sleep(150);
      inHandler -= 1;
      message.ack();
      acked += 1;
      return acked === count;
    },
    { flowControl: { maxMessages: 3, allowExcessMessages: false } },
  );
  expect(received.map((message) => message.id).sort()).toEqual([...ids].sort());
  for (const message of received) {
    expect(message).toEqual({
      id: message.id,
      data: `image ${message.attributes.index ?? ''}`,
      attributes: { index: expect.any(String), bucket: 'b' },
    });
  }
  expect(mostInHandler).toBe(3);
  const published = await messagesOn(topic, (messages) => messages.every((m) => m.acks === 1));
  expect(published.map(({ deliveries, acks }) => ({ deliveries, acks }))).toEqual(
    Array.from({ length: count }, () => ({ deliveries: 1, acks: 1 })),
  );
});

test('a nacked message comes back at once with the next deliveryAttempt (the retry policy is not applied)', async () => {
  const topic = await newTopic();
  const deadLetters = await newTopic();
  const name = await newSubscription(topic, {
    deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 5 },
    retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 60 } },
  });
  const id = await topic.publishMessage({ data: Buffer.from('nack me') });
  const deliveries: { id: string; attempt: number; atMs: number }[] = [];
  await receiveUntil(name, (message) => {
    deliveries.push({ id: message.id, attempt: message.deliveryAttempt, atMs: Date.now() });
    if (deliveries.length === 1) message.nack();
    else message.ack();
    return deliveries.length === 2;
  });
  expect(deliveries.map((delivery) => [delivery.id, delivery.attempt])).toEqual([
    [id, 1],
    [id, 2],
  ]);
  expect(deliveries[1]!.atMs - deliveries[0]!.atMs).toBeLessThan(2_000);
  const [published] = await messagesOn(topic, ([message]) => message?.acks === 1);
  expect(published).toMatchObject({ deliveries: 2, acks: 1 });
  expect(published?.modAckDeadlinesSeconds).toContain(0);
});

/** Lease options that keep the client's ack deadline at 1 s. */
const oneSecondLease = {
  minAckDeadline: Duration.from({ seconds: 1 }),
  maxAckDeadline: Duration.from({ seconds: 1 }),
};

test('a message whose ack deadline lapses is delivered again; an ack of the lapsed delivery is ignored', async () => {
  const topic = await newTopic();
  const name = await newSubscription(topic);
  const id = await topic.publishMessage({ data: Buffer.from('slow') });
  const deliveries: { message: Message; atMs: number }[] = [];
  await receiveUntil(
    name,
    (message) => {
      deliveries.push({ message, atMs: Date.now() });
      // The first two are held, never acked in time: each lease ends after 1 s. The ack of the
      // first, sent while the second is out, does not end the third.
      if (deliveries.length === 2) deliveries[0]!.message.ack();
      if (deliveries.length < 3) return false;
      message.ack();
      return true;
    },
    { ...oneSecondLease, maxExtensionTime: Duration.from({ seconds: 1 }) },
  );
  expect(deliveries.map(({ message }) => message.id)).toEqual([id, id, id]);
  // Without a dead-letter policy pstest sets no deliveryAttempt (the client reads 0).
  expect(deliveries.map(({ message }) => message.deliveryAttempt)).toEqual([0, 0, 0]);
  for (const [earlier, later] of [
    [0, 1],
    [1, 2],
  ] as const) {
    expect(deliveries[later]!.atMs - deliveries[earlier]!.atMs).toBeGreaterThanOrEqual(1_000);
  }
  const [published] = await messagesOn(topic, ([message]) => message?.acks === 1);
  expect(published).toMatchObject({ deliveries: 3, acks: 1 });
});

test('a held message is not delivered again while the client extends its deadline (modifyAckDeadline)', async () => {
  const topic = await newTopic();
  const name = await newSubscription(topic);
  const id = await topic.publishMessage({ data: Buffer.from('held') });
  const ids: string[] = [];
  await receiveUntil(
    name,
    async (message) => {
      ids.push(message.id);
      await sleep(2_000);
      message.ack();
      return true;
    },
    oneSecondLease,
  );
  expect(ids).toEqual([id]);
  const [published] = await messagesOn(topic, ([message]) => message?.acks === 1);
  expect(published).toMatchObject({ deliveries: 1, acks: 1 });
  expect(
    published?.modAckDeadlinesSeconds.filter((seconds) => seconds === 1).length,
  ).toBeGreaterThanOrEqual(2);
});

describe('dead-letter policy', () => {
  test('after maxDeliveryAttempts deliveries the message goes to the dead-letter topic, and again every round', async () => {
    const topic = await newTopic();
    const deadLetters = await newTopic();
    const name = await newSubscription(topic, {
      deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 5 },
    });
    const deadLetterName = await newSubscription(deadLetters);
    const id = await topic.publishMessage({
      data: Buffer.from('poison'),
      attributes: { kind: 'bad' },
    });

    const attempts: number[] = [];
    const source = pubsub.subscription(name);
    source.on('message', (message: Message) => {
      attempts.push(message.deliveryAttempt);
      message.nack();
    });
    const copies: {
      id: string;
      data: string;
      attributes: Record<string, string>;
      attempt: number;
    }[] = [];
    try {
      await receiveUntil(deadLetterName, (message) => {
        copies.push({
          id: message.id,
          data: message.data.toString(),
          attributes: message.attributes,
          attempt: message.deliveryAttempt,
        });
        message.ack();
        return copies.length === 3;
      });
    } finally {
      await source.close();
    }
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    // The same message, without Pub/Sub's CloudPubSubDeadLetterSource* attributes, and acked
    // copies come back: pstest republishes it on every delivery round (see the support module).
    expect(copies).toEqual(
      Array.from({ length: 3 }, () => ({
        id,
        data: 'poison',
        attributes: { kind: 'bad' },
        attempt: 0,
      })),
    );
    expect((await fake.messages()).find((message) => message.id === id)?.deliveries).toBe(5);
  });

  test('maxDeliveryAttempts 0 sends the message to the dead-letter topic without a delivery', async () => {
    const topic = await newTopic();
    const deadLetters = await newTopic();
    const name = await newSubscription(topic, {
      deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 0 },
    });
    const deadLetterName = await newSubscription(deadLetters);
    const id = await topic.publishMessage({ data: Buffer.from('never delivered') });
    const delivered: string[] = [];
    const source = pubsub.subscription(name);
    source.on('message', (message: Message) => {
      delivered.push(message.id);
      message.ack();
    });
    try {
      await receiveUntil(deadLetterName, (message) => message.id === id);
      await sleep(200);
    } finally {
      await source.close();
    }
    expect(delivered).toEqual([]);
  });
});

test('ordering keys: one outstanding message per key, in publish order', async () => {
  const topic = await newTopic();
  topic.setPublishOptions({ messageOrdering: true });
  const name = await newSubscription(topic, { enableMessageOrdering: true });
  for (const index of [0, 1, 2, 3, 4]) {
    await topic.publishMessage({ data: Buffer.from(String(index)), orderingKey: 'object-a' });
  }
  const order: string[] = [];
  let inHandler = 0;
  let mostInHandler = 0;
  await receiveUntil(name, async (message) => {
    inHandler += 1;
    mostInHandler = Math.max(mostInHandler, inHandler);
    order.push(message.data.toString());
    await sleep(30);
    inHandler -= 1;
    message.ack();
    return order.length === 5;
  });
  expect(order).toEqual(['0', '1', '2', '3', '4']);
  expect(mostInHandler).toBe(1);
});

test('a push subscription is not pushed: its messages wait for a pull', async () => {
  const requests: string[] = [];
  const endpoint = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  try {
    const topic = await newTopic();
    const { port } = endpoint.address() as AddressInfo;
    const name = await newSubscription(topic, {
      pushConfig: { pushEndpoint: `http://127.0.0.1:${String(port)}/push` },
    });
    const id = await topic.publishMessage({ data: Buffer.from('push me') });
    await sleep(500);
    expect(requests).toEqual([]);
    await receiveUntil(name, (message) => {
      message.ack();
      return message.id === id;
    });
  } finally {
    await new Promise((resolve) => endpoint.close(resolve));
  }
});

describe('faults', () => {
  /** Publishes each payload on its own (one message a Publish call), in order. */
  async function publishEach(
    topic: Topic,
    count: number,
  ): Promise<({ id: string } | { code: unknown })[]> {
    const results: ({ id: string } | { code: unknown })[] = [];
    for (let index = 0; index < count; index++) {
      results.push(
        await topic.publishMessage({ data: Buffer.from(String(index)) }).then(
          (id) => ({ id }),
          (error: unknown) => ({ code: (error as { code?: unknown }).code }),
        ),
      );
    }
    return results;
  }

  const noRetry = { batching: { maxMessages: 1 }, gaxOpts: { retry: null } };
  const ok = { id: expect.any(String) };
  const unavailable = { code: GRPC_ERROR_CODES.UNAVAILABLE };

  test('every 3rd Publish fails with UNAVAILABLE; the client retries it and every message is published', async () => {
    const topic = await newTopic();
    topic.setPublishOptions({ batching: { maxMessages: 1 } });
    await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 3 }]);
    const results = await publishEach(topic, 9);
    expect(results).toEqual(Array.from({ length: 9 }, () => ok));
    // Calls 3, 6, 9 and 12 failed and were retried: 9 messages took 13 calls.
    expect(await fake.faults()).toEqual([
      { method: 'Publish', code: 'UNAVAILABLE', every: 3, calls: 13, injected: 4 },
    ]);
    const published = await messagesOn(topic, () => true);
    expect(published.map((message) => message.data.toString())).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
  });

  test('without retries the client surfaces the error: UNAVAILABLE (14) on every 3rd publish', async () => {
    const topic = await newTopic();
    topic.setPublishOptions(noRetry);
    await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 3 }]);
    expect(await publishEach(topic, 6)).toEqual([ok, ok, unavailable, ok, ok, unavailable]);
  });

  test('a rule for one topic leaves the others alone, and times caps its errors', async () => {
    const failing = await newTopic();
    const other = await newTopic();
    failing.setPublishOptions(noRetry);
    other.setPublishOptions(noRetry);
    await fake.setFaults([
      { method: 'Publish', code: 'UNAVAILABLE', every: 1, times: 2, topic: failing.name },
    ]);
    expect(await publishEach(other, 2)).toEqual([ok, ok]);
    expect(await publishEach(failing, 3)).toEqual([unavailable, unavailable, ok]);
  });

  test('an added rule comes after the others: the first that fires answers', async () => {
    const topic = await newTopic();
    topic.setPublishOptions(noRetry);
    await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 2 }]);
    await fake.addFault({ method: 'Publish', code: 'RESOURCE_EXHAUSTED', every: 3 });
    const quota = { code: GRPC_ERROR_CODES.RESOURCE_EXHAUSTED };
    // Calls 2 and 4 fail on the first rule; the second counts only the calls the first let pass.
    expect(await publishEach(topic, 5)).toEqual([ok, unavailable, ok, unavailable, quota]);
    expect(
      (await fake.faults()).map(({ code, calls, injected }) => [code, calls, injected]),
    ).toEqual([
      ['UNAVAILABLE', 5, 2],
      ['RESOURCE_EXHAUSTED', 3, 1],
    ]);
  });

  test('a seeded fraction fails the same calls when set again', async () => {
    const topic = await newTopic();
    topic.setPublishOptions(noRetry);
    const rule: PubSubFault = { method: 'Publish', code: 'UNAVAILABLE', fraction: 0.5, seed: 7 };
    await fake.setFaults([rule]);
    const first = await publishEach(topic, 20);
    await fake.setFaults([rule]);
    const second = await publishEach(topic, 20);
    const failed = (results: typeof first) => results.map((result) => 'code' in result);
    expect(failed(second)).toEqual(failed(first));
    expect(failed(first)).toContain(true);
    expect(failed(first)).toContain(false);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['StreamingPull', { method: 'StreamingPull', code: 'UNAVAILABLE', every: 1 }, /cannot fail/],
    ['code OK', { method: 'Publish', code: 'OK', every: 1 }, /not a gRPC error code/],
    ['an unknown code', { method: 'Publish', code: 'BUSY', every: 1 }, /not a gRPC error code/],
    [
      'every and fraction',
      { method: 'Publish', code: 'INTERNAL', every: 2, fraction: 0.5 },
      /either every/,
    ],
    ['no share', { method: 'Publish', code: 'INTERNAL' }, /either every/],
    [
      'an unknown field',
      { method: 'Publish', code: 'INTERNAL', every: 1, topics: [] },
      /unknown field/,
    ],
  ])('a rule with %s is refused with the reason', async (_, rule, reason) => {
    await expect(fake.setFaults([rule as unknown as PubSubFault])).rejects.toThrow(reason);
    expect(await fake.faults()).toEqual([]);
  });
});
