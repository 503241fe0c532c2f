/**
 * The Pub/Sub fake's fault rules, switched at run time, with the real client: a share of Publish
 * calls fails with a gRPC code, and the client retries them or, without retries, surfaces them.
 */
import type { PubSub, Topic } from '@google-cloud/pubsub';
import {
  GRPC_ERROR_CODES,
  startPubSubFake,
  type PubSubFake,
  type PubSubFault,
} from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';

let fake: PubSubFake;
let pubsub: PubSub;

beforeAll(async () => {
  fake = await startPubSubFake();
  pubsub = fake.client();
}, PEER_BUILD_TIMEOUT_MS);

afterAll(() => fake.stop());

afterEach(() => fake.clearFaults());

let created = 0;
/** A new topic, named uniquely in this file, that sends each message in a Publish call of its own. */
async function newTopic(retries: 'retries' | 'no retries'): Promise<Topic> {
  created += 1;
  const [topic] = await pubsub.createTopic(`topic-${String(created)}`);
  topic.setPublishOptions({
    batching: { maxMessages: 1 },
    ...(retries === 'retries' ? {} : { gaxOpts: { retry: null } }),
  });
  return topic;
}

/** Publishes `count` messages one after the other: each one's id, or its error's gRPC code. */
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

const ok = { id: expect.any(String) };
const unavailable = { code: GRPC_ERROR_CODES.UNAVAILABLE };

test('every 3rd Publish fails with UNAVAILABLE; the client retries it and every message is published', async () => {
  const topic = await newTopic('retries');
  await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 3 }]);
  expect(await publishEach(topic, 9)).toEqual(Array.from({ length: 9 }, () => ok));
  // Calls 3, 6, 9 and 12 failed and were retried: 9 messages took 13 calls.
  expect(await fake.faults()).toEqual([
    { method: 'Publish', code: 'UNAVAILABLE', every: 3, calls: 13, injected: 4 },
  ]);
  const published = await fake.waitForMessages(topic.name, () => true);
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
  const topic = await newTopic('no retries');
  await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 3 }]);
  expect(await publishEach(topic, 6)).toEqual([ok, ok, unavailable, ok, ok, unavailable]);
});

test('a rule for one topic leaves the others alone, and times caps its errors', async () => {
  const failing = await newTopic('no retries');
  const other = await newTopic('no retries');
  await fake.setFaults([
    { method: 'Publish', code: 'UNAVAILABLE', every: 1, times: 2, topic: failing.name },
  ]);
  expect(await publishEach(other, 2)).toEqual([ok, ok]);
  expect(await publishEach(failing, 3)).toEqual([unavailable, unavailable, ok]);
});

test('an added rule comes after the others: the first that fires answers', async () => {
  const topic = await newTopic('no retries');
  await fake.setFaults([{ method: 'Publish', code: 'UNAVAILABLE', every: 2 }]);
  await fake.addFault({ method: 'Publish', code: 'RESOURCE_EXHAUSTED', every: 3 });
  const quota = { code: GRPC_ERROR_CODES.RESOURCE_EXHAUSTED };
  // Calls 2 and 4 fail on the first rule; the second counts only the calls the first let pass.
  expect(await publishEach(topic, 5)).toEqual([ok, unavailable, ok, unavailable, quota]);
  const counters = (await fake.faults()).map(({ code, calls, injected }) => [
    code,
    calls,
    injected,
  ]);
  expect(counters).toEqual([
    ['UNAVAILABLE', 5, 2],
    ['RESOURCE_EXHAUSTED', 3, 1],
  ]);
});

test('a seeded fraction fails the same calls when set again', async () => {
  const topic = await newTopic('no retries');
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
    /either/,
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
