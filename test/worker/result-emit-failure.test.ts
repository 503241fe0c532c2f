/**
 * A result event that cannot leave the worker (the publish fails or times out) answers 503 and
 * records nothing; the push is redelivered, and the redelivery emits the same result event (same
 * id) without asking the labeler again: an image is labeled at most once per instance. The same
 * holds when the record cannot be written after the publish.
 */
import request from 'supertest';
import { loadConfig } from '../../src/config/load-config';
import { ResultPublishError, ResultsWriteError } from '../../src/errors';
import type { ResultEvent } from '../../src/events/result-event';
import type { HandledEvent } from '../../src/records/handled-event';
import type { ResultsSink } from '../../src/records/results-sink';
import type { ResultEmitter } from '../../src/results/result-emitter';
import { createWorker } from '../../src/worker/create-worker';
import { pushBody } from '../support/push-body';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

const TOPIC = 'projects/demo-project/topics/image-labels';

/** A publishing emitter whose publishes fail while `failing()` says so; it keeps what it published. */
function flakyPublisher(failing: () => boolean) {
  const attempts: ResultEvent[] = [];
  const published: ResultEvent[] = [];
  const emitter: ResultEmitter = {
    mode: 'pubsub',
    source: '//dualrun/labeler',
    emits: () => true,
    emit: (event) => {
      attempts.push(event);
      if (failing()) {
        return Promise.reject(
          new ResultPublishError(TOPIC, `publish to ${TOPIC} failed: 14 UNAVAILABLE`),
        );
      }
      published.push(event);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { emitter, attempts, published };
}

const labeled = { outcome: 'labeled', labels: [{ description: 'Cat', score: 0.98 }] } as const;

test('a failed publish: 503 and no record; the redelivery publishes the same event without relabeling', async () => {
  let fail = true;
  const publisher = flakyPublisher(() => fail);
  const { labeler, calls } = scriptedLabeler({}, labeled);
  const worker = await testWorker(labeler, {}, { resultEmitter: publisher.emitter });
  const body = pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId: '41' });

  const failed = await request(worker.app.callback()).post('/').send(body);
  expect(failed.status).toBe(503);
  expect(failed.headers['retry-after']).toBe('10');
  expect(failed.body).toMatchObject({
    code: 'result-unpublished',
    title: 'Result event not published',
  });
  expect(worker.records).toEqual([]);
  expect(publisher.published).toEqual([]);

  fail = false;
  await request(worker.app.callback()).post('/').send(body).expect(204);
  expect(calls).toHaveLength(1);
  expect(publisher.attempts).toHaveLength(2);
  expect(publisher.attempts[1]).toEqual(publisher.attempts[0]);
  expect(worker.records).toHaveLength(1);
  expect(worker.records[0]).toMatchObject({
    outcome: 'labeled',
    labels: labeled.labels,
    resultEvent: publisher.published[0],
  });

  // Handled now: a later redelivery is a duplicate, published no more.
  await request(worker.app.callback()).post('/').send(body).expect(204);
  expect(worker.records.map((record) => record.outcome)).toEqual(['labeled', 'duplicate']);
  expect(publisher.attempts).toHaveLength(2);
  expect(calls).toHaveLength(1);
});

test('the redelivery comes in another format with another id (same object): the first id is re-emitted', async () => {
  let fail = true;
  const publisher = flakyPublisher(() => fail);
  const { labeler, calls } = scriptedLabeler({}, labeled);
  const worker = await testWorker(labeler, {}, { resultEmitter: publisher.emitter });
  const push = pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId: '42' });
  await request(worker.app.callback()).post('/').send(push).expect(503);

  fail = false;
  const sameObject = {
    specversion: '1.0',
    id: 'another-id',
    type: 'google.cloud.storage.object.v1.finalized',
    source: '//storage.googleapis.com/projects/_/buckets/demo-bucket',
    subject: 'objects/cat.jpg',
    datacontenttype: 'application/json',
    data: {
      bucket: 'demo-bucket',
      name: 'cat.jpg',
      generation: '1700000000000001',
      contentType: 'image/jpeg',
    },
  };
  await request(worker.app.callback())
    .post('/')
    .set('content-type', 'application/cloudevents+json')
    .send(JSON.stringify(sameObject))
    .expect(204);
  expect(calls).toHaveLength(1);
  expect(publisher.published.map((event) => event.id)).toEqual([publisher.attempts[0]?.id]);
  expect(publisher.published[0]?.data.input.id).toBe('42');
  expect(worker.records[0]).toMatchObject({ event: { id: 'another-id' }, outcome: 'labeled' });
});

test('an unlabelable answer is kept alike: the redelivery publishes it without asking again', async () => {
  let fail = true;
  const publisher = flakyPublisher(() => fail);
  const { labeler, calls } = scriptedLabeler(
    {},
    { outcome: 'unlabelable', reason: 'Bad image data.' },
  );
  const worker = await testWorker(labeler, {}, { resultEmitter: publisher.emitter });
  const body = pushBody({ name: 'broken.jpg', contentType: 'image/jpeg', messageId: '43' });
  await request(worker.app.callback()).post('/').send(body).expect(503);
  fail = false;
  await request(worker.app.callback()).post('/').send(body).expect(204);
  expect(calls).toHaveLength(1);
  expect(publisher.published.map((event) => event.type)).toEqual([
    'dev.dualrun.image.unlabelable.v1',
  ]);
  expect(worker.records[0]).toMatchObject({ outcome: 'unlabelable', reason: 'Bad image data.' });
});

test('published but the record not written: 503; the redelivery publishes the same id again and records once', async () => {
  const publisher = flakyPublisher(() => false);
  const { labeler, calls } = scriptedLabeler({}, labeled);
  const records: HandledEvent[] = [];
  let writes = 0;
  const results: ResultsSink = {
    append: (record) => {
      writes++;
      if (writes === 1)
        return Promise.reject(new ResultsWriteError('ENOSPC: no space left on device'));
      records.push(record);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const own = await createWorker(loadConfig({ LABELER: 'none', LOG_LEVEL: 'silent' }), {
    labeler,
    results,
    resultEmitter: publisher.emitter,
  });
  const body = pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId: '44' });
  await request(own.app.callback()).post('/').send(body).expect(503);
  await request(own.app.callback()).post('/').send(body).expect(204);
  expect(calls).toHaveLength(1);
  expect(publisher.published).toHaveLength(2);
  expect(publisher.published[1]?.id).toBe(publisher.published[0]?.id);
  expect(records.map((record) => record.outcome)).toEqual(['labeled']);
});
