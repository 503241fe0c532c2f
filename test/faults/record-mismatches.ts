/**
 * Reading the records of a fault run against what the senders did: which events were handled
 * how many times, and which records differ from what each event's delivery calls for.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HandledEvent, Outcome } from '../../src/records/handled-event';
import type { FakeLabel } from '../support/fake-vision-server';
import { EVENT_KINDS, labelsOf, type EventKindName, type PlannedEvent } from './event-kinds';

/** The records of each event id: its handled records (anything but duplicate), and duplicates. */
export function recordsById(
  records: readonly HandledEvent[],
): Map<string, { handled: HandledEvent[]; duplicates: number }> {
  const byId = new Map<string, { handled: HandledEvent[]; duplicates: number }>();
  for (const record of records) {
    const entry = byId.get(record.event.id) ?? { handled: [], duplicates: 0 };
    if (record.outcome === 'duplicate') entry.duplicates++;
    else entry.handled.push(record);
    byId.set(record.event.id, entry);
  }
  return byId;
}

/** What one event's records say, or should say: the outcome and, when labeled, the labels. */
export interface RecordSummary {
  readonly outcome: Outcome;
  readonly labels?: readonly FakeLabel[] | undefined;
}

/** An event whose records differ from what the worker's answers call for. */
export interface RecordMismatch {
  readonly id: string;
  readonly kind: EventKindName;
  /** Whether the worker answered 204 to any delivery of the event. */
  readonly answered204: boolean;
  readonly expected: readonly RecordSummary[];
  readonly recorded: readonly RecordSummary[];
}

/**
 * The events whose records are not what the worker's answers call for: an event the worker
 * answered 204 (to any of its deliveries) has exactly one record besides duplicates, with its
 * kind's outcome (and, labeled, its own object's labels); any other event has no record at all.
 *
 * @param answered204 - the ids of the events the worker answered 204, whether or not the sender
 *   saw the answer
 */
export function recordMismatches(
  planned: readonly PlannedEvent[],
  answered204: ReadonlySet<string>,
  records: readonly HandledEvent[],
): RecordMismatch[] {
  const byId = recordsById(records);
  return planned.flatMap(({ kind, event }) => {
    const handled = answered204.has(event.id);
    const expectedOutcome = EVENT_KINDS[kind].expected;
    const expected: RecordSummary[] =
      !handled || expectedOutcome === 'dead-letter'
        ? []
        : [
            summary(
              expectedOutcome,
              expectedOutcome === 'labeled' ? labelsOf(event.data.name) : undefined,
            ),
          ];
    const entry = byId.get(event.id);
    const recorded = (entry?.handled ?? []).map((record) => summary(record.outcome, record.labels));
    const duplicatesOfNothing = handled
      ? []
      : new Array<RecordSummary>(entry?.duplicates ?? 0).fill(summary('duplicate', undefined));
    const all = [...recorded, ...duplicatesOfNothing];
    return isDeepStrictEqual(all, expected)
      ? []
      : [{ id: event.id, kind, answered204: handled, expected, recorded: all }];
  });
}

function summary(outcome: Outcome, labels: readonly FakeLabel[] | undefined): RecordSummary {
  return labels === undefined ? { outcome } : { outcome, labels };
}

/** How many times each value occurs, as a plain object (for messages and figures). */
export function histogram(values: Iterable<string | number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
