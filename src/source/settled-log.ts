import type { Logger } from 'pino';
import type { StorageEvent } from '../events/canonical-event';

/**
 * How the source settled a message: `delivered` (the sink answered 2xx; acknowledged), `retried`
 * (nacked: Pub/Sub delivers it again), `dead-lettered` (published on the dead-letter topic, then
 * acknowledged), `skipped` (not a notification of the bucket; acknowledged, never sent).
 */
export const SETTLED_OUTCOMES = ['delivered', 'retried', 'dead-lettered', 'skipped'] as const;
export type SettledOutcome = (typeof SETTLED_OUTCOMES)[number];

/** One settled message: the fields of its log line. */
export interface Settled {
  /** The Pub/Sub message id (the event id of a notification). */
  readonly messageId: string;
  /** Pub/Sub's delivery attempt, on subscriptions with a dead-letter policy. */
  readonly deliveryAttempt: number | undefined;
  /** The event sent, when the message was a notification of the bucket. */
  readonly event?: StorageEvent;
  /** The sink's HTTP status, when it answered. */
  readonly status?: number;
  readonly outcome: SettledOutcome;
  /** Why it was not delivered: the sink's problem detail, the failure, the skip reason. */
  readonly reason?: string;
  /** The id of the copy published on the dead-letter topic. */
  readonly deadLetterMessageId?: string;
  /** From delivery to settling, in milliseconds. */
  readonly latencyMs: number;
}

/** The pino level of each outcome (Cloud Logging severity INFO, WARNING, ERROR). */
const LEVELS: Readonly<Record<SettledOutcome, 'info' | 'warn' | 'error'>> = {
  delivered: 'info',
  skipped: 'info',
  retried: 'warn',
  'dead-lettered': 'error',
};

/**
 * Writes the one log line of a settled message (Cloud Logging JSON: `severity`, `message`, the
 * message and event ids, the event's type and subject, the sink's status, the outcome and reason,
 * the latency in ms).
 */
export function logSettled(logger: Logger, settled: Settled): void {
  const { event, latencyMs, ...rest } = settled;
  const fields = {
    ...rest,
    ...(event === undefined
      ? {}
      : { eventId: event.id, eventType: event.type, subject: event.subject }),
    latencyMs: Math.round(latencyMs * 10) / 10,
  };
  const what = event?.subject ?? `message ${settled.messageId}`;
  const status = settled.status === undefined ? '' : ` (${settled.status})`;
  logger[LEVELS[settled.outcome]](fields, `${settled.outcome}: ${what}${status}`);
}
