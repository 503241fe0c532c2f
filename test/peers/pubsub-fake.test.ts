/**
 * The Pub/Sub test peer as a harness: built and found by the same path, one server per fake,
 * reachable by a child process from its environment, subscription settings kept, and push
 * subscriptions not pushed. Deliveries: `pubsub-fake-delivery.test.ts`; faults:
 * `pubsub-fake-faults.test.ts`.
 */
import { execFile, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { PUBSUB_FAKE_PEER, startPubSubFake, type PubSubFake } from '../support/pubsub-fake';
import { receiveUntil } from '../support/receive-until';
import { PEER_BUILD_TIMEOUT_MS, testPeerBinaryPath } from '../support/test-peer-binary';

const ROOT = path.resolve(__dirname, '../..');
const execFileAsync = promisify(execFile);

let fake: PubSubFake;
let pubsub: PubSub;

beforeAll(async () => {
  fake = await startPubSubFake();
  pubsub = fake.client();
}, PEER_BUILD_TIMEOUT_MS);

afterAll(() => fake.stop());

let created = 0;
/** A new topic with a name unique in this file. */
async function newTopic(): Promise<Topic> {
  created += 1;
  const [topic] = await pubsub.createTopic(`topic-${String(created)}`);
  return topic;
}

test('.ci/build-test-peers finds the binary the support module starts, and skips the build', () => {
  const result = spawnSync(path.join(ROOT, '.ci/build-test-peers'), ['pubsub-fake'], {
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
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...fake.env },
  });
  const [published] = await fake.waitForMessages(topic.name, () => true);
  expect(published).toMatchObject({ id: stdout.trim(), data: Buffer.from('from a child') });
});

test('each fake is a server of its own, ended by stop()', async () => {
  const other = await startPubSubFake();
  try {
    expect(other.emulatorHost).not.toBe(fake.emulatorHost);
    expect(other.projectId).not.toBe(fake.projectId);
    await newTopic();
    const [topics] = await other.client().getTopics();
    expect(topics).toEqual([]);
  } finally {
    await other.stop();
  }
  await expect(other.messages()).rejects.toThrow(/fetch failed/);
});

test('a subscription keeps its dead-letter, retry and ack deadline settings', async () => {
  const topic = await newTopic();
  const deadLetters = await newTopic();
  const [subscription] = await topic.createSubscription('settings', {
    ackDeadlineSeconds: 30,
    deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 7 },
    retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 600 } },
  });
  const [metadata] = await subscription.getMetadata();
  expect(metadata).toMatchObject({
    name: subscription.name,
    topic: topic.name,
    ackDeadlineSeconds: 30,
    deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 7 },
    retryPolicy: { minimumBackoff: { seconds: '10' }, maximumBackoff: { seconds: '600' } },
  });
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
    const [subscription] = await topic.createSubscription('pushed', {
      pushConfig: { pushEndpoint: `http://127.0.0.1:${String(port)}/push` },
    });
    const id = await topic.publishMessage({ data: Buffer.from('push me') });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requests).toEqual([]);
    await receiveUntil(subscription, (message) => {
      message.ack();
      return message.id === id;
    });
  } finally {
    await new Promise((resolve) => endpoint.close(resolve));
  }
});
