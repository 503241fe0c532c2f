/**
 * The adapters of the source's seams (`subscription.ts`) over `@google-cloud/pubsub`: StreamingPull
 * with flow control and lease management, and the dead-letter topic's publisher. The only module
 * of the source that loads the client.
 */
import { PubSub, type Message } from '@google-cloud/pubsub';
import { PassThroughClient } from 'google-auth-library';
import type { DeadLetterTopic, MessageSubscription, PulledMessage } from './subscription';

/** How the client is reached. */
export interface PubSubClientOptions {
  /** The project of the subscription (`projects/P/...`). */
  readonly projectId: string;
  /**
   * `PUBSUB_EMULATOR_HOST` (`host:port`): connect there, without TLS or credentials, as the client
   * does when it reads that variable itself. Otherwise Pub/Sub, with Application Default
   * Credentials (Workload Identity, or `GOOGLE_APPLICATION_CREDENTIALS`).
   */
  readonly emulatorHost: string | undefined;
}

/**
 * The Pub/Sub client for the subscription's project: the emulator when `emulatorHost` is given,
 * else Pub/Sub with Application Default Credentials.
 *
 * @see https://cloud.google.com/nodejs/docs/reference/pubsub/latest/pubsub/clientconfig
 */
export function createPubSubClient(options: PubSubClientOptions): PubSub {
  return new PubSub({
    projectId: options.projectId,
    ...(options.emulatorHost === undefined
      ? {}
      : {
          apiEndpoint: options.emulatorHost,
          emulatorMode: true,
          // No credentials to an emulator: without it the auth library still looks for
          // Application Default Credentials (the metadata server) before the first call.
          authClient: new PassThroughClient(),
        }),
  });
}

/** The generated clients of `@google-cloud/pubsub`: one gRPC stub each, created on first use. */
export type GapicClientName = 'PublisherClient' | 'SubscriberClient';

/**
 * Opens the gRPC stub of `client` (Application Default Credentials, the endpoint) before anything
 * uses it, and throws, awaited, when it cannot be opened. Needed because the generated clients
 * start their stub on a promise nobody awaits (`this.initialize().catch((err) => { throw err; })`
 * in every method): without credentials its rejection is unhandled and ends the process. A stub
 * that failed is closed and dropped, so the next call tries again (credentials may appear) and
 * never reaches the library's unawaited path. Cheap once the stub is open (the same promise).
 *
 * @throws Error with `code` 16 (`UNAUTHENTICATED`) and the library's reason, said once, when the
 * stub cannot be opened (no credentials, an unreachable metadata server, a bad endpoint)
 */
export async function openStub(pubsub: PubSub, client: GapicClientName): Promise<void> {
  const gapic = (await pubsub.getClientAsync_({ client })) as {
    initialize?: () => Promise<unknown>;
  };
  try {
    await gapic.initialize?.();
  } catch (error) {
    if (pubsub.api[client] === gapic) Reflect.deleteProperty(pubsub.api, client);
    await (gapic as { close?: () => Promise<void> }).close?.().catch(() => undefined);
    throw new StubError(
      `no usable Google credentials for Pub/Sub: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** A gRPC stub that could not be opened: `UNAUTHENTICATED` for the callers' operator tables. */
class StubError extends Error {
  readonly code = 16;
}

/** Flow control of the pull. */
export interface PullOptions {
  /** The subscription's full name, `projects/P/subscriptions/S`. */
  readonly name: string;
  /** Messages held at once (`MAX_OUTSTANDING_MESSAGES`): never more are handed out. */
  readonly maxMessages: number;
  /** Bytes of message data held at once (`MAX_OUTSTANDING_BYTES`). */
  readonly maxBytes: number;
}

/**
 * The notification subscription, pulled with StreamingPull. Flow control holds at most
 * `maxMessages` messages (`allowExcessMessages: false`: messages pulled beyond it wait in the
 * client, their leases extended, until one is settled). The client extends the ack deadline of
 * every held message (lease management) up to `maxExtensionTime` (60 minutes). `close()` uses the
 * `WaitForProcessing` behaviour: the stream stops at once, held messages are settled by the caller.
 *
 * @see https://cloud.google.com/pubsub/docs/flow-control-messages
 * @see https://cloud.google.com/pubsub/docs/lease-management
 */
export function pullSubscription(pubsub: PubSub, options: PullOptions): MessageSubscription {
  const subscription = pubsub.subscription(options.name, {
    flowControl: {
      maxMessages: options.maxMessages,
      maxBytes: options.maxBytes,
      allowExcessMessages: false,
    },
    closeOptions: { behavior: 'WAIT' },
  });
  return {
    start(onMessage, onError) {
      subscription.on('message', (message: Message) => {
        onMessage(pulledMessage(message));
      });
      subscription.on('error', (error: Error) => {
        onError(pullError(options.name, error));
      });
    },
    async close() {
      await subscription.close();
    },
  };
}

/**
 * Names of the gRPC status codes a subscription fails with for good, for the log line.
 *
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 */
const GRPC_CODES: Readonly<Record<number, string>> = {
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  9: 'FAILED_PRECONDITION',
  16: 'UNAUTHENTICATED',
};

/** The client's stream error, named: `StreamingPull on S failed: NOT_FOUND (5): <details>`. */
function pullError(name: string, error: Error): Error {
  const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
  const status =
    code === undefined ? '' : `${GRPC_CODES[code] ?? 'gRPC status'} (${String(code)}): `;
  return new Error(`StreamingPull on ${name} failed: ${status}${error.message}`, { cause: error });
}

function pulledMessage(message: Message): PulledMessage {
  return {
    messageId: message.id,
    attributes: message.attributes,
    data: message.data.length === 0 ? undefined : message.data,
    publishTime: message.publishTime.toISOString(),
    orderingKey: message.orderingKey === '' ? undefined : message.orderingKey,
    deliveryAttempt: message.deliveryAttempt > 0 ? message.deliveryAttempt : undefined,
    ack: () => {
      message.ack();
    },
    nack: () => {
      message.nack();
    },
  };
}

/** A call that had no answer within its deadline: `DEADLINE_EXCEEDED` for the operator tables. */
class DeadlineError extends Error {
  readonly code = 4;
}

/**
 * `call()`, or a {@link DeadlineError} once `ms` milliseconds pass without its answer (a later
 * failure of the call is then ignored).
 */
async function withDeadline<T>(ms: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DeadlineError(`Pub/Sub did not answer within ${ms} ms`));
    }, ms);
  });
  const answer = call();
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How a dead-letter topic publishes. */
export interface DeadLetterTopicOptions {
  /**
   * The most one publish may take, its retries included, in milliseconds; then it fails (and the
   * source nacks the message, the receiver answers 503: never an acknowledgement). Required: the
   * client's own default for Publish is 600,000 (ten minutes of retries on UNAVAILABLE and the
   * like), far past a pulled message's ack deadline or a Trigger's delivery timeout.
   */
  readonly publishTimeoutMs: number;
}

/**
 * A dead-letter topic (`PUBSUB_DEAD_LETTER_TOPIC`, of the source and of the dead-letter
 * receiver), its publishes batched for at most 10 ms and capped at `publishTimeoutMs`, opening
 * the connection included: the client's own timeout only stops new attempts (it sleeps its
 * back-off, up to a minute, past it), so a publish without an answer by then fails with code 4
 * (`DEADLINE_EXCEEDED`). A publish cut off may still land later (the dead letter is then kept
 * twice: at least once).
 *
 * @param name - the topic's full name, `projects/P/topics/T`
 * @see https://cloud.google.com/pubsub/docs/batch-messaging
 * @see https://cloud.google.com/pubsub/docs/retry-requests
 */
export function deadLetterTopic(
  pubsub: PubSub,
  name: string,
  options: DeadLetterTopicOptions,
): DeadLetterTopic {
  const topic = pubsub.topic(name, {
    batching: { maxMilliseconds: 10 },
    gaxOpts: { timeout: options.publishTimeoutMs },
  });
  return {
    publish: (message) =>
      withDeadline(options.publishTimeoutMs, async () => {
        await openStub(pubsub, 'PublisherClient');
        return topic.publishMessage({
          data: message.data ?? Buffer.alloc(0),
          attributes: { ...message.attributes },
        });
      }),
    async close() {
      await topic.flush();
    },
  };
}
