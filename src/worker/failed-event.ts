import type { Context } from 'koa';
import type { CanonicalEvent } from '../events/canonical-event';

/** The fields that name an event in a log line, as the per-event line names them. */
export interface EventLogFields {
  readonly eventId: string;
  readonly eventType: string;
  /** Absent for an event without a subject (a `messagePublished` event, another type). */
  readonly subject?: string;
}

/** Where {@link noteFailedEvent} keeps the event in `ctx.state` (Koa's place for such notes). */
const FAILED_EVENT = Symbol('dualrun.failedEvent');

interface FailedEventState {
  [FAILED_EVENT]?: EventLogFields;
}

/**
 * Notes the event a delivery failed on (a labeler answer, a record not written, a redelivery in
 * progress), so that the line logging the refusal names it.
 */
export function noteFailedEvent(
  ctx: Context,
  event: Pick<CanonicalEvent, 'id' | 'type' | 'subject'>,
): void {
  (ctx.state as FailedEventState)[FAILED_EVENT] = {
    eventId: event.id,
    eventType: event.type,
    ...(event.subject === undefined ? {} : { subject: event.subject }),
  };
}

/** The event {@link noteFailedEvent} noted for this request, if any. */
export function failedEventOf(ctx: Context): EventLogFields | undefined {
  return (ctx.state as FailedEventState)[FAILED_EVENT];
}
