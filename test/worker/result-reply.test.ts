/**
 * `RESULTS_MODE=reply` (Knative): a delivery of one labeled or unlabelable image is answered 200
 * with the result event in binary mode, which the Broker routes to any Trigger on its type; the
 * cloudevents SDK reads the reply. A duplicate, an ignored event and a batch answer 204 as before;
 * a result event sent back to the worker is acknowledged and ignored, never labeled (no loop).
 */
import { HTTP, type Message as SdkMessage } from 'cloudevents';
import request from 'supertest';
import { storageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODINGS } from '../../src/events/encode/encodings';
import { outgoingHeaders, type Message } from '../../src/events/message';
import type { LabelResult } from '../../src/labelers/labeler';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

const LABELS = [
  { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.98 },
  { description: 'Whiskers', score: 0.91 },
];
const labeled: LabelResult = { outcome: 'labeled', labels: LABELS };
const REPLY_ENV = { RESULTS_MODE: 'reply', K_SERVICE: 'labeler' };

function upload(name: string, id = '17650000000000', contentType = 'image/jpeg') {
  return storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id,
    time: '2026-12-06T12:00:00.000Z',
    object: { bucket: 'photos', name, generation: `1765022400${id.slice(-6)}`, contentType },
  });
}

/**
 * POSTs a message as the Broker does (`Prefer: reply`); resolves to the supertest response. The
 * body goes as text: superagent would serialize a Buffer under a JSON Content-Type as JSON.
 */
function deliver(app: Parameters<typeof request>[0], message: Message) {
  return request(app)
    .post('/')
    .set({ ...outgoingHeaders(message), prefer: 'reply' })
    .send(message.body.toString('utf8'));
}

/** The reply as the cloudevents SDK reads it. */
function sdkEvent(response: { headers: Record<string, string>; text: string }) {
  const message: SdkMessage = { headers: response.headers, body: response.text };
  const event = HTTP.toEvent(message);
  if (Array.isArray(event)) throw new Error('the SDK read a batch');
  return event;
}

describe('a labeled image is answered 200 with the result event in binary mode', () => {
  test('the cloudevents SDK reads the reply: type, source, subject, id, the labels', async () => {
    const { labeler } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler, REPLY_ENV);
    const response = await deliver(
      worker.app.callback(),
      encodeDelivery(upload('cat.jpg'), 'cloudevent-binary'),
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(HTTP.isEvent({ headers: response.headers, body: response.text })).toBe(true);
    const event = sdkEvent(response);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'dev.dualrun.image.labeled.v1',
      source: '//dualrun/labeler',
      subject: 'objects/cat.jpg',
      datacontenttype: 'application/json',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(event.data).toEqual({
      bucket: 'photos',
      name: 'cat.jpg',
      generation: '1765022400000000',
      labeler: 'local',
      labels: LABELS,
      input: {
        id: '17650000000000',
        source: '//storage.googleapis.com/projects/_/buckets/photos',
        type: 'google.cloud.storage.object.v1.finalized',
      },
    });
    const [record] = worker.records;
    expect(record?.resultEvent).toMatchObject({ id: event.id, type: event.type, data: event.data });
    expect(worker.logLines().find((line) => line.outcome === 'labeled')).toMatchObject({
      resultEventId: event.id,
    });
  });

  test('an unlabelable image replies with the unlabelable type and the reason', async () => {
    const { labeler } = scriptedLabeler({}, { outcome: 'unlabelable', reason: 'not an image' });
    const worker = await testWorker(labeler, REPLY_ENV);
    const response = await deliver(
      worker.app.callback(),
      encodeDelivery(upload('fake.jpg'), 'cloudevent-structured'),
    );
    expect(response.status).toBe(200);
    const event = sdkEvent(response);
    expect(event.type).toBe('dev.dualrun.image.unlabelable.v1');
    expect(event.data).toMatchObject({ reason: 'not an image', labeler: 'local' });
  });

  test.each(
    ENCODINGS.filter((encoding) => encoding.format !== 'cloudevent-batch').map((e) => [e.id]),
  )('delivered as %s, the upload gets the same reply', async (encodingId) => {
    const { labeler } = scriptedLabeler({}, labeled);
    const expected = await deliver(
      (await testWorker(labeler, REPLY_ENV)).app.callback(),
      encodeDelivery(upload('cat.jpg'), 'cloudevent-binary'),
    );
    const response = await deliver(
      (await testWorker(labeler, REPLY_ENV)).app.callback(),
      encodeDelivery(upload('cat.jpg'), encodingId),
    );
    expect([response.status, response.text]).toEqual([200, expected.text]);
    expect(sdkEvent(response).id).toBe(sdkEvent(expected).id);
  });
});

describe('what answers as without results', () => {
  test('a duplicate: 204 with no body', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler, REPLY_ENV);
    const message = encodeDelivery(upload('cat.jpg'), 'cloudevent-binary');
    await deliver(worker.app.callback(), message).expect(200);
    const again = await deliver(worker.app.callback(), message);
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
    expect(again.headers).not.toHaveProperty('ce-id');
    expect(calls).toHaveLength(1);
    expect(worker.records[1]).toMatchObject({ outcome: 'duplicate' });
    expect(worker.records[1]).not.toHaveProperty('resultEvent');
  });

  test('an ignored event (not an image): 204, no result event', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler, REPLY_ENV);
    const response = await deliver(
      worker.app.callback(),
      encodeDelivery(upload('notes.txt', '17650000000001', 'text/plain'), 'cloudevent-binary'),
    );
    expect(response.status).toBe(204);
    expect(calls).toHaveLength(0);
    expect(worker.records[0]).not.toHaveProperty('resultEvent');
  });

  test('a batch: 204 (a reply carries one event), and its records carry no result event', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler, REPLY_ENV);
    const batch = [upload('a.jpg', '17650000000002'), upload('b.jpg', '17650000000003')].map(
      (event) =>
        JSON.parse(encodeDelivery(event, 'cloudevent-structured').body.toString('utf8')) as unknown,
    );
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch));
    expect(response.status).toBe(204);
    expect(calls).toHaveLength(2);
    expect(worker.records.map((record) => [record.outcome, record.resultEvent])).toEqual([
      ['labeled', undefined],
      ['labeled', undefined],
    ]);
  });

  test('RESULTS_MODE=none (the default): 204, and no result event in the record', async () => {
    const { labeler } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const response = await deliver(
      worker.app.callback(),
      encodeDelivery(upload('cat.jpg'), 'cloudevent-binary'),
    );
    expect(response.status).toBe(204);
    expect(worker.records[0]).toMatchObject({ outcome: 'labeled', labels: LABELS });
    expect(worker.records[0]).not.toHaveProperty('resultEvent');
  });
});

test('the reply, routed back to the worker by a Trigger that matches it, is ignored, not labeled: no loop', async () => {
  const { labeler, calls } = scriptedLabeler({}, labeled);
  const worker = await testWorker(labeler, REPLY_ENV);
  const reply = await deliver(
    worker.app.callback(),
    encodeDelivery(upload('cat.jpg'), 'cloudevent-binary'),
  );
  expect(reply.status).toBe(200);
  const back: Message = {
    headers: Object.fromEntries(
      Object.entries(reply.headers as Record<string, string>).filter(
        ([name]) => name.startsWith('ce-') || name === 'content-type',
      ),
    ),
    body: Buffer.from(reply.text, 'utf8'),
  };
  const answer = await deliver(worker.app.callback(), back);
  expect(answer.status).toBe(204);
  expect(answer.text).toBe('');
  expect(calls).toHaveLength(1);
  expect(worker.records[1]).toMatchObject({
    outcome: 'ignored',
    reason: 'a result event of a dualrun worker, not an upload',
    event: { type: 'dev.dualrun.image.labeled.v1', source: '//dualrun/labeler' },
  });
  expect(worker.records[1]).not.toHaveProperty('resultEvent');
});
