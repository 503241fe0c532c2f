/**
 * `RESULTS_MODE=pubsub` (Cloud Run): result events are published to `RESULTS_TOPIC` with
 * `@google-cloud/pubsub`, by the CloudEvents Pub/Sub protocol binding, before the push is
 * acknowledged. The only module of the worker that loads the Pub/Sub client, and only in this
 * mode (`./create-result-emitter.ts` imports it then).
 *
 * @see https://cloud.google.com/pubsub/docs/publisher
 * @see https://github.com/googleapis/google-cloudevents/blob/main/docs/spec/pubsub.md
 */
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { ResultPublishError } from '../errors';
import { resultPubSubMessage } from '../events/encode/result-event-messages';
import type { ResultEvent } from '../events/result-event';
import { createPubSubClient, openStub } from '../source/pubsub-client';
import { grpcCodeOf, PUBSUB_OPERATOR_CODES, pubSubReason } from '../source/pubsub-codes';
import type { ResultEmitter } from './result-emitter';
import type { PubSubResultsSettings } from './results-settings';

/** Options of {@link createPubSubEmitter}. */
export interface PubSubEmitterOptions {
  /** The `source` of the result events. */
  readonly source: string;
  /**
   * The deadline of one publish, in milliseconds: the batching window, the Publish call and its
   * answer. The client does not retry within it (the platform redelivers the push).
   */
  readonly timeoutMs: number;
  /**
   * How long a result waits for others to share its Publish call, in milliseconds. Small, for
   * latency: the push is answered only once its result is published. Results that arrive within
   * it (at load) go in one call, up to 100 messages or 1 MB.
   *
   * @default 1
   */
  readonly batchWindowMs?: number;
}

/**
 * Creates the publisher of result events: one client and one topic object for the worker's life,
 * created at start. `emit()` publishes one message and resolves with Pub/Sub's answer; a publish
 * that fails, or has no answer within `timeoutMs`, throws `ResultPublishError` (a publish cut off
 * by the deadline may still land later: the redelivery publishes the same event, with the same
 * id, again). `close()` sends what is pending, then closes the client.
 *
 * @see https://cloud.google.com/pubsub/docs/batch-messaging
 */
export function createPubSubEmitter(
  settings: PubSubResultsSettings,
  options: PubSubEmitterOptions,
): ResultEmitter {
  const projectId = /^projects\/([^/]+)\//.exec(settings.topic)?.[1] ?? '';
  const pubsub = createPubSubClient({ projectId, emulatorHost: settings.emulatorHost });
  const topic = pubsub.topic(settings.topic, {
    batching: { maxMessages: 100, maxMilliseconds: options.batchWindowMs ?? 1 },
    // No in-process retries: a failed publish is a 503, and the push is redelivered.
    gaxOpts: { timeout: options.timeoutMs, retry: null },
  });
  return {
    mode: 'pubsub',
    source: options.source,
    emits: () => true,
    emit: (event) => publish(pubsub, topic, settings.topic, event, options.timeoutMs),
    async close() {
      // A publish that fails now has failed its push already (503, redelivered): nothing to add.
      await topic.flush().catch(() => undefined);
      await pubsub.close();
    },
  };
}

async function publish(
  pubsub: PubSub,
  topic: Topic,
  name: string,
  event: ResultEvent,
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new ResultPublishError(
          name,
          `the result event ${event.id} was not published to ${name} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
  });
  try {
    const published = openStub(pubsub, 'PublisherClient').then(() =>
      topic.publishMessage(resultPubSubMessage(event)),
    );
    await Promise.race([published, deadline]);
  } catch (error) {
    if (error instanceof ResultPublishError) throw error;
    throw new ResultPublishError(
      name,
      `publishing the result event ${event.id} to ${name} failed: ${pubSubReason(error)}`,
      { cause: error, needsOperator: needsOperator(error) },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether a publish failure needs an operator (so the worker logs it as ERROR): a code of
 * {@link PUBSUB_OPERATOR_CODES}, or no gRPC code at all (the client failed before any call: no
 * Application Default Credentials, a bad endpoint).
 */
function needsOperator(error: unknown): boolean {
  const code = grpcCodeOf(error);
  return code === undefined || PUBSUB_OPERATOR_CODES.has(code);
}
