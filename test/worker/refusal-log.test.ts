/**
 * The log line of a refused delivery, with the real Vision client (REST) against a local stand-in:
 * a fault only an operator can mend (Vision's PERMISSION_DENIED when the API is disabled, a
 * missing credential, a wrong endpoint) is an ERROR line, so that alerting sees it; a fault the
 * platform's redelivery mends (unavailable, quota) stays a WARNING. Either names the event it
 * failed on: id, type and subject.
 */
import request from 'supertest';
import { LabelerError } from '../../src/errors';
import { pushBody } from '../support/push-body';
import { gate, scriptedLabeler } from '../support/scripted-labeler';
import {
  startFakeVisionServer,
  type FakeVisionBehaviour,
  type FakeVisionServer,
} from '../support/fake-vision-server';
import { testWorker } from '../support/test-worker';

let vision: FakeVisionServer;

beforeEach(async () => {
  vision = await startFakeVisionServer();
});

afterEach(async () => {
  await vision.close();
});

const CASES: readonly {
  readonly about: string;
  readonly behaviour: FakeVisionBehaviour;
  readonly status: number;
  readonly severity: 'ERROR' | 'WARNING';
}[] = [
  {
    about: 'HTTP 403 PERMISSION_DENIED (the API is disabled)',
    behaviour: {
      kind: 'http-error',
      httpStatus: 403,
      status: 'PERMISSION_DENIED',
      message: 'Cloud Vision API has not been used in project 1 before or it is disabled.',
    },
    status: 503,
    severity: 'ERROR',
  },
  {
    about: 'per-image PERMISSION_DENIED (Vision may not read the bucket)',
    behaviour: { kind: 'image-error', code: 7, message: 'Vision cannot read gs://demo-bucket.' },
    status: 503,
    severity: 'ERROR',
  },
  {
    about: 'HTTP 401 UNAUTHENTICATED',
    behaviour: { kind: 'http-error', httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Who?' },
    status: 503,
    severity: 'ERROR',
  },
  {
    about: 'HTTP 404 NOT_FOUND (a wrong endpoint)',
    behaviour: { kind: 'http-error', httpStatus: 404, status: 'NOT_FOUND', message: 'No method.' },
    status: 503,
    severity: 'ERROR',
  },
  {
    about: 'HTTP 503 UNAVAILABLE',
    behaviour: { kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'Down.' },
    status: 503,
    severity: 'WARNING',
  },
  {
    about: 'HTTP 429 RESOURCE_EXHAUSTED',
    behaviour: {
      kind: 'http-error',
      httpStatus: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: 'Quota.',
    },
    status: 429,
    severity: 'WARNING',
  },
  {
    about: 'per-image UNAVAILABLE (14)',
    behaviour: { kind: 'image-error', code: 14, message: 'Try again.' },
    status: 503,
    severity: 'WARNING',
  },
];

describe('the log line of a labeler fault', () => {
  test.each(CASES)(
    '$about → $status, a $severity line',
    async ({ behaviour, status, severity }) => {
      vision.setBehaviour(behaviour);
      const worker = await testWorker(undefined, {
        LABELER: 'vision',
        VISION_API_ENDPOINT: vision.url,
        VISION_TIMEOUT_MS: '5000',
      });
      const response = await request(worker.app.callback())
        .post('/push')
        .send(pushBody({ name: 'photos/cat.jpg', contentType: 'image/jpeg', messageId: '77' }));
      expect(response.status).toBe(status);
      await worker.labeler.close?.();
      const refusals = worker.logLines().filter((line) => line.status === status);
      expect(refusals).toEqual([
        expect.objectContaining({
          severity,
          eventId: '77',
          eventType: 'google.cloud.storage.object.v1.finalized',
          subject: 'objects/photos/cat.jpg',
        }),
      ]);
    },
  );
});

describe('the line of a refusal names the event it failed on', () => {
  test('a batch: the element whose labeler call failed', async () => {
    const { labeler } = scriptedLabeler(
      { '1.jpg': new LabelerError('labeler-quota-exhausted', 'quota', 30) },
      { outcome: 'labeled', labels: [] },
    );
    const worker = await testWorker(labeler);
    const batch = [0, 1, 2].map((index) => ({
      specversion: '1.0',
      id: `b${index}`,
      type: 'google.cloud.storage.object.v1.finalized',
      source: '//storage.googleapis.com/projects/_/buckets/b',
      data: { bucket: 'b', name: `${index}.jpg`, contentType: 'image/jpeg', generation: '1' },
    }));
    await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch))
      .expect(429);
    expect(worker.logLines().filter((line) => line.severity === 'WARNING')).toEqual([
      expect.objectContaining({ status: 429, eventId: 'b1', subject: 'objects/1.jpg' }),
    ]);
  });

  test('a redelivery while the first attempt runs (409)', async () => {
    const hold = gate();
    const { labeler } = scriptedLabeler(
      {},
      { wait: hold.promise, result: { outcome: 'labeled', labels: [] } },
    );
    const worker = await testWorker(labeler);
    const body = pushBody({ name: 'slow.jpg', contentType: 'image/jpeg', messageId: '88' });
    const first = request(worker.app.callback())
      .post('/')
      .send(body)
      .then((r) => r.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await request(worker.app.callback()).post('/').send(body).expect(409);
    hold.open();
    await expect(first).resolves.toBe(204);
    expect(worker.logLines().filter((line) => line.status === 409)).toEqual([
      expect.objectContaining({ severity: 'WARNING', eventId: '88', subject: 'objects/slow.jpg' }),
    ]);
  });

  test('a delivery refused before it is decoded names no event', async () => {
    const worker = await testWorker(
      scriptedLabeler({}, { outcome: 'labeled', labels: [] }).labeler,
    );
    await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/json')
      .send('{"message": ')
      .expect(400);
    const [line] = worker.logLines().filter((entry) => entry.status === 400);
    expect(line).toMatchObject({ severity: 'WARNING', code: 'malformed-body' });
    expect(line).not.toHaveProperty('eventId');
  });
});
