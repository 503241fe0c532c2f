/**
 * What the Pub/Sub and Knative test senders share: a retry loop driven by a policy (which answers
 * end a delivery, which are retried, the backoff, the attempt limit), the dead-letter list, and a
 * pool that keeps a fixed number of deliveries going at once.
 */
import type { PostResult } from './http-poster';

/** How a platform treats the answers to one event's delivery attempts. */
export interface RetryPolicy {
  /** Attempts in all, the first included; then the event is dead-lettered. */
  readonly maxAttempts: number;
  /** An answer that ends the delivery as a success (an ack). */
  readonly isSuccess: (result: PostResult) => boolean;
  /** An answer after which the event is attempted again; any other failure dead-letters it. */
  readonly isRetryable: (result: PostResult) => boolean;
  /** The wait after the `failedAttempts`-th failed attempt, in milliseconds. */
  readonly backoffMs: (failedAttempts: number) => number;
}

/** Why an event went to the dead-letter destination. */
export type DeadLetterReason = 'attempts-exhausted' | 'not-retryable';

/** One event's delivery, as the sender saw it. */
export interface DeliveryRecord {
  /** The event's key (a Pub/Sub message id, a CloudEvent id). */
  readonly key: string;
  /** The answer to each attempt, in order. */
  readonly results: readonly PostResult[];
  /** `delivered`, or why it was dead-lettered. */
  readonly outcome: 'delivered' | DeadLetterReason;
}

/**
 * Attempts one event until an answer ends it: success, a failure the policy does not retry, or
 * the last allowed attempt.
 *
 * @param attempt - sends attempt number `n` (1-based) and gives its answer
 */
export async function deliverWithRetries(
  key: string,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<PostResult>,
): Promise<DeliveryRecord> {
  const results: PostResult[] = [];
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    results.push(result);
    if (policy.isSuccess(result)) return { key, results, outcome: 'delivered' };
    if (!policy.isRetryable(result)) return { key, results, outcome: 'not-retryable' };
    if (n >= policy.maxAttempts) return { key, results, outcome: 'attempts-exhausted' };
    await sleep(policy.backoffMs(n));
  }
}

/** Runs `task` over `items` with at most `concurrency` tasks at once; results in input order. */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Exponential backoff: `baseMs × 2^(n-1)` after the n-th failure, at most `maxMs`. */
export function exponentialBackoff(
  baseMs: number,
  maxMs: number,
): (failedAttempts: number) => number {
  return (failedAttempts) => Math.min(maxMs, baseMs * 2 ** (failedAttempts - 1));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
