/**
 * Property: DedupeSet (digests in fixed open-addressing tables) answers every sequence of claims,
 * completions and releases exactly as the documented model does: keys in progress kept apart and
 * never forgotten; handled keys in two generations, the newer one rotated out after
 * `capacity / 2` completions (released keys included). Small capacities
 * make the tables tiny, so probes collide, wrap around and pass released slots all the time.
 */
import fc from 'fast-check';
import { DedupeSet, type ClaimResult } from '../../src/handling/dedupe';

/** The specification, with plain Sets. */
class ModelSet {
  private readonly inProgress = new Set<string>();
  private newer = new Set<string>();
  private older = new Set<string>();
  private added = 0;
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.floor(capacity / 2);
  }

  claim(keys: readonly string[]): ClaimResult {
    if (keys.some((key) => this.newer.has(key) || this.older.has(key))) return 'duplicate';
    if (keys.some((key) => this.inProgress.has(key))) return 'in-progress';
    for (const key of keys) this.inProgress.add(key);
    return 'claimed';
  }

  complete(keys: readonly string[]): void {
    for (const key of keys) {
      if (!this.inProgress.delete(key)) continue;
      if (this.newer.has(key) || this.older.has(key)) continue;
      if (this.added >= this.generationSize) {
        this.older = this.newer;
        this.newer = new Set();
        this.added = 0;
      }
      this.newer.add(key);
      this.added++;
    }
  }

  release(keys: readonly string[]): void {
    for (const key of keys) {
      this.inProgress.delete(key);
      this.newer.delete(key);
      this.older.delete(key);
    }
  }

  get size(): number {
    return this.inProgress.size + this.newer.size + this.older.size;
  }
}

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
const operation = fc.record({
  kind: fc.constantFrom('claim', 'claim', 'complete', 'release'),
  keys: fc.uniqueArray(key, { minLength: 1, maxLength: 2 }),
});

/** What both answer to: each operation's result (`undefined` but for claims) and the size after it. */
function run(
  target: Pick<DedupeSet, 'claim' | 'complete' | 'release' | 'size'>,
  operations: readonly { kind: 'claim' | 'complete' | 'release'; keys: string[] }[],
): [ClaimResult | undefined, number][] {
  return operations.map(({ kind, keys }) => [target[kind](keys) ?? undefined, target.size]);
}

test('every sequence of operations: the same answers and sizes as the model', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 9 }),
      fc.array(operation, { maxLength: 120 }),
      (capacity, operations) => {
        expect(run(new DedupeSet(capacity), operations)).toEqual(
          run(new ModelSet(capacity), operations),
        );
      },
    ),
    { numRuns: 500 },
  );
});
