/**
 * A test-side Knative Eventing delivery (Broker → Trigger → subscriber) with a `delivery` spec, as
 * far as a subscriber can tell (MANIFESTS.md §2.2, §2.3): an event is delivered by any 2xx; no
 * answer, any 5xx, 404, 408, 409 and 429 are retried up to `retry` more times with the backoff;
 * every other answer (1xx, 3xx, any other 4xx) sends the event to the dead-letter sink at once, as
 * does the last failed retry.
 *
 * @see https://github.com/knative/eventing/blob/main/pkg/kncloudevents/retries.go (SelectiveRetry)
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import type { Message } from '../../src/events/message';
import type { Poster, PostResult } from './http-poster';
import {
  deliverWithRetries,
  runPool,
  type DeliveryRecord,
  type RetryPolicy,
} from './retrying-delivery';

/** The statuses Knative retries besides every 5xx. */
export const KNATIVE_RETRIED_STATUSES: ReadonlySet<number> = new Set([404, 408, 409, 429]);

/** Knative's `SelectiveRetry`: retry on no answer, any 5xx, 404, 408, 409, 429. */
export function isRetriedByKnative(result: PostResult): boolean {
  return result === 'transport-error' || result >= 500 || KNATIVE_RETRIED_STATUSES.has(result);
}

/** One CloudEvent to deliver. */
export interface KnativeEvent {
  readonly id: string;
  readonly request: Message;
}

/** The Trigger's `delivery` (delays scaled from seconds to milliseconds) and the load. */
export interface KnativeDeliveryOptions {
  readonly poster: Poster;
  /** `delivery.retry`: retries after the first attempt. */
  readonly retry: number;
  /** `delivery.backoffPolicy`. @default 'exponential' */
  readonly backoffPolicy?: 'exponential' | 'linear';
  /** `delivery.backoffDelay`, in ms here. @default 2 */
  readonly backoffDelayMs?: number;
  /** Events in flight at once. @default 32 */
  readonly concurrency?: number;
}

/** What the delivery did with every event. */
export interface KnativeReport {
  /** One per event, in input order: delivered or dead-lettered (and why). */
  readonly events: readonly DeliveryRecord[];
}

/** Delivers every event until it is delivered or dead-lettered. */
export async function sendKnativeEvents(
  events: readonly KnativeEvent[],
  options: KnativeDeliveryOptions,
): Promise<KnativeReport> {
  const delayMs = options.backoffDelayMs ?? 2;
  const policy: RetryPolicy = {
    maxAttempts: options.retry + 1,
    isSuccess: (result) => typeof result === 'number' && result >= 200 && result < 300,
    isRetryable: isRetriedByKnative,
    backoffMs:
      options.backoffPolicy === 'linear'
        ? (failed) => delayMs * failed
        : (failed) => delayMs * 2 ** failed,
  };
  const records = await runPool(events, options.concurrency ?? 32, (event) =>
    deliverWithRetries(event.id, policy, () => options.poster.post(event.request)),
  );
  return { events: records };
}
