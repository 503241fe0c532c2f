/**
 * The Vision labeler's results (labels, none, a per-image error) and the request it sends to Vision
 * (LABEL_DETECTION on `gs://bucket/name`, maxResults, no credentials over http).
 */
import type { LabelResult } from '../../src/labelers/labeler';
import type { FakeVisionBehaviour } from '../support/fake-vision-server';
import { CAT, IMAGE, useFakeVisionServer, WHISKERS } from '../support/vision-labeler-setup';

const vision = useFakeVisionServer();
const { makeLabeler } = vision;

describe('results', () => {
  test.each<[string, FakeVisionBehaviour, LabelResult]>([
    [
      'labels → labeled with the labels in order',
      { kind: 'labels', labels: [CAT, WHISKERS] },
      {
        outcome: 'labeled',
        labels: [
          { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.97 },
          { description: 'Whiskers', score: 0.9, mid: '/m/01lrl', topicality: 0.9 },
        ],
      },
    ],
    [
      'a label without mid and topicality → those fields omitted',
      { kind: 'labels', labels: [{ description: 'Sky', score: 0.5 }] },
      { outcome: 'labeled', labels: [{ description: 'Sky', score: 0.5 }] },
    ],
    ['no labels → labeled []', { kind: 'labels', labels: [] }, { outcome: 'labeled', labels: [] }],
    [
      'per-image INVALID_ARGUMENT (3) → unlabelable',
      { kind: 'image-error', code: 3, message: 'Bad image data.' },
      { outcome: 'unlabelable', reason: 'Vision answered INVALID_ARGUMENT (3): Bad image data.' },
    ],
    [
      'per-image NOT_FOUND (5) → ignored',
      { kind: 'image-error', code: 5, message: 'The object does not exist.' },
      { outcome: 'ignored', reason: 'Vision answered NOT_FOUND (5): The object does not exist.' },
    ],
  ])('%s', async (_title, behaviour, expected) => {
    vision.server.setBehaviour(behaviour);

    await expect(makeLabeler().label(IMAGE)).resolves.toStrictEqual(expected);
  });
});

describe('the request', () => {
  test('asks once for LABEL_DETECTION on gs://bucket/name, without credentials over http', async () => {
    await makeLabeler().label({
      ...IMAGE,
      generation: '1700000000000001',
      contentType: 'image/jpeg',
    });

    expect(vision.server.requests).toStrictEqual([
      {
        imageUri: 'gs://photos/cats/tabby.jpg',
        features: ['LABEL_DETECTION'],
        maxResults: 10,
        authorization: undefined,
      },
    ]);
  });

  test('asks for maxResults labels', async () => {
    await makeLabeler({ maxResults: 3 }).label(IMAGE);

    expect(vision.server.requests).toMatchObject([{ maxResults: 3 }]);
  });
});
