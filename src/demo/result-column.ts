/**
 * The result event in the demo's tables: the demo's workers run with `RESULTS_MODE=reply`, so a
 * labeled image of a one-event delivery is answered 200 with its result event (a binary-mode
 * CloudEvent, as a Knative Broker takes a reply), and a batch, whose reply could carry only one
 * event, is answered 204 with none.
 */
import type { DeliveryFormat } from '../events/canonical-event';
import type { HandledEvent } from '../records/handled-event';
import type { DemoAnswer } from './deliver-over-http';

/** Formats whose deliveries get no reply: a reply carries one event. */
const NO_REPLY_FORMATS: ReadonlySet<DeliveryFormat> = new Set(['cloudevent-batch']);

/** Whether a labeled image delivered in `format` is answered with its result event. */
export function repliesWithResult(format: DeliveryFormat): boolean {
  return !NO_REPLY_FORMATS.has(format);
}

/**
 * Whether a delivery of one upload was acknowledged and labeled as it should be: 200 with the
 * result event its record carries (the reply's `ce-id` is the record's result event id), or 204
 * without one for a batch.
 */
export function labeledAsExpected(format: DeliveryFormat, answer: DemoAnswer): boolean {
  const record = answer.records[0];
  if (record?.outcome !== 'labeled') return false;
  return repliesWithResult(format)
    ? answer.status === 200 &&
        answer.replyId !== undefined &&
        answer.replyId === record.resultEvent?.id
    : answer.status === 204 && answer.replyId === undefined && record.resultEvent === undefined;
}

/**
 * A table cell for the result event of a record: its type without the common prefix and its id's
 * first 12 hex digits (`labeled.v1 3f2a9c1e0b7d…`), `-` when none was emitted.
 */
export function resultCell(record: HandledEvent | undefined): string {
  const event = record?.resultEvent;
  if (event === undefined) return '-';
  return `${event.type.replace('dev.dualrun.image.', '')} ${event.id.slice(0, 12)}…`;
}

/** What makes two result events the same event: everything, as JSON. */
export function resultIdentity(record: HandledEvent | undefined): string | undefined {
  return record?.resultEvent === undefined ? undefined : JSON.stringify(record.resultEvent);
}
