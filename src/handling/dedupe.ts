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
 * Bounded, the oldest keys forgotten first, in constant time and memory: keys are kept in two
 * generations of at most `capacity / 2` keys each; when the newer one is full, the older one is
 * forgotten whole and the newer one becomes the older. So the set remembers at least the
 * `capacity / 2` most recent keys and never more than `capacity`. Each generation is a fixed
 * table of key digests (the first 128 bits of the key's SHA-256) outside the JavaScript heap:
 * about 1 MiB per generation at the default capacity, allocated once, where keys kept as strings
 * in a `Map` took some 260 bytes each and, under load, tens of MiB of garbage.
 */
export class DedupeSet {
  private newer: DigestTable;
  private older: DigestTable;
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
    this.newer = new DigestTable(this.generationSize);
    this.older = new DigestTable(this.generationSize);
  }

  /**
   * Claims an event by its keys: `claimed` when none is known (the keys become in progress),
   * `duplicate` when one was handled, `in-progress` when one is being handled now.
   */
  claim(keys: readonly string[]): ClaimResult {
    const digests = keys.map(digestOf);
    let inProgress = false;
    for (const digest of digests) {
      const state = this.newer.stateOf(digest) ?? this.older.stateOf(digest);
      if (state === DONE) return 'duplicate';
      if (state === IN_PROGRESS) inProgress = true;
    }
    if (inProgress) return 'in-progress';
    for (const digest of digests) {
      if (this.newer.size >= this.generationSize) {
        const forgotten = this.older;
        this.older = this.newer;
        this.newer = forgotten.clear();
      }
      this.newer.add(digest);
    }
    return 'claimed';
  }

  /** Marks claimed keys as handled: later deliveries are duplicates. */
  complete(keys: readonly string[]): void {
    for (const digest of keys.map(digestOf)) {
      if (!this.newer.setState(digest, DONE)) this.older.setState(digest, DONE);
    }
  }

  /** Forgets claimed keys whose handling failed transiently, so that the redelivery is handled. */
  release(keys: readonly string[]): void {
    for (const digest of keys.map(digestOf)) {
      this.newer.setState(digest, RELEASED);
      this.older.setState(digest, RELEASED);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.newer.remembered + this.older.remembered;
  }
}

/** Bytes of a key's SHA-256 that are kept: two keys share them with a chance of 2^-128. */
const DIGEST_BYTES = 16;

/** Slot states. A released slot stays taken, so that the keys probed past it are still found. */
const EMPTY = 0;
const IN_PROGRESS = 1;
const DONE = 2;
const RELEASED = 3;
type KeyState = typeof IN_PROGRESS | typeof DONE;

/**
 * A key's SHA-256 as a string of one character per byte (`binary`, that is latin1: half the cost of a Buffer);
 * its first {@link DIGEST_BYTES} characters are what the tables keep.
 */
function digestOf(key: string): string {
  return hash('sha256', key, 'binary');
}

/**
 * One generation: an open-addressing table (linear probing) of key digests and their states,
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

  stateOf(digest: string): KeyState | undefined {
    const slot = this.find(digest);
    return slot === -1 ? undefined : (this.states[slot] as KeyState);
  }

  /** Adds a digest that the table does not hold, in progress. */
  add(digest: string): void {
    let slot = this.home(digest);
    while (this.states[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    const offset = slot * DIGEST_BYTES;
    for (let index = 0; index < DIGEST_BYTES; index++) {
      this.digests[offset + index] = digest.charCodeAt(index);
    }
    this.states[slot] = IN_PROGRESS;
    this.taken++;
    this.remembered++;
  }

  /** Sets the state of a digest the table holds; `false` when it holds none. */
  setState(digest: string, state: KeyState | typeof RELEASED): boolean {
    const slot = this.find(digest);
    if (slot === -1) return false;
    if (state === RELEASED) this.remembered--;
    this.states[slot] = state;
    return true;
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
