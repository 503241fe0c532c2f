import { KeptAnswers, type KeptAnswer } from '../../src/handling/kept-answers';

function answer(id: string): KeptAnswer {
  return {
    input: {
      id,
      source: '//storage.googleapis.com/projects/_/buckets/b',
      type: 'google.cloud.storage.object.v1.finalized',
      subject: `objects/${id}.jpg`,
      data: { bucket: 'b', name: `${id}.jpg`, generation: '1' },
    },
    answer: { outcome: 'labeled', labeler: 'vision', labels: [{ description: 'Cat', score: 1 }] },
  };
}

test('an answer kept under two keys is found by either, and forgotten by either', () => {
  const kept = new KeptAnswers();
  const first = answer('1');
  kept.keep(['id 1', 'object 1'], first);
  expect(kept.find(['id 2', 'object 1'])).toBe(first);
  expect(kept.find(['id 1'])).toBe(first);
  expect(kept.find(['id 2'])).toBeUndefined();
  kept.forget(['object 1']);
  expect(kept.find(['id 1'])).toBeUndefined();
  expect(kept.size).toBe(0);
});

test('keeping again under a key of an earlier answer replaces it', () => {
  const kept = new KeptAnswers();
  kept.keep(['id 1', 'object 1'], answer('1'));
  const again = answer('1b');
  kept.keep(['id 2', 'object 1'], again);
  expect(kept.size).toBe(1);
  expect(kept.find(['id 1'])).toBeUndefined();
  expect(kept.find(['id 2'])).toBe(again);
});

test('past its capacity the oldest answer is forgotten, with all its keys', () => {
  const kept = new KeptAnswers(2);
  kept.keep(['id 1', 'object 1'], answer('1'));
  kept.keep(['id 2'], answer('2'));
  kept.keep(['id 3'], answer('3'));
  expect(kept.size).toBe(2);
  expect(kept.find(['id 1'])).toBeUndefined();
  expect(kept.find(['object 1'])).toBeUndefined();
  expect(kept.find(['id 2'])?.input.id).toBe('2');
  expect(kept.find(['id 3'])?.input.id).toBe('3');
});

test.each([0, -1, 1.5])('a capacity of %s is refused', (capacity) => {
  expect(() => new KeptAnswers(capacity)).toThrow(RangeError);
});
