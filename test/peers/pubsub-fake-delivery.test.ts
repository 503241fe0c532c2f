/**
 * How pstest delivers to the real `@google-cloud/pubsub` subscriber: StreamingPull with flow
 * control, ack, nack, lapsed ack deadlines, lease extension, dead-lettering and ordering keys, as
 * the Pub/Sub source and the dead-letter receiver will meet them (see `test/support/pubsub-fake.ts`).
 */
import {
  Duration,
  type Message,
  type PubSub,
  type Subscription,
  type SubscriptionOptions,
  type Topic,
} from '@google-cloud/pubsub';
import { startPubSubFake, type PubSubFake } from '../support/pubsub-fake';
import { receiveUntil } from '../support/receive-until';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';

let fake: PubSubFake;
let pubsub: PubSub;

beforeAll(async () => {
  fake = await startPubSubFake();
  pubsub = fake.client();
}, PEER_BUILD_TIMEOUT_MS);

afterAll(() => fake.stop());

let created = 0;
/** A new topic and a subscription of it (`metadata` its settings), named uniquely in this file. */
async function newTopic(
  metadata: Parameters<Topic['createSubscription']>[1] = {},
): Promise<{ topic: Topic; subscription: (options?: SubscriptionOptions) => Subscription }> {
  created += 1;
  const [topic] = await pubsub.createTopic(`topic-${String(created)}`);
  const [{ name }] = await topic.createSubscription(`sub-${String(created)}`, metadata);
  return { topic, subscription: (options) => pubsub.subscription(name, options) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('StreamingPull delivers every message once with its attributes, never more than maxMessages at a time', async () => {
  const { topic, subscription } = await newTopic();
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
  const flowControl = { maxMessages: 3, allowExcessMessages: false };
  await receiveUntil(subscription({ flowControl }), async (message) => {
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
  });
  expect(received.map((message) => message.id).sort()).toEqual([...ids].sort());
  for (const message of received) {
    expect(message).toEqual({
      id: message.id,
      data: `image ${message.attributes.index ?? ''}`,
      attributes: { index: expect.any(String), bucket: 'b' },
    });
  }
  expect(mostInHandler).toBe(3);
  const published = await fake.waitForMessages(topic.name, (messages) =>
    messages.every((message) => message.acks === 1),
  );
  expect(published.map(({ deliveries, acks }) => ({ deliveries, acks }))).toEqual(
    Array.from({ length: count }, () => ({ deliveries: 1, acks: 1 })),
  );
});

test('a nacked message comes back at once with the next deliveryAttempt (the retry policy is not applied)', async () => {
  const { topic: deadLetters } = await newTopic();
  const { topic, subscription } = await newTopic({
    deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 5 },
    retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 60 } },
  });
  const id = await topic.publishMessage({ data: Buffer.from('nack me') });
  const deliveries: { id: string; attempt: number; atMs: number }[] = [];
  await receiveUntil(subscription(), (message) => {
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
  const [published] = await fake.waitForMessages(topic.name, ([message]) => message?.acks === 1);
  expect(published).toMatchObject({ deliveries: 2, acks: 1 });
  expect(published?.modAckDeadlinesSeconds).toContain(0);
});

/** Lease options that keep the client's ack deadline at 1 s. */
const oneSecondLease = {
  minAckDeadline: Duration.from({ seconds: 1 }),
  maxAckDeadline: Duration.from({ seconds: 1 }),
};

test('a message whose ack deadline lapses is delivered again; an ack of the lapsed delivery is ignored', async () => {
  const { topic, subscription } = await newTopic();
  const id = await topic.publishMessage({ data: Buffer.from('slow') });
  const deliveries: { message: Message; atMs: number }[] = [];
  const lease = { ...oneSecondLease, maxExtensionTime: Duration.from({ seconds: 1 }) };
  await receiveUntil(subscription(lease), (message) => {
    deliveries.push({ message, atMs: Date.now() });
    // The first two are held, never acked in time: each lease ends after 1 s. The ack of the
    // first, sent while the second is out, does not end the third.
    if (deliveries.length === 2) deliveries[0]!.message.ack();
    if (deliveries.length < 3) return false;
    message.ack();
    return true;
  });
  expect(deliveries.map(({ message }) => message.id)).toEqual([id, id, id]);
  // Without a dead-letter policy pstest sets no deliveryAttempt (the client reads 0).
  expect(deliveries.map(({ message }) => message.deliveryAttempt)).toEqual([0, 0, 0]);
  for (const later of [1, 2]) {
    const gapMs = deliveries[later]!.atMs - deliveries[later - 1]!.atMs;
    expect(gapMs).toBeGreaterThanOrEqual(1_000);
  }
  const [published] = await fake.waitForMessages(topic.name, ([message]) => message?.acks === 1);
  expect(published).toMatchObject({ deliveries: 3, acks: 1 });
});

test('a held message is not delivered again while the client extends its deadline (modifyAckDeadline)', async () => {
  const { topic, subscription } = await newTopic();
  const id = await topic.publishMessage({ data: Buffer.from('held') });
  const ids: string[] = [];
  await receiveUntil(subscription(oneSecondLease), async (message) => {
    ids.push(message.id);
    await sleep(1_500);
    message.ack();
    return true;
  });
  expect(ids).toEqual([id]);
  const [published] = await fake.waitForMessages(topic.name, ([message]) => message?.acks === 1);
  expect(published).toMatchObject({ deliveries: 1, acks: 1 });
  const extensions = published?.modAckDeadlinesSeconds.filter((seconds) => seconds === 1);
  expect(extensions?.length).toBeGreaterThanOrEqual(2);
});

describe('dead-letter policy', () => {
  test('after maxDeliveryAttempts deliveries the message goes to the dead-letter topic, and again every round', async () => {
    const { topic: deadLetters, subscription: deadLetterSubscription } = await newTopic();
    const { topic, subscription } = await newTopic({
      deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 5 },
    });
    const id = await topic.publishMessage({
      data: Buffer.from('poison'),
      attributes: { kind: 'bad' },
    });
    const attempts: number[] = [];
    const source = subscription().on('message', (message: Message) => {
      attempts.push(message.deliveryAttempt);
      message.nack();
    });
    const copies: { id: string; data: string; attributes: object; attempt: number }[] = [];
    try {
      await receiveUntil(deadLetterSubscription(), (message) => {
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
    const copy = { id, data: 'poison', attributes: { kind: 'bad' }, attempt: 0 };
    expect(copies).toEqual([copy, copy, copy]);
    const [published] = await fake.waitForMessages(topic.name, () => true);
    expect(published?.deliveries).toBe(5);
  });

  test('maxDeliveryAttempts 0 sends the message to the dead-letter topic without a delivery', async () => {
    const { topic: deadLetters, subscription: deadLetterSubscription } = await newTopic();
    const { topic, subscription } = await newTopic({
      deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 0 },
    });
    const id = await topic.publishMessage({ data: Buffer.from('never delivered') });
    const delivered: string[] = [];
    const source = subscription().on('message', (message: Message) => {
      delivered.push(message.id);
      message.ack();
    });
    try {
      await receiveUntil(deadLetterSubscription(), (message) => message.id === id);
      await sleep(200);
    } finally {
      await source.close();
    }
    expect(delivered).toEqual([]);
  });
});

test('ordering keys: one outstanding message per key, in publish order', async () => {
  const { topic, subscription } = await newTopic({ enableMessageOrdering: true });
  topic.setPublishOptions({ messageOrdering: true });
  for (const index of [0, 1, 2, 3, 4]) {
    await topic.publishMessage({ data: Buffer.from(String(index)), orderingKey: 'object-a' });
  }
  const order: string[] = [];
  let inHandler = 0;
  let mostInHandler = 0;
  await receiveUntil(subscription(), async (message) => {
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
