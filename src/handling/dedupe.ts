/**
 * In-memory de-duplication of deliveries (Pub/Sub, Eventarc and Knative are all at-least-once).
 * Bounded: the oldest keys are forgotten first. Per instance: a redelivery to another instance is
 * handled again, which labeling (idempotent on bucket, name and generation) tolerates.
 */
export class DedupeSet {
  private readonly keys = new Map<string, true>();

  /** @param capacity - how many keys are remembered at most. @default 50000 */
  constructor(readonly capacity = 50_000) {}

  /**
   * Claims an event by its keys: `true` when none was seen (the keys are remembered), `false` when
   * one was (a duplicate).
   */
  claim(keys: readonly string[]): boolean {
    if (keys.some((key) => this.keys.has(key))) return false;
    for (const key of keys) this.keys.set(key, true);
    while (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next();
      if (oldest.done === true) break;
      this.keys.delete(oldest.value);
    }
    return true;
  }

  /** Forgets keys whose handling failed transiently, so that the redelivery is handled again. */
  release(keys: readonly string[]): void {
    for (const key of keys) this.keys.delete(key);
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.keys.size;
  }
}
