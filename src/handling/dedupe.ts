import { hash } from 'node:crypto';

/** What {@link DedupeSet.claim} found. */
export type ClaimResult = 'claimed' | 'duplicate' | 'in-progress';

/**
 * In-memory de-duplication of deliveries (Pub/Sub, Eventarc and Knative are all at-least-once).
 * A key is `in-progress` from its claim until {@link DedupeSet.complete} (the record is written)
 * or {@link DedupeSet.release} (a transient failure: the redelivery must be handled). Per
 * instance: a redelivery to another instance is handled again, which labeling (idempotent on
 * bucket, name and generation) tolerates.
 *
 * Keys in progress are kept apart and never forgotten (their number is bounded by the events in
 * flight), or a redelivery would handle their event a second time. Handled keys are bounded, the
 * keys handled longest ago forgotten first, in constant time and memory: they are kept in two
 * generations of at most `capacity / 2` keys each, counted from completion; when the newer one is
 * full, the older one is forgotten whole and the newer one becomes the older. So the set
 * remembers at least the `capacity / 2` most recently handled keys and never more than
 * `capacity` of them. Each generation is a fixed table of key digests (the first 128 bits of the
 * key's SHA-256) outside the JavaScript heap: about 1 MiB per generation at the default capacity,
 * allocated once, where keys kept as strings in a `Map` took some 260 bytes each and, under load,
 * tens of MiB of garbage.
 */
export class DedupeSet {
  /** Keys claimed and not yet completed or released, with their digests (computed at the claim). */
  private readonly inProgress = new Map<string, string>();
  private newer: DigestTable;
  private older: DigestTable;
  private readonly generationSize: number;

  /**
   * @param capacity - how many handled keys are remembered at most (keys in progress come on
   *   top). @default 50000
   * @throws RangeError when `capacity` is not an integer of at least 2
   */
  constructor(readonly capacity = 50_000) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`capacity must be an integer of at least 2, not ${capacity}`);
    }
    this.generationSize = Math.floor(capacity / 2);
    this.newer = new DigestTable(this.generationSize);
    this.older = new DigestTable(this.generationSize);
  }

  /**
   * Claims an event by its keys: `claimed` when none is known (the keys become in progress),
   * `duplicate` when one was handled, `in-progress` when one is being handled now.
   */
  claim(keys: readonly string[]): ClaimResult {
    const claims = keys.map((key) => [key, digestOf(key)] as const);
    if (claims.some(([, digest]) => this.newer.holds(digest) || this.older.holds(digest))) {
      return 'duplicate';
    }
    if (claims.some(([key]) => this.inProgress.has(key))) return 'in-progress';
    for (const [key, digest] of claims) this.inProgress.set(key, digest);
    return 'claimed';
  }

  /**
   * Marks claimed keys as handled: later deliveries are duplicates. They count as handled from
   * now, so they are forgotten after the keys handled before them, however long ago they were
   * claimed. Keys not in progress are left as they are.
   */
  complete(keys: readonly string[]): void {
    for (const key of keys) {
      const digest = this.inProgress.get(key);
      if (digest === undefined) continue;
      this.inProgress.delete(key);
      if (this.newer.holds(digest) || this.older.holds(digest)) continue;
      if (this.newer.size >= this.generationSize) {
        const forgotten = this.older;
        this.older = this.newer;
        this.newer = forgotten.clear();
      }
      this.newer.add(digest);
    }
  }

  /**
   * Forgets keys whose handling failed transiently (in progress or, after a later attempt that
   * failed, handled), so that the redelivery is handled.
   */
  release(keys: readonly string[]): void {
    for (const key of keys) {
      const digest = this.inProgress.get(key) ?? digestOf(key);
      this.inProgress.delete(key);
      this.newer.release(digest);
      this.older.release(digest);
    }
  }

  /** How many keys are remembered: in progress and handled. */
  get size(): number {
    return this.inProgress.size + this.newer.remembered + this.older.remembered;
  }
}

/** Bytes of a key's SHA-256 that are kept: two keys share them with a chance of 2^-128. */
const DIGEST_BYTES = 16;

/** Slot states. A released slot stays taken, so that the keys probed past it are still found. */
const EMPTY = 0;
const HANDLED = 1;
const RELEASED = 2;

/**
 * A key's SHA-256 as a string of one character per byte (`binary`, that is latin1: half the cost of a Buffer);
 * its first {@link DIGEST_BYTES} characters are what the tables keep.
 */
function digestOf(key: string): string {
  return hash('sha256', key, 'binary');
}

/**
 * One generation: an open-addressing table (linear probing) of handled keys' digests,
 * with at least twice as many slots as keys, so that a probe always ends at an empty slot.
 */
class DigestTable {
  private readonly digests: Uint8Array;
  private readonly states: Uint8Array;
  private readonly mask: number;
  /** Slots taken since the last clear, released ones included. */
  private taken = 0;
  /** Keys remembered (taken slots that are not released). */
  remembered = 0;

  constructor(keys: number) {
    let slots = 1;
    while (slots < keys * 2) slots *= 2;
    this.digests = new Uint8Array(slots * DIGEST_BYTES);
    this.states = new Uint8Array(slots);
    this.mask = slots - 1;
  }

  /** Keys added since the last clear, released ones included: what fills the generation. */
  get size(): number {
    return this.taken;
  }

  /** Whether the table holds `digest` (handled, not released). */
  holds(digest: string): boolean {
    return this.find(digest) !== -1;
  }

  /** Adds a digest that the table does not hold. */
  add(digest: string): void {
    let slot = this.home(digest);
    while (this.states[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    const offset = slot * DIGEST_BYTES;
    for (let index = 0; index < DIGEST_BYTES; index++) {
      this.digests[offset + index] = digest.charCodeAt(index);
    }
    this.states[slot] = HANDLED;
    this.taken++;
    this.remembered++;
  }

  /** Forgets a digest, if the table holds it. */
  release(digest: string): void {
    const slot = this.find(digest);
    if (slot === -1) return;
    this.states[slot] = RELEASED;
    this.remembered--;
  }

  /** Forgets every digest; returns the table, for reuse as the newer generation. */
  clear(): this {
    this.states.fill(EMPTY);
    this.taken = 0;
    this.remembered = 0;
    return this;
  }

  /** The slot of a digest that is held (not released), or -1. */
  private find(digest: string): number {
    let slot = this.home(digest);
    for (let state = this.states[slot]; state !== EMPTY; state = this.states[slot]) {
      if (state !== RELEASED && this.holdsAt(slot, digest)) return slot;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  /** Where a digest's probe starts: its first four bytes, masked. */
  private home(digest: string): number {
    return (
      (digest.charCodeAt(0) |
        (digest.charCodeAt(1) << 8) |
        (digest.charCodeAt(2) << 16) |
        (digest.charCodeAt(3) << 24)) &
      this.mask
    );
  }

  private holdsAt(slot: number, digest: string): boolean {
    const offset = slot * DIGEST_BYTES;
    for (let index = 0; index < DIGEST_BYTES; index++) {
      if (this.digests[offset + index] !== digest.charCodeAt(index)) return false;
    }
    return true;
  }
}
