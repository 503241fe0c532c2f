import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config/load-config';
import { ConfigError, LabelerError, ResultsWriteError } from '../../src/errors';
import type { HandledEvent } from '../../src/records/handled-event';
import type { LabelResult } from '../../src/labelers/labeler';
import { createWorker } from '../../src/worker/create-worker';
import { pushBody } from '../support/push-body';
import { gate, scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

const labeled: LabelResult = { outcome: 'labeled', labels: [{ description: 'Cat', score: 0.98 }] };
const body = pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId: '31' });

describe('a redelivery while the first attempt still runs', () => {
  test('is refused with 409 (retried), never acknowledged as a duplicate before the first succeeds', async () => {
    const hold = gate();
    const { labeler, calls } = scriptedLabeler({}, { wait: hold.promise, result: labeled });
    const worker = await testWorker(labeler);
    const first = request(worker.app.callback())
      .post('/')
      .send(body)
      .then((r) => r.status);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const redelivery = await request(worker.app.callback()).post('/').send(body);
    expect(redelivery.status).toBe(409);
    expect(redelivery.body).toMatchObject({ code: 'event-in-progress' });
    expect(redelivery.headers['retry-after']).toBeDefined();
    hold.open();
    await expect(first).resolves.toBe(204);
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(calls).toHaveLength(1);
    expect(worker.records.map((record) => record.outcome)).toEqual(['labeled', 'duplicate']);
  });

  test('when the first attempt fails, the next redelivery is handled and labeled', async () => {
    const hold = gate();
    let attempt = 0;
    const { labeler } = scriptedLabeler({}, labeled);
    const flaky = {
      ...labeler,
      label: async (object: Parameters<typeof labeler.label>[0]) => {
        attempt++;
        if (attempt === 1) {
          await hold.promise;
          throw new LabelerError('labeler-unavailable', 'Vision timed out');
        }
        return labeler.label(object);
      },
    };
    const worker = await testWorker(flaky);
    const first = request(worker.app.callback())
      .post('/')
      .send(body)
      .then((r) => r.status);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await request(worker.app.callback()).post('/').send(body).expect(409);
    hold.open();
    await expect(first).resolves.toBe(503);
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(worker.records.map((record) => record.outcome)).toEqual(['labeled']);
  });
});

describe('SIGTERM during a batch', () => {
  test('the elements not yet started are not started: 503, only the finished ones recorded', async () => {
    const hold = gate();
    const { labeler, calls } = scriptedLabeler(
      { '0.jpg': { wait: hold.promise, result: labeled } },
      labeled,
    );
    const worker = await testWorker(labeler);
    const batch = [0, 1, 2].map((index) => ({
      specversion: '1.0',
      id: `b${index}`,
      type: 'google.cloud.storage.object.v1.finalized',
      source: '//storage.googleapis.com/projects/_/buckets/b',
      data: { bucket: 'b', name: `${index}.jpg`, contentType: 'image/jpeg', generation: '1' },
    }));
    const response = request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch))
      .then((r) => r.status);
    // SIGTERM once the first element is being labeled (not after a fixed pause: a busy machine
    // may not have started it yet).
    while (calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const drained = worker.lifecycle.drain(5000);
    hold.open();
    await expect(response).resolves.toBe(503);
    await expect(drained).resolves.toBe('drained');
    expect(calls.map((call) => call.name)).toEqual(['0.jpg']);
    expect(worker.records.map((record) => record.event.id)).toEqual(['b0']);
  });
});

describe('records', () => {
  test('a record that cannot be written → 503, and the redelivery is handled again (not a duplicate)', async () => {
    let failWrites = true;
    const records: HandledEvent[] = [];
    const worker = await createWorker(loadConfig({ LOG_LEVEL: 'silent' }), {
      labeler: scriptedLabeler({}, labeled).labeler,
      results: {
        append: (record) => {
          if (failWrites) return Promise.reject(new ResultsWriteError('disk full (ENOSPC)'));
          records.push(record);
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
      },
    });
    const failed = await request(worker.app.callback()).post('/').send(body);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 'results-unwritable' });
    failWrites = false;
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(records.map((record) => record.outcome)).toEqual(['labeled']);
  });

  test('writing to a full disk (/dev/full) answers 503, the process keeps serving', async () => {
    const worker = await createWorker(
      loadConfig({ LOG_LEVEL: 'silent', RESULTS_FILE: '/dev/full' }),
      {
        labeler: scriptedLabeler({}, labeled).labeler,
      },
    );
    const response = await request(worker.app.callback()).post('/').send(body);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      code: 'results-unwritable',
      detail: expect.stringMatching(/ENOSPC/),
    });
    await request(worker.app.callback()).get('/healthz').expect(200);
    await worker.results.close();
  });

  test.each([
    ['a missing directory', '/nonexistent/dir/results.jsonl'],
    ['a directory', os.tmpdir()],
  ])('RESULTS_FILE in %s is a configuration error at start', async (_about, file) => {
    await expect(
      createWorker(loadConfig({ LOG_LEVEL: 'silent', RESULTS_FILE: file }), {
        labeler: scriptedLabeler({}, labeled).labeler,
      }),
    ).rejects.toThrow(ConfigError);
  });
});

describe('LOCAL_BUCKET_DIR', () => {
  let file: string;
  beforeAll(async () => {
    file = await mkdtemp(path.join(os.tmpdir(), 'dualrun-bucket-'));
  });
  afterAll(async () => {
    await rm(file, { recursive: true, force: true });
  });

  test.each([['/nonexistent'], ['/etc/hostname']])(
    '%s (not a directory) is a configuration error at start, not "every object gone"',
    async (dir) => {
      await expect(
        createWorker(loadConfig({ LOG_LEVEL: 'silent', LABELER: 'local', LOCAL_BUCKET_DIR: dir })),
      ).rejects.toThrow(/LOCAL_BUCKET_DIR="[^"]+" is invalid: expected an existing directory/);
    },
  );

  test('an existing directory is accepted', async () => {
    const worker = await createWorker(
      loadConfig({ LOG_LEVEL: 'silent', LABELER: 'local', LOCAL_BUCKET_DIR: file }),
    );
    expect(worker.labeler.name).toBe('local');
  });
});

describe('transport details', () => {
  test('a compressed body → 415 naming the encoding', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-encoding', 'gzip')
      .set('content-type', 'application/json')
      .send('{}');
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({
      code: 'unsupported-content-encoding',
      detail: expect.stringContaining('gzip'),
    });
  });

  test('a 413 closes the connection (the unread body makes it unusable)', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler, {
      MAX_BODY_BYTES: '2048',
    });
    const response = await request(worker.app.callback())
      .post('/')
      .send(pushBody({ name: 'x'.repeat(4000), messageId: '1' }));
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
  });

  test('the WARNING line of a rejected delivery carries the trace', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    await request(worker.app.callback())
      .post('/')
      .set('x-cloud-trace-context', '105445aa7843bc8bf206b12000100000/1;o=1')
      .set('content-type', 'application/json')
      .send('{"hello":"world"}')
      .expect(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(worker.logLines()).toContainEqual(
      expect.objectContaining({
        severity: 'WARNING',
        code: 'unrecognized-format',
        'logging.googleapis.com/trace': '105445aa7843bc8bf206b12000100000',
      }),
    );
  });
});
