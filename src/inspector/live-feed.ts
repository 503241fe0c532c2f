import type { ResultEvent } from '../events/result-event';
import type { HandledEvent } from '../records/handled-event';
import type { ResultsSink } from '../records/results-sink';
import type { LiveEntry } from './api-types';

/** How many records the feed keeps for a page that connects later. @default 200 */
export const LIVE_BACKLOG = 200;

/**
 * The records of the inspector's worker, as they arrive: a {@link ResultsSink} the worker writes
 * to (no hook in the worker: it records every handled event into its sink), which keeps the latest
 * {@link LIVE_BACKLOG} and tells every subscriber (the live view's event streams).
 */
export class LiveFeed implements ResultsSink {
  private readonly entries: LiveEntry[] = [];
  private readonly listeners = new Set<(entry: LiveEntry) => void>();
  private seq = 0;

  constructor(
    private readonly backlog = LIVE_BACKLOG,
    private readonly now: () => Date = () => new Date(),
  ) {}

  append(record: HandledEvent): Promise<void> {
    this.seq += 1;
    const resultEvent = resultEventOf(record);
    const entry: LiveEntry = {
      seq: this.seq,
      receivedAt: this.now().toISOString(),
      record,
      ...(resultEvent === undefined ? {} : { resultEvent }),
    };
    this.entries.push(entry);
    if (this.entries.length > this.backlog) this.entries.shift();
    for (const listener of this.listeners) listener(entry);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }

  /** The number of the latest record (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  /** The kept records, oldest first; with `afterSeq`, only later ones. */
  recent(afterSeq = 0): LiveEntry[] {
    return this.entries.filter((entry) => entry.seq > afterSeq);
  }

  /** Calls `listener` for every later record; returns the function that stops it. */
  subscribe(listener: (entry: LiveEntry) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/**
 * The result event a record carries (`dev.dualrun.image.labeled.v1` or `.unlabelable.v1`, the
 * Knative reply or the Pub/Sub publish), when the worker emitted one.
 */
export function resultEventOf(record: HandledEvent): ResultEvent | undefined {
  return record.resultEvent;
}
