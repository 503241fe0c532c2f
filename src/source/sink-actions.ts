/**
 * What the source does with a message once the sink has answered: one table from the answer to
 * acknowledge, nack or dead-letter (docs/pubsub-source.md), as Knative's own senders classify
 * answers.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/ (retried: 5xx, 404, 408, 409, 429)
 */

/** How one POST to the sink ended. */
export type SinkAnswer =
  /** The sink answered; `problem` is its problem detail (or body) for errors, else `undefined`. */
  | { readonly kind: 'status'; readonly status: number; readonly problem: string | undefined }
  /** No answer: refused or broken connection, TLS failure, the send timeout, or the drain's abort. */
  | {
      readonly kind: 'failed';
      readonly reason: 'connection' | 'timeout' | 'aborted';
      readonly message: string;
    };

/** Acknowledge; nack (Pub/Sub redelivers after the subscription's backoff); dead-letter at once. */
export type SinkAction = 'ack' | 'nack' | 'dead-letter';

/** One row: statuses from `from` to `to` (inclusive) lead to `action`, for the reason `why`. */
export interface SinkStatusRow {
  readonly from: number;
  readonly to: number;
  readonly action: SinkAction;
  readonly why: string;
}

/** The table, read top to bottom: the first row whose range holds the status decides. */
export const SINK_STATUS_ACTIONS: readonly SinkStatusRow[] = Object.freeze([
  { from: 200, to: 299, action: 'ack', why: 'the sink accepted the event' },
  { from: 404, to: 404, action: 'nack', why: 'the sink is not there yet (a Broker being created)' },
  { from: 408, to: 408, action: 'nack', why: 'the sink timed out reading the request' },
  { from: 409, to: 409, action: 'nack', why: 'the same event is being handled (a redelivery)' },
  { from: 429, to: 429, action: 'nack', why: 'the sink is over capacity' },
  {
    from: 401,
    to: 403,
    action: 'nack',
    why: 'the token is not accepted: a renewed token or a configuration fix cures it, not the event',
  },
  { from: 400, to: 499, action: 'dead-letter', why: 'the sink refuses the event for good' },
  { from: 500, to: 599, action: 'nack', why: 'the sink failed' },
]);

/** Any other status (1xx, 3xx): unexpected from a sink; retried, never dropped. */
const OTHER_STATUS: SinkStatusRow = {
  from: 0,
  to: 999,
  action: 'nack',
  why: 'an unexpected status for an event sink',
};

/** The row that decides a sink status. */
export function sinkStatusRow(status: number): SinkStatusRow {
  return SINK_STATUS_ACTIONS.find((row) => status >= row.from && status <= row.to) ?? OTHER_STATUS;
}

/** What to do with the message after this answer: a failed send is always nacked. */
export function sinkAction(answer: SinkAnswer): SinkAction {
  return answer.kind === 'status' ? sinkStatusRow(answer.status).action : 'nack';
}
