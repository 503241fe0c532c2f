import type { LabelerAnswer, ResultInput } from '../events/result-event';

/** One kept answer: the labeler's answer and the event it was about (which names the result). */
export interface KeptAnswer {
  /** The event that was labeled, as its result event reads it: its id names the result event. */
  readonly input: ResultInput;
  readonly answer: LabelerAnswer;
}

interface Entry {
  readonly keys: readonly string[];
  readonly kept: KeptAnswer;
}

/**
 * The labeler's answers about events whose handling failed after the labeler answered (the result
 * event was not published, or the record not written), by the events' de-duplication keys. The
 * redelivery of such an event reuses the answer instead of asking the labeler again, and emits
 * the same result event (its id comes from the first delivery's event): an image is labeled at
 * most once per instance, whatever fails after the labeler.
 *
 * Bounded: past `capacity` answers the oldest is forgotten, and its redelivery asks the labeler
 * again (a publish outage longer than the redelivery backoff, at a high rate). Per instance, as
 * de-duplication: a redelivery to another instance asks its own labeler.
 */
export class KeptAnswers {
  /** Entries by each of their keys. */
  private readonly byKey = new Map<string, Entry>();
  /** Entries in the order kept, oldest first. */
  private readonly entries = new Set<Entry>();

  /**
   * @param capacity - how many answers are kept at most. @default 10000
   * @throws RangeError when `capacity` is not a positive integer
   */
  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    }
  }

  /** The answer kept for an event with any of these keys, if one is. */
  find(keys: readonly string[]): KeptAnswer | undefined {
    for (const key of keys) {
      const entry = this.byKey.get(key);
      if (entry !== undefined) return entry.kept;
    }
    return undefined;
  }

  /**
   * Keeps an answer under `keys` (replacing any kept under one of them); forgets the oldest
   * answer when over capacity.
   */
  keep(keys: readonly string[], kept: KeptAnswer): void {
    this.forget(keys);
    const entry: Entry = { keys: [...keys], kept };
    this.entries.add(entry);
    for (const key of keys) this.byKey.set(key, entry);
    if (this.entries.size > this.capacity) {
      const [oldest] = this.entries;
      if (oldest !== undefined) this.remove(oldest);
    }
  }

  /** Forgets the answers kept under any of these keys (once the event is handled). */
  forget(keys: readonly string[]): void {
    for (const key of keys) {
      const entry = this.byKey.get(key);
      if (entry !== undefined) this.remove(entry);
    }
  }

  /** How many answers are kept. */
  get size(): number {
    return this.entries.size;
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry);
    for (const key of entry.keys) {
      if (this.byKey.get(key) === entry) this.byKey.delete(key);
    }
  }
}
