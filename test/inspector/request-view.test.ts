/** The wire view of a delivery: headers marked by kind, body whole and pretty, base64 decoded beside. */
import { storageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { encodingOf } from '../../src/events/encode/encodings';
import { toMessage } from '../../src/events/message';
import { traitsOf } from '../../src/inspector/delivery-traits';
import { requestText, requestView } from '../../src/inspector/request-view';

const EVENT = storageEvent({
  type: 'google.cloud.storage.object.v1.finalized',
  id: '42',
  time: '2026-11-20T10:00:00Z',
  object: { bucket: 'photos', name: 'cat.jpg', generation: '9007199254740993' },
});

test('a push body: its message.data decoded beside it, int64 exact, body whole', () => {
  const message = encodeDelivery(EVENT, 'pubsub-push');
  const view = requestView(message, 'pubsub-push');
  expect(view.base64).toEqual([
    { pointer: '/message/data', decoded: expect.stringContaining('"9007199254740993"') },
  ]);
  expect(JSON.parse(view.base64[0]!.decoded)).toEqual(EVENT.data);
  expect(view.body).toBe(message.body.toString());
  expect(view.bodyBytes).toBe(message.body.length);
  expect(view.bodyPretty).toContain('\n  "message": {');
  expect(view.headers).toContainEqual({
    name: 'user-agent',
    value: 'CloudPubSub-Google',
    kind: 'http',
  });
});

test('headers are marked: ce-* attributes, Pub/Sub metadata, attributes as headers, plain HTTP', () => {
  const binary = requestView(encodeDelivery(EVENT, 'cloudevent-binary'), 'cloudevent-binary');
  expect(binary.headers.find((header) => header.name === 'ce-type')?.kind).toBe('cloudevent');
  expect(binary.headers.find((header) => header.name === 'content-type')?.kind).toBe('http');
  const unwrapped = requestView(
    encodeDelivery(EVENT, 'pubsub-push-unwrapped'),
    'pubsub-push-unwrapped',
  );
  const kinds = Object.fromEntries(unwrapped.headers.map((header) => [header.name, header.kind]));
  expect(kinds).toMatchObject({
    'x-goog-pubsub-message-id': 'pubsub',
    eventtype: 'attribute',
    bucketid: 'attribute',
    'user-agent': 'http',
  });
});

test.each([
  ['pubsub-push', { attributesIn: 'body', data: 'base64', typeNames: ['OBJECT_FINALIZE'] }],
  ['pubsub-push-payload-none', { attributesIn: 'body', data: 'none' }],
  [
    'pubsub-push-unwrapped',
    { attributesIn: 'headers', data: 'JSON', typeNames: ['OBJECT_FINALIZE'] },
  ],
  [
    'cloudevent-binary-v03-2019',
    { attributesIn: 'headers', specversion: '0.3', typeNames: ['google.storage.object.finalize'] },
  ],
  [
    'cloudevent-batch',
    {
      attributesIn: 'body',
      specversion: '1.0',
      contentType: 'application/cloudevents-batch+json; charset=utf-8',
    },
  ],
  [
    'gcf-legacy-flat',
    { data: 'JSON', typeNames: ['providers/cloud.storage/eventTypes/object.change'] },
  ],
] as const)('the traits of %s say what sets it apart', (id, traits) => {
  const message = encodeDelivery(EVENT, id);
  expect(traitsOf(message, encodingOf(id).format)).toMatchObject(traits);
});

test('a body that is no JSON is shown as text, with nothing decoded', () => {
  const view = requestView(toMessage({ 'content-type': 'text/plain' }, 'hello'), undefined);
  expect(view).toMatchObject({ body: 'hello', base64: [] });
  expect(view.bodyPretty).toBeUndefined();
});

test('requestText prints the whole request: no value is shortened', () => {
  const message = encodeDelivery(EVENT, 'pubsub-push');
  const text = requestText(message, new URL('http://127.0.0.1:8080/push'));
  const data = (JSON.parse(message.body.toString()) as { message: { data: string } }).message.data;
  expect(text).toMatch(/^POST \/push HTTP\/1\.1\nhost: 127\.0\.0\.1:8080\n/);
  expect(text).toContain(`content-length: ${message.body.length}\n\n`);
  expect(text).toContain(data);
  expect(text.endsWith(message.body.toString())).toBe(true);
});
