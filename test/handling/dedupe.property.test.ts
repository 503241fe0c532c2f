/**
 * Property: DedupeSet (digests in fixed open-addressing tables) answers every sequence of claims,
 * completions and releases exactly as the documented model does: two generations of keys, the
 * newer one rotated out after `capacity / 2` additions (released keys included). Small capacities
 * make the tables tiny, so probes collide, wrap around and pass released slots all the time.
 */
import fc from 'fast-check';
import { DedupeSet, type ClaimResult } from '../../src/handling/dedupe';

type State = 'in-progress' | 'done';

/** The specification, with plain Maps. */
class ModelSet {
  private newer = new Map<string, State>();
  private older = new Map<string, State>();
  private added = 0;
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.floor(capacity / 2);
  }

  claim(keys: readonly string[]): ClaimResult {
    const states = keys.map((key) => this.newer.get(key) ?? this.older.get(key));
    if (states.includes('done')) return 'duplicate';
    if (states.includes('in-progress')) return 'in-progress';
    for (const key of keys) {
      if (this.added >= this.generationSize) {
        this.older = this.newer;
        this.newer = new Map();
        this.added = 0;
      }
      this.newer.set(key, 'in-progress');
      this.added++;
    }
    return 'claimed';
  }

  complete(keys: readonly string[]): void {
    for (const key of keys) {
      if (this.newer.has(key)) this.newer.set(key, 'done');
      else if (this.older.has(key)) this.older.set(key, 'done');
    }
  }

  release(keys: readonly string[]): void {
    for (const key of keys) {
      this.newer.delete(key);
      this.older.delete(key);
    }
  }

  get size(): number {
    return this.newer.size + this.older.size;
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
