/**
 * How long Knative keeps retrying an event, and how long the worker asks it to wait: the two sides
 * of the delivery window rule (synth's config check and the manifest validator share it).
 *
 * Knative's dispatcher waits, after the failed attempt with retry number `i` (counted from 0),
 * `backoffDelay × 2^i` (exponential) or `backoffDelay × i` (linear), and ignores the worker's
 * `Retry-After` unless the `delivery-retryafter` feature is on; so `retry` retries span the sum of
 * those waits, and a transient fault that lasts longer dead-letters the event.
 *
 * @see https://github.com/knative/eventing/blob/main/pkg/kncloudevents/retries.go
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import { RETRY_AFTER_SECONDS } from '../labelers/vision-decision';

/** A DeliverySpec's retry shape: `retry` retries after the first attempt, with this backoff. */
export interface KnativeRetryShape {
  /** `delivery.retry`: retries after the first attempt (0 or more). */
  readonly retry: number;
  /** `delivery.backoffPolicy`. */
  readonly backoffPolicy: 'exponential' | 'linear';
  /** `delivery.backoffDelay`, in seconds (or in any unit: the result is in the same unit). */
  readonly backoffDelaySeconds: number;
}

/**
 * Knative's wait before the retry numbered `retryNumber` (counted from 0), in the unit of `delay`.
 *
 * @param retryNumber - 0 for the wait after the first attempt
 */
export function knativeBackoff(
  policy: KnativeRetryShape['backoffPolicy'],
  delay: number,
  retryNumber: number,
): number {
  return policy === 'linear' ? delay * retryNumber : delay * 2 ** retryNumber;
}

/**
 * The retry window: the sum of Knative's waits over all `retry` retries, in the unit of
 * `backoffDelaySeconds` (exponential: `delay × (2^retry − 1)`; linear: `delay × retry(retry−1)/2`).
 * Retry 12, exponential, PT1S: 4,095 s (about 68 min).
 */
export function knativeRetryWindowSeconds(shape: KnativeRetryShape): number {
  let sum = 0;
  for (let i = 0; i < shape.retry; i += 1) {
    sum += knativeBackoff(shape.backoffPolicy, shape.backoffDelaySeconds, i);
  }
  return sum;
}

/**
 * The longest `Retry-After` the worker sends for a transient fault, in seconds (Vision's exhausted
 * quota, {@link RETRY_AFTER_SECONDS}).
 */
export const LONGEST_RETRY_AFTER_SECONDS = Math.max(...Object.values(RETRY_AFTER_SECONDS));

/**
 * What the worker asks for over `retry` retries: `retry ×` {@link LONGEST_RETRY_AFTER_SECONDS},
 * in seconds. A Knative retry window shorter than this spends its retries faster than the worker
 * asked, so an event dead-letters before the fault the worker reported could have passed.
 */
export function workerRetryAfterSumSeconds(retry: number): number {
  return retry * LONGEST_RETRY_AFTER_SECONDS;
}
