import { DedupeSet } from '../../src/handling/dedupe';

/** Claims each key and marks it handled. */
function handle(dedupe: DedupeSet, keys: readonly string[]): void {
  for (const key of keys) {
    dedupe.claim([key]);
    dedupe.complete([key]);
  }
}

test.each<{ about: string; steps: (dedupe: DedupeSet) => void; claim: string }>([
  { about: 'an unknown event', steps: () => undefined, claim: 'claimed' },
  { about: 'an event being handled', steps: (d) => d.claim(['a', 'x']), claim: 'in-progress' },
  {
    about: 'an event handled already',
    steps: (d) => {
      d.claim(['a', 'x']);
      d.complete(['a', 'x']);
    },
    claim: 'duplicate',
  },
  {
    about: 'an event whose handling failed (released)',
    steps: (d) => {
      d.claim(['a', 'x']);
      d.release(['a', 'x']);
    },
    claim: 'claimed',
  },
  {
    about: 'another delivery of a handled object (one key in common)',
    steps: (d) => {
      d.claim(['b', 'x']);
      d.complete(['b', 'x']);
    },
    claim: 'duplicate',
  },
])('claim of $about → $claim', ({ steps, claim }) => {
  const dedupe = new DedupeSet();
  steps(dedupe);
  expect(dedupe.claim(['a', 'x'])).toBe(claim);
});

test('past its capacity, the oldest handled keys are forgotten first', () => {
  const dedupe = new DedupeSet(3);
  handle(dedupe, ['a', 'b', 'c', 'd', 'e']);
  expect(dedupe.size).toBe(3);
  // Newest first: a claim that succeeds takes room of its own.
  expect(['e', 'd', 'c', 'b', 'a'].map((key) => dedupe.claim([key]))).toEqual([
    'duplicate',
    'duplicate',
    'duplicate',
    'claimed',
    'claimed',
  ]);
});

test('an event in progress is never forgotten to make room: its redelivery is still refused, and once handled it is a duplicate', () => {
  const dedupe = new DedupeSet(3);
  expect(dedupe.claim(['slow', 'slow-object'])).toBe('claimed');
  handle(dedupe, ['b', 'c', 'd', 'e']);
  expect(dedupe.claim(['slow', 'slow-object'])).toBe('in-progress');
  dedupe.complete(['slow', 'slow-object']);
  handle(dedupe, ['f']);
  expect(dedupe.claim(['slow'])).toBe('duplicate');
});

test('with only events in progress, the set grows past its capacity rather than forget one', () => {
  const dedupe = new DedupeSet(2);
  for (const key of ['a', 'b', 'c']) dedupe.claim([key]);
  expect(dedupe.size).toBe(3);
  expect(['a', 'b', 'c'].map((key) => dedupe.claim([key]))).toEqual([
    'in-progress',
    'in-progress',
    'in-progress',
  ]);
});

test('an event that took long counts as handled from when it finished, not from its claim', () => {
  const dedupe = new DedupeSet(2);
  dedupe.claim(['slow']);
  handle(dedupe, ['b']);
  dedupe.complete(['slow']);
  handle(dedupe, ['c']);
  expect(['slow', 'c'].map((key) => dedupe.claim([key]))).toEqual(['duplicate', 'duplicate']);
});
