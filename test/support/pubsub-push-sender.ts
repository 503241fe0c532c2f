/**
 * A test-side Pub/Sub push subscription with a dead-letter policy, as far as a subscriber can
 * tell: a message is acknowledged only by 102, 200, 201, 202 or 204; any other answer, or none,
 * is a nack and the message is redelivered (same `messageId`, `deliveryAttempt` one higher) after
 * an exponential backoff between the subscription's minimum and maximum retry delay; after
 * `maxDeliveryAttempts` it goes to the dead-letter topic. Delivery is at least once: a
 * redelivery can race an attempt still running (its ack deadline passed), and a message already
 * acknowledged can come again.
 *
 * @see https://cloud.google.com/pubsub/docs/push#receive_push
 * @see https://cloud.google.com/pubsub/docs/handling-failures
 */
import type { Message } from '../../src/events/message';
import type { Poster, PostResult } from './http-poster';
import {
  deliverWithRetries,
  exponentialBackoff,
  runPool,
  type DeliveryRecord,
} from './retrying-delivery';
import type { Random } from './seeded-random';

/** The statuses that acknowledge a push (https://cloud.google.com/pubsub/docs/push). */
export const PUSH_ACK_STATUSES: ReadonlySet<number> = new Set([102, 200, 201, 202, 204]);

/** One message of the subscription. */
export interface PushMessage {
  readonly messageId: string;
  /** The push request of one delivery, which carries `deliveryAttempt`. */
  readonly request: (deliveryAttempt: number) => Message;
}

/** Options of {@link sendPushMessages}; delays are scaled from seconds to milliseconds. */
export interface PushSubscriptionOptions {
  readonly poster: Poster;
  /** `--max-delivery-attempts` (5 to 100 on Pub/Sub). @default 5 */
  readonly maxDeliveryAttempts?: number;
  /** `--min-retry-delay`, in ms here (10 s on Pub/Sub by default). @default 2 */
  readonly minRetryDelayMs?: number;
  /** `--max-retry-delay`, in ms here (600 s on Pub/Sub by default). @default 40 */
  readonly maxRetryDelayMs?: number;
  /** Messages outstanding at once. @default 32 */
  readonly concurrency?: number;
  /** The share of attempts (0 to 1) delivered twice at the same moment. @default 0 */
  readonly racingShare?: number;
  /** The share of acknowledged messages (0 to 1) delivered once more afterwards. @default 0 */
  readonly redeliveredShare?: number;
  /**
   * The share of deliveries (0 to 1) whose answer is lost on the way back (a connection broken
   * after the worker answered): the subscription counts a nack, whatever the answer was.
   * @default 0
   */
  readonly lostAnswerShare?: number;
  readonly random: Random;
}

/** One HTTP delivery of a message and its answer. */
export interface PushDelivery {
  readonly messageId: string;
  readonly deliveryAttempt: number;
  /** `attempt`: the policy's; `racing`: a second copy at the same time; `after-ack`: a duplicate. */
  readonly kind: 'attempt' | 'racing' | 'after-ack';
  /** What the worker answered. */
  readonly answer: PostResult;
  /** What the subscription saw: the answer, or a transport error when the answer was lost. */
  readonly result: PostResult;
}

/** What the subscription did with every message. */
export interface PushReport {
  /** One per message, in input order: acknowledged (`delivered`) or dead-lettered. */
  readonly messages: readonly DeliveryRecord[];
  /** Every HTTP delivery, in the order their answers came. */
  readonly deliveries: readonly PushDelivery[];
}

/** Delivers every message until it is acknowledged or dead-lettered. */
export async function sendPushMessages(
  messages: readonly PushMessage[],
  options: PushSubscriptionOptions,
): Promise<PushReport> {
  const policy = {
    maxAttempts: options.maxDeliveryAttempts ?? 5,
    isSuccess: (result: PostResult) => typeof result === 'number' && PUSH_ACK_STATUSES.has(result),
    isRetryable: () => true,
    backoffMs: exponentialBackoff(options.minRetryDelayMs ?? 2, options.maxRetryDelayMs ?? 40),
  };
  const deliveries: PushDelivery[] = [];
  const deliver = async (
    message: PushMessage,
    deliveryAttempt: number,
    kind: PushDelivery['kind'],
  ): Promise<PostResult> => {
    const lost = kind !== 'after-ack' && options.random() < (options.lostAnswerShare ?? 0);
    const answer = await options.poster.post(message.request(deliveryAttempt));
    const result = lost ? 'transport-error' : answer;
    deliveries.push({ messageId: message.messageId, deliveryAttempt, kind, answer, result });
    return result;
  };
  const records = await runPool(messages, options.concurrency ?? 32, async (message) => {
    const record = await deliverWithRetries(message.messageId, policy, async (attempt) => {
      if (options.random() >= (options.racingShare ?? 0))
        return deliver(message, attempt, 'attempt');
      const answers = await Promise.all([
        deliver(message, attempt, 'attempt'),
        deliver(message, attempt, 'racing'),
      ]);
      return answers.find(policy.isSuccess) ?? answers[0];
    });
    if (record.outcome === 'delivered' && options.random() < (options.redeliveredShare ?? 0)) {
      await deliver(message, record.results.length + 1, 'after-ack');
    }
    return record;
  });
  return { messages: records, deliveries };
}
