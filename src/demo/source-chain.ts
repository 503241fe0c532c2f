/**
 * The Knative path in the demo, with Google's Pub/Sub fake in place of Pub/Sub: the bucket's
 * notification of an upload is published to a topic, the kit's Pub/Sub source pulls it from its
 * subscription and posts it to a worker, as it posts to the Broker on Knative. Runs only when the
 * fake is built; otherwise says why it was skipped.
 */
import type { PubSub } from '@google-cloud/pubsub';
import type { StorageEvent } from '../events/canonical-event';
import { pubSubNamesFor } from '../events/encode/encode-options';
import { notificationOf } from '../events/encode/notification';
import { createLogger } from '../log/logger';
import type { HandledEvent } from '../records/handled-event';
import { SOURCE_DEFAULTS } from '../config/source-contract';
import { createSource } from '../source/create-source';
import { createPubSubClient, deadLetterTopic, pullSubscription } from '../source/pubsub-client';
import type { SinkAnswer } from '../source/sink-actions';
import { createSinkClient } from '../source/sink-client';
import type { DemoWorker } from './deliver-over-http';
import {
  BUILD_PEERS_SCRIPT,
  isExecutable,
  peerBinaryPath,
  PUBSUB_FAKE_PEER,
  repositoryRoot,
} from './peer-binary';
import { startPubSubFakeProcess } from './pubsub-fake-process';

/** What the chain gave: the sink's answer and the worker's record, or why it did not run. */
export type SourceChainResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | {
      readonly kind: 'ran';
      /** The HTTP status the worker answered the source, when it answered. */
      readonly status: number | undefined;
      readonly record: HandledEvent | undefined;
    };

/** How long the notification may take from publish to the worker's record, in milliseconds. */
const CHAIN_TIMEOUT_MS = 15_000;
const PROJECT = 'dualrun-demo';
const TOPIC = 'uploads';
const DEAD_LETTER_TOPIC = 'uploads-dead-letter';
const SUBSCRIPTION = 'uploads-source';

/**
 * The fake's binary, or why there is none: outside a checkout, or not built yet.
 *
 * @param env - where the build cache is (`DUALRUN_CACHE_DIR`, `XDG_CACHE_HOME`, `HOME`)
 */
export function pubSubFakeBinary(
  env: NodeJS.ProcessEnv,
): { readonly binary: string } | { readonly missing: string } {
  const root = repositoryRoot(__dirname);
  if (root === undefined) {
    return { missing: 'no test peers here (not a checkout of the repository)' };
  }
  const binary = peerBinaryPath(root, PUBSUB_FAKE_PEER, env);
  return isExecutable(binary)
    ? { binary }
    : {
        missing: `Google's Pub/Sub fake (pstest) is not built (${binary}): run ${BUILD_PEERS_SCRIPT} ${PUBSUB_FAKE_PEER.name} (needs Go), then npm run demo again`,
      };
}

/**
 * Publishes `event`'s notification (JSON_API_V1, as Cloud Storage does) to a topic of the fake and
 * lets the kit's source (`createSource`, as `dist/src/startup/source-main.js` composes it) pull it
 * and post it to `worker`; resolves with the worker's answer and record.
 *
 * @param env - where the fake's build cache is
 */
export async function runSourceChain(
  event: StorageEvent,
  worker: DemoWorker,
  env: NodeJS.ProcessEnv,
): Promise<SourceChainResult> {
  const found = pubSubFakeBinary(env);
  if ('missing' in found) return { kind: 'skipped', reason: found.missing };
  const fake = await startPubSubFakeProcess(found.binary);
  let pubsub: PubSub | undefined;
  try {
    pubsub = createPubSubClient({ projectId: PROJECT, emulatorHost: fake.emulatorHost });
    const [topic] = await pubsub.createTopic(TOPIC);
    const [deadLetters] = await pubsub.createTopic(DEAD_LETTER_TOPIC);
    await topic.createSubscription(SUBSCRIPTION, {
      ackDeadlineSeconds: 60,
      deadLetterPolicy: { deadLetterTopic: deadLetters.name, maxDeliveryAttempts: 5 },
    });
    return await pullIntoWorker(pubsub, event, worker);
  } finally {
    await pubsub?.close();
    await fake.stop();
  }
}

async function pullIntoWorker(
  pubsub: PubSub,
  event: StorageEvent,
  worker: DemoWorker,
): Promise<SourceChainResult> {
  const subscriptionName = `projects/${PROJECT}/subscriptions/${SUBSCRIPTION}`;
  const sinkClient = createSinkClient({
    url: worker.url,
    caCerts: undefined,
    timeoutMs: SOURCE_DEFAULTS.sendTimeoutMs,
    maxSockets: 1,
    token: () => Promise.resolve(undefined),
  });
  let answer: SinkAnswer | undefined;
  const source = createSource({
    subscription: pullSubscription(pubsub, {
      name: subscriptionName,
      maxMessages: 1,
      maxBytes: 1 << 20,
    }),
    deadLetter: deadLetterTopic(pubsub, `projects/${PROJECT}/topics/${DEAD_LETTER_TOPIC}`, {
      publishTimeoutMs: SOURCE_DEFAULTS.sendTimeoutMs,
    }),
    sink: {
      send: async (request, signal) => (answer = await sinkClient.send(request, signal)),
      close: () => {
        sinkClient.close();
      },
    },
    logger: createLogger('silent'),
    subscriptionName,
    bucket: event.data.bucket,
    extensions: {},
  });
  const before = worker.records().length;
  source.start();
  const notification = notificationOf(event, 'JSON_API_V1', pubSubNamesFor(event));
  await pubsub.topic(TOPIC).publishMessage({
    data: notification.data ?? Buffer.alloc(0),
    attributes: { ...notification.attributes },
  });
  const deadline = Date.now() + CHAIN_TIMEOUT_MS;
  while (worker.records().length === before && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await source.stop(2_000);
  sinkClient.close();
  return {
    kind: 'ran',
    status: answer?.kind === 'status' ? answer.status : undefined,
    record: worker.records()[before],
  };
}
