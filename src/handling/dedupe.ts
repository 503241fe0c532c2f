/** What {@link DedupeSet.claim} found. */
export type ClaimResult = 'claimed' | 'duplicate' | 'in-progress';

/**
 * In-memory de-duplication of deliveries (Pub/Sub, Eventarc and Knative are all at-least-once).
 * A key is `in-progress` from its claim until {@link DedupeSet.complete} (the record is written)
 * or {@link DedupeSet.release} (a transient failure: the redelivery must be handled). Bounded: past
 * `capacity`, the keys handled longest ago are forgotten first; a key in progress is never
 * forgotten (their number is bounded by the events in flight), or a redelivery would handle its
 * event a second time. Per instance: a redelivery to another instance is handled again, which
 * labeling (idempotent on bucket, name and generation) tolerates.
 */
export class DedupeSet {
  private readonly keys = new Map<string, 'in-progress' | 'done'>();

  /**
   * @param capacity - how many keys are remembered at most, besides those in progress.
   *   @default 50000
   */
  constructor(readonly capacity = 50_000) {}

  /**
   * Claims an event by its keys: `claimed` when none is known (the keys become in progress),
   * `duplicate` when one was handled, `in-progress` when one is being handled now.
   */
  claim(keys: readonly string[]): ClaimResult {
    const states = keys.map((key) => this.keys.get(key));
    if (states.includes('done')) return 'duplicate';
    if (states.includes('in-progress')) return 'in-progress';
    for (const key of keys) this.keys.set(key, 'in-progress');
    this.forgetOldestHandled();
    return 'claimed';
  }

  /**
   * Marks claimed keys as handled: later deliveries are duplicates. They count as handled now, so
   * they are forgotten after the keys handled before them, however long ago they were claimed.
   */
  complete(keys: readonly string[]): void {
    for (const key of keys) {
      if (!this.keys.has(key)) continue;
      this.keys.delete(key);
      this.keys.set(key, 'done');
    }
    this.forgetOldestHandled();
  }

  /** Forgets claimed keys whose handling failed transiently, so that the redelivery is handled. */
  release(keys: readonly string[]): void {
    for (const key of keys) this.keys.delete(key);
  }

  /** Forgets the keys handled longest ago until at most `capacity` remain; never one in progress. */
  private forgetOldestHandled(): void {
    for (const [key, state] of this.keys) {
      if (this.keys.size <= this.capacity) return;
      if (state === 'done') this.keys.delete(key);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.keys.size;
  }
}
