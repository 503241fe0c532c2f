/**
 * The inspector's API over HTTP, without a browser: one upload in every format, sends to its own
 * worker and to others, pasted deliveries, the live stream (bad input: inspector-api-refusals).
 */
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODING_IDS } from '../../src/events/encode/encodings';
import { outgoingHeaders } from '../../src/events/message';
import type {
  DecodeResult,
  FormatsResponse,
  LiveEntry,
  SendResult,
} from '../../src/inspector/api-types';
import { freePort } from '../support/free-port';
import { call, postJson } from './http-call';
import { startStubInspector, type StubInspector } from './stub-inspector';

const SUNSET = 'gs://demo-bucket/samples/sunset.jpg';
const UPLOADED_AT_MS = Date.UTC(2026, 11, 6, 12, 0, 0);

let inspector: StubInspector;
const api = (pathAndQuery: string): URL => inspector.api(pathAndQuery);

beforeAll(async () => {
  inspector = await startStubInspector();
});

afterAll(() => inspector.close());

test('the page and its assets are served on 127.0.0.1, with a Content-Security-Policy of its own origin only', async () => {
  expect(inspector.running.url.hostname).toBe('127.0.0.1');
  const page = await call(api('/'), 'GET');
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  expect(page.body).toContain('<script type="module" src="/assets/page.js">');
  const script = await call(api('/assets/page.js'), 'GET');
  expect([script.status, script.headers['content-type'], script.body]).toEqual([
    200,
    'text/javascript; charset=utf-8',
    'export {};\n',
  ]);
});

test('GET /api/formats: one upload in every format, each request whole, the same event for the same time', async () => {
  const url = api(
    `/api/formats?object=${encodeURIComponent(SUNSET)}&uploadedAtMs=${UPLOADED_AT_MS}`,
  );
  const first = JSON.parse((await call(url, 'GET')).body) as FormatsResponse;
  const again = JSON.parse((await call(url, 'GET')).body) as FormatsResponse;
  expect(first.deliveries.map((card) => card.id)).toEqual(ENCODING_IDS);
  expect(again.event).toEqual(first.event);
  expect(first.event).toMatchObject({
    subject: 'objects/samples/sunset.jpg',
    data: { contentType: 'image/jpeg', size: expect.any(String) },
  });
  expect(first.samples).toContain(SUNSET);
  expect(first.workerUrl).toBe(inspector.running.inspector.workerUrl.href);
  const push = first.deliveries.find((card) => card.id === 'pubsub-push');
  expect(JSON.parse(push?.request.base64[0]?.decoded ?? 'null')).toEqual(first.event.data);
});

test('an object outside the local bucket has no size, and its content type comes from its name', async () => {
  const answer = await call(api('/api/formats?object=gs://other-bucket/a/b.png'), 'GET');
  const formats = JSON.parse(answer.body) as FormatsResponse;
  expect(formats.event.data).toMatchObject({
    bucket: 'other-bucket',
    name: 'a/b.png',
    contentType: 'image/png',
  });
  expect(formats.event.data).not.toHaveProperty('size');
});

test('POST /api/send all: the same canonical event, labeled once (200 with the result event) then duplicates (204)', async () => {
  const answer = await postJson(api('/api/send'), {
    object: SUNSET,
    uploadedAtMs: UPLOADED_AT_MS,
    formats: 'all',
  });
  const { results } = JSON.parse(answer.body) as { results: SendResult[] };
  expect(results.map((result) => [result.id, result.status])).toEqual(
    ENCODING_IDS.map((id, index) => [id, index === 0 ? 200 : 204]),
  );
  const events = results.map((result) => result.records[0]?.record.event);
  const { id, type, source, subject, time } = events[0]!;
  for (const event of events) expect(event).toMatchObject({ id, type, source, subject, time });
  expect(results.map((result) => result.records[0]?.record.outcome)).toEqual([
    'labeled',
    ...ENCODING_IDS.slice(1).map(() => 'duplicate'),
  ]);
  expect(results[0]?.records[0]?.record.labels?.length).toBeGreaterThan(0);
  // The first is labeled: its reply is the result event, which its record carries too.
  const [first] = results;
  // The reply, read off the wire, is the event the record carries.
  expect(first?.resultEvent).toEqual(first?.records[0]?.resultEvent);
  expect(first?.resultEvent).toMatchObject({
    specversion: '1.0',
    type: 'dev.dualrun.image.labeled.v1',
    source: '//dualrun/dualrun',
    subject,
  });
  expect(first?.records[0]?.resultEvent?.data.labels).toEqual(first?.records[0]?.record.labels);
  expect(results.slice(1).map((result) => result.resultEvent)).toEqual(
    ENCODING_IDS.slice(1).map(() => undefined),
  );
});

test('another worker: its answer and the events decoded here; no answer is status 0 with the reason', async () => {
  const elsewhere = await postJson(api('/api/send'), {
    object: 'gs://demo-bucket/samples/forest.png',
    uploadedAtMs: UPLOADED_AT_MS,
    formats: ['cloudevent-structured'],
    to: inspector.running.inspector.workerUrl.href,
  });
  const [result] = (JSON.parse(elsewhere.body) as { results: SendResult[] }).results;
  expect(result).toMatchObject({
    status: 204,
    records: [],
    decoded: [{ subject: 'objects/samples/forest.png' }],
  });

  const nobody = `http://127.0.0.1:${await freePort()}/`;
  const refused = await postJson(api('/api/send'), {
    object: SUNSET,
    uploadedAtMs: 1,
    formats: ['gcf-legacy'],
    to: nobody,
  });
  const [failed] = (JSON.parse(refused.body) as { results: SendResult[] }).results;
  expect(failed).toMatchObject({
    status: 0,
    to: nobody,
    error: expect.stringMatching(/ECONNREFUSED|fetch failed/),
  });
});

test('uploadedAtMs is optional in /api/send as in /api/formats: both default to now', async () => {
  const before = Date.now();
  const formats = JSON.parse((await call(api('/api/formats'), 'GET')).body) as FormatsResponse;
  const answer = await postJson(api('/api/send'), {
    object: 'gs://demo-bucket/samples/forest.png',
    formats: ['cloudevent-structured'],
  });
  const after = Date.now();
  expect(answer.status).toBe(200);
  const [result] = (JSON.parse(answer.body) as { results: SendResult[] }).results;
  const times = [formats.event.time, result?.decoded[0]?.time].map((time) =>
    Date.parse(time ?? ''),
  );
  for (const time of times) {
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  }
  expect(formats.uploadedAtMs).toBe(times[0]);
});

test("POST /api/decode: a malformed delivery gives the worker's 400 problem, here and when sent", async () => {
  const text = 'POST / HTTP/1.1\ncontent-type: application/json\n\n{"message": {"data": "%%%"}}';
  const answer = JSON.parse(
    (await postJson(api('/api/decode'), { text, sendTo: 'local' })).body,
  ) as DecodeResult;
  expect(answer.decoded).toBeUndefined();
  expect(answer.problem).toMatchObject({
    status: 400,
    code: 'malformed-body',
    pointer: '/message/data',
  });
  expect(answer.sent).toMatchObject({ status: 400, problem: answer.problem });
});

test('POST /api/decode: a captured delivery is named, format and generation, with its canonical event', async () => {
  const message = encodeDelivery(
    (
      JSON.parse(
        (await call(api(`/api/formats?uploadedAtMs=${UPLOADED_AT_MS}`), 'GET')).body,
      ) as FormatsResponse
    ).event,
    'cloudevent-binary-v03-2019',
  );
  const headers = outgoingHeaders(message);
  const answer = JSON.parse(
    (
      await postJson(api('/api/decode'), {
        text: JSON.stringify({ headers, body: message.body.toString() }),
      })
    ).body,
  ) as DecodeResult;
  expect(answer.decoded).toMatchObject({
    format: 'cloudevent-binary',
    matches: [{ id: 'cloudevent-binary-v03-2019' }],
    typeNames: [
      {
        name: 'google.storage.object.finalize',
        canonical: 'google.cloud.storage.object.v1.finalized',
      },
    ],
    events: [
      { type: 'google.cloud.storage.object.v1.finalized', subject: 'objects/samples/sunset.jpg' },
    ],
  });
  expect(answer.request.headers).toContainEqual({
    name: 'ce-specversion',
    value: '0.3',
    kind: 'cloudevent',
  });
});

test('GET /api/live streams a record for a delivery that reaches the worker from elsewhere', async () => {
  const controller = new AbortController();
  const stream = await fetch(api('/api/live'), { signal: controller.signal });
  expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const message = encodeDelivery(
    (
      JSON.parse(
        (
          await call(
            api('/api/formats?object=gs://demo-bucket/samples/logo.png&uploadedAtMs=7'),
            'GET',
          )
        ).body,
      ) as FormatsResponse
    ).event,
    'cloudevent-binary',
  );
  const sent = await fetch(inspector.running.inspector.workerUrl, {
    method: 'POST',
    headers: outgoingHeaders(message),
    body: message.body,
  });
  // The inspector's worker replies (RESULTS_MODE=reply): 200 with the result event.
  expect(sent.status).toBe(200);
  const replyId = sent.headers.get('ce-id');
  const entry = await firstRecord(
    stream,
    (candidate) => candidate.record.event.subject === 'objects/samples/logo.png',
  );
  controller.abort();
  expect(entry.record).toMatchObject({
    outcome: 'labeled',
    delivery: { format: 'cloudevent-binary' },
  });
  expect(entry.resultEvent).toMatchObject({
    id: replyId,
    type: 'dev.dualrun.image.labeled.v1',
    subject: 'objects/samples/logo.png',
  });
});

/** Reads Server-Sent Events until a record that `accept` takes. */
async function firstRecord(
  response: Response,
  accept: (entry: LiveEntry) => boolean,
): Promise<LiveEntry> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the live stream ended');
    buffered += value;
    const events = buffered.split('\n\n');
    buffered = events.pop() ?? '';
    for (const event of events) {
      const data = /^data: (.*)$/m.exec(event)?.[1];
      if (/^event: record$/m.test(event) && data !== undefined) {
        const entry = JSON.parse(data) as LiveEntry;
        if (accept(entry)) {
          await reader.cancel();
          return entry;
        }
      }
    }
  }
}
