import request from 'supertest';
import { LabelerError } from '../../src/errors';
import type { LabelResult } from '../../src/labelers/labeler';
import { pushBody } from '../support/push-body';
import { gate, scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

const labeled: LabelResult = { outcome: 'labeled', labels: [{ description: 'Cat', score: 0.98 }] };

/** The delivery contract of docs/delivery-contract.md, through `app.callback()`. */
describe('delivery contract: handled events are acknowledged with 204 and recorded once', () => {
  test.each([
    { name: 'photos/cat.jpg', contentType: 'image/jpeg', outcome: 'labeled', labels: 1 },
    { name: 'docs/readme.txt', contentType: 'text/plain', outcome: 'ignored', labels: 0 },
    { name: 'photos/no-type.png', contentType: undefined, outcome: 'labeled', labels: 1 },
    { name: 'photos/no-type.bin', contentType: undefined, outcome: 'ignored', labels: 0 },
    { name: 'photos/broken.jpg', contentType: 'image/jpeg', outcome: 'unlabelable', labels: 0 },
    { name: 'photos/gone.jpg', contentType: 'image/jpeg', outcome: 'ignored', labels: 0 },
  ])('$name ($contentType) → $outcome', async ({ name, contentType, outcome, labels }) => {
    const { labeler } = scriptedLabeler(
      {
        'photos/broken.jpg': { outcome: 'unlabelable', reason: 'not an image' },
        'photos/gone.jpg': { outcome: 'ignored', reason: 'the object is gone' },
      },
      labeled,
    );
    const worker = await testWorker(labeler);
    const body = pushBody({
      name,
      messageId: '101',
      ...(contentType === undefined ? {} : { contentType }),
    });
    const response = await request(worker.app.callback()).post('/push').send(body);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(worker.records).toHaveLength(1);
    expect(worker.records[0]).toMatchObject({
      outcome,
      delivery: { format: 'pubsub-push', id: '101' },
    });
    expect(worker.records[0]?.labels?.length ?? 0).toBe(labels);
  });

  test.each([
    ['OBJECT_DELETE', 'google.cloud.storage.object.v1.deleted'],
    ['OBJECT_ARCHIVE', 'google.cloud.storage.object.v1.archived'],
    ['OBJECT_METADATA_UPDATE', 'google.cloud.storage.object.v1.metadataUpdated'],
  ])('%s is acknowledged as ignored without calling the labeler', async (eventType, type) => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const body = pushBody({ name: 'a.jpg', contentType: 'image/jpeg', messageId: '7', eventType });
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(calls).toHaveLength(0);
    expect(worker.records[0]).toMatchObject({
      outcome: 'ignored',
      event: { type },
      reason: expect.any(String),
    });
  });

  test('a Pub/Sub message that is no storage notification is recorded as ignored messagePublished', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    const body = {
      message: { data: Buffer.from('hello').toString('base64'), messageId: '55' },
      subscription: 'projects/p/subscriptions/s',
    };
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(worker.records[0]).toMatchObject({
      outcome: 'ignored',
      event: { type: 'google.cloud.pubsub.topic.v1.messagePublished', id: '55' },
    });
  });

  test('delivery.attempt and subscription come from the push body', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    const body = pushBody({
      name: 'a.jpg',
      contentType: 'image/jpeg',
      messageId: '8',
      deliveryAttempt: 3,
    });
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(worker.records[0]?.delivery).toEqual({
      format: 'pubsub-push',
      id: '8',
      attempt: 3,
      subscription: 'projects/demo-project/subscriptions/worker-push',
    });
  });
});

describe('delivery contract: de-duplication', () => {
  test('the same message delivered again is a duplicate and the labeler is called once', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const body = pushBody({ name: 'dup.jpg', contentType: 'image/jpeg', messageId: '15' });
    await request(worker.app.callback()).post('/').send(body).expect(204);
    await request(worker.app.callback()).post('/').send(body).expect(204);
    expect(calls).toHaveLength(1);
    expect(worker.records.map((record) => record.outcome)).toEqual(['labeled', 'duplicate']);
  });

  test('the same upload under another message id (same bucket, name, generation) is a duplicate', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const first = pushBody({ name: 'same.jpg', contentType: 'image/jpeg', messageId: '1' });
    const second = pushBody({ name: 'same.jpg', contentType: 'image/jpeg', messageId: '2' });
    await request(worker.app.callback()).post('/').send(first).expect(204);
    await request(worker.app.callback()).post('/').send(second).expect(204);
    expect(calls).toHaveLength(1);
    expect(worker.records[1]?.outcome).toBe('duplicate');
  });

  test('a new generation of the same object is labeled again', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const first = pushBody({
      name: 'o.jpg',
      contentType: 'image/jpeg',
      messageId: '1',
      generation: '1',
    });
    const second = pushBody({
      name: 'o.jpg',
      contentType: 'image/jpeg',
      messageId: '2',
      generation: '2',
    });
    await request(worker.app.callback()).post('/').send(first).expect(204);
    await request(worker.app.callback()).post('/').send(second).expect(204);
    expect(calls).toHaveLength(2);
  });
});

describe('delivery contract: errors', () => {
  test.each([
    {
      about: 'malformed JSON',
      type: 'application/json',
      body: '{"message": {"data": ',
      code: 'malformed-body',
    },
    {
      about: 'JSON of no known format',
      type: 'application/json',
      body: '{"hello":"world"}',
      code: 'unrecognized-format',
    },
    { about: 'an empty body', type: 'application/json', body: '', code: 'malformed-body' },
    { about: 'plain text', type: 'text/plain', body: 'hello', code: 'unrecognized-format' },
    {
      about: 'a notification with no data and no bucketId',
      type: 'application/json',
      body: JSON.stringify({
        message: { attributes: { eventType: 'OBJECT_FINALIZE', objectId: 'x' }, messageId: '1' },
      }),
      code: 'invalid-event',
    },
  ])('$about → 400 problem naming what is wrong, no record', async ({ type, body, code }) => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', type)
      .send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 400,
      code,
      detail: expect.any(String),
      title: expect.any(String),
    });
    expect(worker.records).toHaveLength(0);
  });

  test('a batch with one bad element is rejected whole before anything is handled', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const good = {
      specversion: '1.0',
      id: 'b1',
      type: 'google.cloud.storage.object.v1.finalized',
      source: '//storage.googleapis.com/projects/_/buckets/b',
      data: { bucket: 'b', name: 'x.jpg', contentType: 'image/jpeg', generation: '1' },
    };
    const bad = { ...good, id: undefined };
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify([good, bad]));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ pointer: '/1/id' });
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
  });

  test('an empty batch is 204 with no record and one INFO line saying it was empty', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents-batch+json')
      .send('[]')
      .expect(204);
    worker.logger.flush();
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
    expect(worker.logLines()).toEqual([
      expect.objectContaining({
        severity: 'INFO',
        message: 'empty batch: no event to handle',
        deliveryFormat: 'cloudevent-batch',
        eventCount: 0,
      }),
    ]);
  });

  test('a batch larger than MAX_IN_FLIGHT is handled in order, every event recorded once', async () => {
    const slowFirst = new Promise<void>((resolve) => setTimeout(resolve, 100));
    const { labeler, calls } = scriptedLabeler(
      { '0.jpg': { wait: slowFirst, result: labeled } },
      labeled,
    );
    const worker = await testWorker(labeler, { MAX_IN_FLIGHT: '2' });
    const batch = Array.from({ length: 5 }, (_, index) => ({
      specversion: '1.0',
      id: `b${index}`,
      type: 'google.cloud.storage.object.v1.finalized',
      source: '//storage.googleapis.com/projects/_/buckets/b',
      data: { bucket: 'b', name: `${index}.jpg`, contentType: 'image/jpeg', generation: '1' },
    }));
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch));
    expect(response.status).toBe(204);
    expect(calls).toHaveLength(5);
    expect(worker.records.map((record) => record.event.id)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(worker.lifecycle.inFlight).toBe(0);
  });

  test('a body over MAX_BODY_BYTES → 413', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler, {
      MAX_BODY_BYTES: '2048',
    });
    const body = pushBody({ name: 'x'.repeat(4000), contentType: 'image/jpeg', messageId: '1' });
    const response = await request(worker.app.callback()).post('/').send(body);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'body-too-large' });
    expect(worker.records).toHaveLength(0);
  });

  test.each([
    {
      error: new LabelerError('labeler-unavailable', 'Vision is unavailable', 10),
      status: 503,
      retryAfter: '10',
    },
    {
      error: new LabelerError('labeler-quota-exhausted', 'quota exhausted', 30),
      status: 429,
      retryAfter: '30',
    },
  ])(
    'labeler $error.code → $status with Retry-After, no record, the redelivery is handled',
    async ({ error, status, retryAfter }) => {
      let fail = true;
      const { labeler, calls } = scriptedLabeler({}, labeled);
      const flaky = {
        ...labeler,
        label: (r: Parameters<typeof labeler.label>[0]) =>
          fail ? Promise.reject(error) : labeler.label(r),
      };
      const worker = await testWorker(flaky);
      const body = pushBody({ name: 'retry.jpg', contentType: 'image/jpeg', messageId: '9' });
      const response = await request(worker.app.callback()).post('/').send(body);
      expect(response.status).toBe(status);
      expect(response.headers['retry-after']).toBe(retryAfter);
      expect(worker.records).toHaveLength(0);
      fail = false;
      await request(worker.app.callback()).post('/').send(body).expect(204);
      expect(calls).toHaveLength(1);
      expect(worker.records.map((record) => record.outcome)).toEqual(['labeled']);
    },
  );

  test('above MAX_IN_FLIGHT the excess gets 429 at once; the accepted ones complete', async () => {
    const hold = gate();
    const { labeler } = scriptedLabeler({}, { wait: hold.promise, result: labeled });
    const worker = await testWorker(labeler, { MAX_IN_FLIGHT: '2' });
    const server = worker.app.callback();
    const send = (id: string) =>
      request(server)
        .post('/')
        .send(
          pushBody({ name: `${id}.jpg`, contentType: 'image/jpeg', messageId: id, generation: id }),
        );
    const first = send('1').then((r) => r.status);
    const second = send('2').then((r) => r.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await send('3');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    hold.open();
    await expect(Promise.all([first, second])).resolves.toEqual([204, 204]);
    expect(worker.records).toHaveLength(2);
  });

  test.each([
    ['GET', '/', 405],
    ['PUT', '/push', 405],
    ['POST', '/healthz', 405],
  ])('%s %s → %i problem', async (method, path, status) => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    const response = await request(worker.app.callback())[
      method.toLowerCase() as 'get' | 'put' | 'post'
    ](path);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code: 'method-not-allowed' });
  });
});

describe('probes and drain', () => {
  test('/healthz and /readyz answer 200; after drain /readyz is 503 and events get 503', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler);
    const server = worker.app.callback();
    await request(server).get('/healthz').expect(200);
    await request(server).get('/readyz').expect(200);
    await expect(worker.lifecycle.drain(1000)).resolves.toBe('drained');
    await request(server).get('/healthz').expect(200);
    await request(server).get('/readyz').expect(503);
    const response = await request(server)
      .post('/')
      .send(pushBody({ name: 'a.jpg', messageId: '1' }));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'shutting-down' });
  });

  test('drain waits for the event in flight to finish and be recorded', async () => {
    const hold = gate();
    const { labeler } = scriptedLabeler({}, { wait: hold.promise, result: labeled });
    const worker = await testWorker(labeler);
    const pending = request(worker.app.callback())
      .post('/')
      .send(pushBody({ name: 'slow.jpg', contentType: 'image/jpeg', messageId: '1' }));
    const responded = pending.then((response) => response.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drained = worker.lifecycle.drain(5000);
    hold.open();
    await expect(drained).resolves.toBe('drained');
    await expect(responded).resolves.toBe(204);
    expect(worker.records).toHaveLength(1);
  });
});

describe('structured log line per handled event', () => {
  test('Cloud Logging fields, outcome, label count, latency and the trace from traceparent', async () => {
    const worker = await testWorker(scriptedLabeler({}, labeled).labeler, {
      GOOGLE_CLOUD_PROJECT: 'demo-project',
    });
    await request(worker.app.callback())
      .post('/')
      .set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
      .send(pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId: '42' }))
      .expect(204);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = worker.logLines().find((entry) => entry.eventId === '42');
    expect(line).toMatchObject({
      severity: 'INFO',
      message: 'labeled objects/cat.jpg',
      eventType: 'google.cloud.storage.object.v1.finalized',
      subject: 'objects/cat.jpg',
      outcome: 'labeled',
      labelCount: 1,
      latencyMs: expect.any(Number),
      'logging.googleapis.com/trace':
        'projects/demo-project/traces/0af7651916cd43dd8448eb211c80319c',
    });
  });
});
