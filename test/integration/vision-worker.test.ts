import request from 'supertest';
import {
  startFakeVisionServer,
  type FakeVisionBehaviour,
  type FakeVisionServer,
} from '../support/fake-vision-server';
import { pushBody } from '../support/push-body';
import { testWorker, type TestWorker } from '../support/test-worker';

/**
 * The whole worker with LABELER=vision: the real @google-cloud/vision client, over REST, against a
 * local server that answers `POST /v1/images:annotate` as Vision does.
 */
let vision: FakeVisionServer;
let worker: TestWorker;

beforeEach(async () => {
  vision = await startFakeVisionServer();
  worker = await testWorker(undefined, {
    LABELER: 'vision',
    VISION_API_ENDPOINT: vision.url,
    VISION_TIMEOUT_MS: '500',
  });
});

afterEach(async () => {
  await worker.labeler.close?.();
  await vision.close();
});

const cat = [
  { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.98 },
  { description: 'Whiskers', score: 0.91, mid: '/m/01l7qd', topicality: 0.91 },
];

function deliver(name: string, messageId: string) {
  return request(worker.app.callback())
    .post('/projects/demo/topics/uploads')
    .send(pushBody({ name, contentType: 'image/jpeg', messageId, generation: messageId }));
}

test('labels: 204, the record carries Vision labels exactly, Vision was asked about gs://bucket/name', async () => {
  vision.setBehaviour({ kind: 'labels', labels: cat });
  const response = await deliver('photos/cat.jpg', '1');
  expect(response.status).toBe(204);
  expect(response.text).toBe('');
  expect(worker.records).toEqual([
    expect.objectContaining({ outcome: 'labeled', labeler: 'vision', labels: cat }),
  ]);
  expect(vision.requests).toEqual([
    expect.objectContaining({
      imageUri: 'gs://demo-bucket/photos/cat.jpg',
      features: ['LABEL_DETECTION'],
    }),
  ]);
});

test.each<{
  about: string;
  behaviour: FakeVisionBehaviour;
  status: number;
  outcome?: string;
  retryAfter?: string;
}>([
  {
    about: 'no labels',
    behaviour: { kind: 'labels', labels: [] },
    status: 204,
    outcome: 'labeled',
  },
  {
    about: 'per-image error 3 INVALID_ARGUMENT',
    behaviour: { kind: 'image-error', code: 3, message: 'Bad image data.' },
    status: 204,
    outcome: 'unlabelable',
  },
  {
    about: 'per-image error 5 NOT_FOUND',
    behaviour: { kind: 'image-error', code: 5, message: 'Object not found.' },
    status: 204,
    outcome: 'ignored',
  },
  {
    about: 'per-image error 7 PERMISSION_DENIED',
    behaviour: { kind: 'image-error', code: 7, message: 'No access to the bucket.' },
    status: 503,
    retryAfter: '10',
  },
  {
    about: 'per-image error 14 UNAVAILABLE',
    behaviour: { kind: 'image-error', code: 14, message: 'Try again.' },
    status: 503,
    retryAfter: '10',
  },
  {
    about: 'per-image error 8 RESOURCE_EXHAUSTED',
    behaviour: { kind: 'image-error', code: 8, message: 'Quota.' },
    status: 429,
    retryAfter: '30',
  },
  {
    about: 'HTTP 503 UNAVAILABLE',
    behaviour: { kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'down' },
    status: 503,
    retryAfter: '10',
  },
  {
    about: 'HTTP 429 RESOURCE_EXHAUSTED',
    behaviour: {
      kind: 'http-error',
      httpStatus: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: 'quota',
    },
    status: 429,
    retryAfter: '30',
  },
  {
    about: 'HTTP 403 PERMISSION_DENIED',
    behaviour: {
      kind: 'http-error',
      httpStatus: 403,
      status: 'PERMISSION_DENIED',
      message: 'Vision API disabled',
    },
    status: 503,
    retryAfter: '10',
  },
  {
    about: 'HTTP 400 INVALID_ARGUMENT (the whole call, not the image)',
    behaviour: {
      kind: 'http-error',
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
      message: 'bad request',
    },
    status: 503,
    retryAfter: '10',
  },
  {
    about: 'HTTP 404 from a wrong endpoint',
    behaviour: { kind: 'http-error', httpStatus: 404, status: 'NOT_FOUND', message: 'Not Found' },
    status: 503,
    retryAfter: '10',
  },
  {
    about: 'an answer slower than VISION_TIMEOUT_MS',
    behaviour: { kind: 'delay', delayMs: 3000, then: { kind: 'labels', labels: cat } },
    status: 503,
    retryAfter: '10',
  },
  { about: 'a dropped connection', behaviour: { kind: 'drop' }, status: 503, retryAfter: '10' },
])('$about → $status', async ({ behaviour, status, outcome, retryAfter }) => {
  vision.setBehaviour(behaviour);
  const started = Date.now();
  const response = await deliver('photos/cat.jpg', '2');
  expect(response.status).toBe(status);
  expect(Date.now() - started).toBeLessThan(2500);
  expect(vision.requests).toHaveLength(1);
  expect(worker.records.map((record) => record.outcome)).toEqual(
    outcome === undefined ? [] : [outcome],
  );
  expect(response.headers['retry-after']).toBe(retryAfter);
  expect(response.headers['content-type'] ?? '').toMatch(
    status === 204 ? /^$/ : /^application\/problem\+json/,
  );
});

test('after a transient failure the redelivery is labeled (no loss, no double labeling)', async () => {
  vision.setBehaviour({
    kind: 'http-error',
    httpStatus: 503,
    status: 'UNAVAILABLE',
    message: 'down',
  });
  await deliver('photos/retry.jpg', '3').expect(503);
  vision.setBehaviour({ kind: 'labels', labels: cat });
  await deliver('photos/retry.jpg', '3').expect(204);
  await deliver('photos/retry.jpg', '3').expect(204);
  expect(worker.records.map((record) => record.outcome)).toEqual(['labeled', 'duplicate']);
  expect(vision.requests).toHaveLength(2);
});

test('a non-image object never reaches Vision', async () => {
  const response = await request(worker.app.callback())
    .post('/')
    .send(pushBody({ name: 'docs/readme.txt', contentType: 'text/plain', messageId: '4' }));
  expect(response.status).toBe(204);
  expect(vision.requests).toHaveLength(0);
  expect(worker.records[0]).toMatchObject({
    outcome: 'ignored',
    reason: 'not an image: content type text/plain',
  });
});
