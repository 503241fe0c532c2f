/**
 * The place of the result event (`dev.dualrun.image.labeled.v1`, a coming feature of the worker):
 * a record that carries one shows it in the live feed, and a worker that replies with a binary-mode
 * CloudEvent (Knative's reply) has it shown as the send's result event.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { storageEvent } from '../../src/events/canonical-event';
import { buildResultEvent } from '../../src/events/build-result-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { HandledEvent } from '../../src/records/handled-event';
import { LiveFeed } from '../../src/inspector/live-feed';
import { closeServer } from '../../src/inspector/local-worker';
import { sendAndObserve } from '../../src/inspector/send-and-observe';

const EVENT = storageEvent({
  type: 'google.cloud.storage.object.v1.finalized',
  id: '42',
  time: '2026-12-06T12:00:00Z',
  object: { bucket: 'photos', name: 'cat.jpg', generation: '1' },
});

const RESULT_EVENT = buildResultEvent(
  EVENT,
  { outcome: 'labeled', labeler: 'local', labels: [{ description: 'Cat', score: 0.98 }] },
  '//dualrun/worker',
);

test('a record that carries a result event shows it; one without shows none', async () => {
  const feed = new LiveFeed(2, () => new Date('2026-12-06T12:00:01Z'));
  const seen: unknown[] = [];
  const stop = feed.subscribe((entry) => seen.push(entry.resultEvent));
  const record: HandledEvent = {
    event: EVENT,
    delivery: { format: 'cloudevent-binary', id: '42' },
    outcome: 'labeled',
  };
  await feed.append({ ...record, resultEvent: RESULT_EVENT });
  await feed.append(record);
  await feed.append(record);
  stop();
  expect(seen).toEqual([RESULT_EVENT, undefined, undefined]);
  expect(feed.recent().map((entry) => entry.seq)).toEqual([2, 3]);
  expect(feed.recent(2).map((entry) => entry.receivedAt)).toEqual(['2026-12-06T12:00:01.000Z']);
});

describe('a worker that replies with the result event (Knative, RESULTS_MODE=reply)', () => {
  let replying: Server;
  let url: URL;
  beforeAll(async () => {
    replying = createServer((_request, response) => {
      response.writeHead(200, {
        'ce-specversion': '1.0',
        'ce-type': RESULT_EVENT.type,
        'ce-source': RESULT_EVENT.source,
        'ce-id': RESULT_EVENT.id,
        'content-type': 'application/json',
      });
      response.end(JSON.stringify(RESULT_EVENT.data));
    });
    await new Promise<void>((resolve) => replying.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(replying.address() as AddressInfo).port}/`);
  });
  afterAll(() => closeServer(replying));

  test("the reply is the send's result event: its ce-* attributes, its content type and its data", async () => {
    const result = await sendAndObserve(
      'cloudevent-binary',
      encodeDelivery(EVENT, 'cloudevent-binary'),
      { url },
    );
    expect(result).toMatchObject({ status: 200, records: [], decoded: [{ id: '42' }] });
    expect(result.resultEvent).toEqual({
      specversion: '1.0',
      type: RESULT_EVENT.type,
      source: RESULT_EVENT.source,
      id: RESULT_EVENT.id,
      datacontenttype: 'application/json',
      data: RESULT_EVENT.data,
    });
    expect(result.responseBody).toBeUndefined();
  });
});
