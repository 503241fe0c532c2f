/** What {@link DedupeSet.claim} found. */
export type ClaimResult = 'claimed' | 'duplicate' | 'in-progress';

type KeyState = 'in-progress' | 'done';

/**
 * In-memory de-duplication of deliveries (Pub/Sub, Eventarc and Knative are all at-least-once).
 * A key is `in-progress` from its claim until {@link DedupeSet.complete} (the record is written)
 * or {@link DedupeSet.release} (a transient failure: the redelivery must be handled). Per
 * instance: a redelivery to another instance is handled again, which labeling (idempotent on
 * bucket, name and generation) tolerates.
 *
 * Bounded, the oldest keys forgotten first, in constant time per event: keys are kept in two
 * generations of at most `capacity / 2` keys each; when the newer one is full, the older one is
 * dropped whole and the newer one becomes the older. So the set remembers at least the
 * `capacity / 2` most recent keys and never more than `capacity`. (Forgetting one key at a time,
 * from the front of one `Map`, costs more with every key deleted: V8 skips the deleted entries
 * on every iteration until the table is rebuilt, some 50 µs per event once the set is full.)
 */
export class DedupeSet {
  private newer = new Map<string, KeyState>();
  private older = new Map<string, KeyState>();
  private readonly generationSize: number;

  /**
   * @param capacity - how many keys are remembered at most. @default 50000
   * @throws RangeError when `capacity` is not an integer of at least 2
   */
  constructor(readonly capacity = 50_000) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`capacity must be an integer of at least 2, not ${capacity}`);
    }
    this.generationSize = Math.floor(capacity / 2);
  }

  /**
   * Claims an event by its keys: `claimed` when none is known (the keys become in progress),
   * `duplicate` when one was handled, `in-progress` when one is being handled now.
   */
  claim(keys: readonly string[]): ClaimResult {
    let inProgress = false;
    for (const key of keys) {
      const state = this.stateOf(key);
      if (state === 'done') return 'duplicate';
      if (state === 'in-progress') inProgress = true;
    }
    if (inProgress) return 'in-progress';
    for (const key of keys) {
      if (this.newer.size >= this.generationSize) {
        this.older = this.newer;
        this.newer = new Map();
      }
      this.newer.set(key, 'in-progress');
    }
    return 'claimed';
  }

  /** Marks claimed keys as handled: later deliveries are duplicates. */
  complete(keys: readonly string[]): void {
    for (const key of keys) {
      if (this.newer.has(key)) this.newer.set(key, 'done');
      else if (this.older.has(key)) this.older.set(key, 'done');
    }
  }

  /** Forgets claimed keys whose handling failed transiently, so that the redelivery is handled. */
  release(keys: readonly string[]): void {
    for (const key of keys) {
      this.newer.delete(key);
      this.older.delete(key);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.newer.size + this.older.size;
  }

  private stateOf(key: string): KeyState | undefined {
    return this.newer.get(key) ?? this.older.get(key);
  }
}
