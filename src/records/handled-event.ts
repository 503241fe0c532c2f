import type { CanonicalEvent, DeliveryInfo } from '../events/canonical-event';
import type { ResultEvent } from '../events/result-event';
import type { Label, LabelerName } from '../labelers/labeler';

/** The outcomes of a handled event (docs/delivery-contract.md); each is acknowledged with 204. */
export const OUTCOMES = ['labeled', 'ignored', 'duplicate', 'unlabelable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One handled event: the RESULTS_FILE record (one JSON line) and the basis of its log line.
 * `labels` only with `labeled`; `reason` with `ignored`, `unlabelable` and `duplicate`;
 * `labeler` when a labeler was asked; `resultEvent` when one was emitted (`RESULTS_MODE` `reply`
 * or `pubsub`, a `labeled` or `unlabelable` outcome; with `pubsub` the record is written only
 * once it is published).
 */
export interface HandledEvent {
  readonly event: CanonicalEvent;
  readonly delivery: DeliveryInfo;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly labeler?: LabelerName;
  readonly labels?: readonly Label[];
  /** The result event the worker emitted for it: the Knative reply, or the Pub/Sub publish. */
  readonly resultEvent?: ResultEvent;
}
