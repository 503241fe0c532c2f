/**
 * DedupeSet: claims, duplicates, redeliveries in progress, releases after transient failures, and
 * the bound (the oldest keys are forgotten first, never more than `capacity` remembered).
 */
import { DedupeSet } from '../../src/handling/dedupe';

const ID_KEY = 'id //storage.googleapis.com/projects/_/buckets/b 1';
const OBJECT_KEY = 'object google.cloud.storage.object.v1.finalized b/cat.jpg#1';

describe('DedupeSet: one event', () => {
  test.each([
    ['a new event is claimed', [], 'claimed'],
    ['the same event while it is handled is in progress', ['claim'], 'in-progress'],
    ['the same event once handled is a duplicate', ['claim', 'complete'], 'duplicate'],
    ['the same event after a transient failure is claimed again', ['claim', 'release'], 'claimed'],
    [
      'handled, released by a later attempt that failed: claimed again',
      ['claim', 'complete', 'release'],
      'claimed',
    ],
  ] as const)('%s', (_name, steps, expected) => {
    const set = new DedupeSet();
    const keys = [ID_KEY, OBJECT_KEY];
    for (const step of steps) {
      if (step === 'claim') set.claim(keys);
      else if (step === 'complete') set.complete(keys);
      else set.release(keys);
    }
    expect(set.claim(keys)).toBe(expected);
  });

  test.each([
    ['the id', [ID_KEY, 'object google.cloud.storage.object.v1.finalized b/other.jpg#2']],
    ['the object generation', ['id //storage.googleapis.com/projects/_/buckets/b 2', OBJECT_KEY]],
  ])('another delivery that shares %s with a handled event is a duplicate', (_what, keys) => {
    const set = new DedupeSet();
    set.claim([ID_KEY, OBJECT_KEY]);
    set.complete([ID_KEY, OBJECT_KEY]);
    expect(set.claim(keys)).toBe('duplicate');
  });

  test('a duplicate wins over a key in progress', () => {
    const set = new DedupeSet();
    set.claim(['a']);
    set.claim(['b']);
    set.complete(['b']);
    expect(set.claim(['a', 'b'])).toBe('duplicate');
  });
});

describe('DedupeSet: the bound', () => {
  function handled(set: DedupeSet, count: number): string[] {
    const keys = Array.from({ length: count }, (_, index) => `key ${index}`);
    for (const key of keys) {
      set.claim([key]);
      set.complete([key]);
    }
    return keys;
  }

  test.each([2, 3, 4, 10, 1001])(
    'capacity %i: never more handled keys than the capacity',
    (capacity) => {
      const set = new DedupeSet(capacity);
      const sizes = Array.from({ length: capacity * 3 }, (_, index) => {
        set.claim([`key ${index}`]);
        set.complete([`key ${index}`]);
        return set.size;
      });
      expect(Math.max(...sizes)).toBeLessThanOrEqual(capacity);
      expect(sizes.at(-1)).toBeGreaterThanOrEqual(Math.floor(capacity / 2));
    },
  );

  test('the most recent half of the capacity is remembered, the oldest keys are forgotten', () => {
    const set = new DedupeSet(10);
    const keys = handled(set, 23);
    expect(keys.slice(-5).map((key) => set.claim([key]))).toEqual(Array(5).fill('duplicate'));
    expect(set.claim([keys[0]!])).toBe('claimed');
  });

  test('a key claimed before its generation became the older one is still completed', () => {
    const set = new DedupeSet(4);
    set.claim(['slow']);
    handled(set, 2);
    set.complete(['slow']);
    expect(set.claim(['slow'])).toBe('duplicate');
  });

  test('an event in progress is never forgotten to make room: its redelivery is still refused, and once handled it is a duplicate', () => {
    const set = new DedupeSet(4);
    expect(set.claim(['slow', 'slow-object'])).toBe('claimed');
    handled(set, 10);
    expect(set.claim(['slow', 'slow-object'])).toBe('in-progress');
    set.complete(['slow', 'slow-object']);
    expect(set.claim(['slow'])).toBe('duplicate');
  });

  test('with only events in progress, the set grows past its capacity rather than forget one', () => {
    const set = new DedupeSet(2);
    for (const key of ['a', 'b', 'c']) set.claim([key]);
    expect(set.size).toBe(3);
    expect(['a', 'b', 'c'].map((key) => set.claim([key]))).toEqual([
      'in-progress',
      'in-progress',
      'in-progress',
    ]);
  });

  test('an event that took long counts as handled from when it finished, not from its claim', () => {
    const set = new DedupeSet(2);
    set.claim(['slow']);
    for (const key of ['b', 'slow', 'c']) {
      if (key !== 'slow') set.claim([key]);
      set.complete([key]);
    }
    // Claimed first, completed after b: b is forgotten before it.
    expect(['slow', 'c', 'b'].map((key) => set.claim([key]))).toEqual([
      'duplicate',
      'duplicate',
      'claimed',
    ]);
  });

  test.each([0, 1, 2.5, Number.NaN])('capacity %p is refused', (capacity) => {
    expect(() => new DedupeSet(capacity)).toThrow(RangeError);
  });
});
