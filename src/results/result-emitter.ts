import type { DeliveryInfo } from '../events/canonical-event';
import type { ResultEvent } from '../events/result-event';

/**
 * How result events leave the worker (`RESULTS_MODE` `reply` or `pubsub`; `none` has no emitter).
 * The handler builds the result event of each labeled or unlabelable event whose delivery
 * {@link ResultEmitter.emits}, and calls {@link ResultEmitter.emit} before the event is recorded
 * and counts as handled.
 */
export interface ResultEmitter {
  readonly mode: 'reply' | 'pubsub';
  /** The `source` of the result events: `//dualrun/<service name>`. */
  readonly source: string;
  /**
   * Whether the result event of an event of this delivery can leave the worker: a reply carries
   * one event, so a batch delivery gets none; a publish takes any.
   */
  emits(delivery: DeliveryInfo): boolean;
  /**
   * Sends the result event; resolves once it is safely out. A reply has nothing to do here: the
   * answer to the delivery carries it.
   *
   * @throws ResultPublishError when the publish failed or timed out (503; redelivered)
   */
  emit(event: ResultEvent): Promise<void>;
  /** Sends what is pending (the publishes in flight), then releases the client. */
  close(): Promise<void>;
}

/**
 * `RESULTS_MODE=reply` (Knative): the result event is the reply, a binary-mode CloudEvent with
 * status 200 (`src/worker/deliver.ts` writes it). Batch deliveries answer as without results.
 *
 * @see https://github.com/knative/specs/blob/main/specs/eventing/data-plane.md#derived-reply-events
 */
export function replyEmitter(source: string): ResultEmitter {
  return {
    mode: 'reply',
    source,
    emits: (delivery) => delivery.format !== 'cloudevent-batch',
    emit: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
