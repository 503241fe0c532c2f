/**
 * The Pub/Sub source against public captures (`../shared/fixtures/events`): for each Eventarc
 * storage event, the notification Cloud Storage publishes for the same object, routed by the
 * source, decodes in the worker to the same canonical event as Eventarc's own delivery (structured
 * as logged, and binary as Eventarc sends it); for each real notification captured from a push
 * (2018), the source's CloudEvent decodes as the push does, with JSON_API_V1 and with payload NONE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CanonicalEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import type { PubSubMessage } from '../../src/events/pubsub-message';
import { routeMessage } from '../../src/source/route-message';
import { EVENTS_DIR } from './shared-fixtures';

const FINALIZED = 'google.cloud.storage.object.v1.finalized';

type Json = Record<string, unknown>;

function fixture(file: string): Json {
  return JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, file), 'utf8')) as Json;
}

function decoded(message: Message): CanonicalEvent {
  const { events } = decodeDelivery(message);
  expect(events).toHaveLength(1);
  return events[0]!.event;
}

/** What the source sends for `message`, with the bucket its attributes name. */
function sourceRequest(message: PubSubMessage): Message {
  const route = routeMessage(message, {
    bucket: message.attributes.bucketId ?? '',
    extensions: {},
  });
  if (route.kind !== 'send') throw new Error(`not sent: ${route.reason}`);
  return route.request;
}

/**
 * The notification Cloud Storage publishes for an Eventarc storage event's object: the object
 * resource as data, the attributes of https://cloud.google.com/storage/docs/pubsub-notifications,
 * the Eventarc id as the message id (docs/delivery-formats.md: the id is the message id).
 */
function notificationOf(event: Json, payloadFormat: 'JSON_API_V1' | 'NONE'): PubSubMessage {
  const data = event.data as Json;
  return {
    messageId: String(event.id),
    publishTime: undefined,
    attributes: {
      notificationConfig: `projects/_/buckets/${String(data.bucket)}/notificationConfigs/1`,
      eventType: 'OBJECT_FINALIZE',
      payloadFormat,
      bucketId: String(data.bucket),
      objectId: String(data.name),
      objectGeneration: String(data.generation),
      eventTime: String(event.time),
    },
    data:
      payloadFormat === 'NONE'
        ? undefined
        : Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'),
  };
}

/**
 * Eventarc's binary-mode delivery of a storage event.
 *
 * @see https://cloud.google.com/eventarc/docs/event-format
 */
function eventarcBinary(event: Json): Message {
  return toMessage(
    {
      'Content-Type': 'application/json; charset=utf-8',
      'ce-specversion': '1.0',
      'ce-id': String(event.id),
      'ce-source': String(event.source),
      'ce-type': String(event.type),
      'ce-subject': String(event.subject),
      'ce-time': String(event.time),
      'ce-bucket': String((event.data as Json).bucket),
    },
    JSON.stringify(event.data),
  );
}

function eventarcStructured(event: Json): Message {
  return toMessage({ 'Content-Type': 'application/cloudevents+json' }, JSON.stringify(event));
}

/** The binary-mode body fixture (data only), as a whole event with Eventarc's attributes. */
function fromBinaryData(file: string): Json {
  const data = fixture(file);
  return {
    specversion: '1.0',
    id: '1588778055917163',
    source: `//storage.googleapis.com/projects/_/buckets/${String(data.bucket)}`,
    type: FINALIZED,
    subject: `objects/${String(data.name)}`,
    time: String(data.timeCreated),
    datacontenttype: 'application/json',
    data,
  };
}

const EVENTARC_EVENTS: readonly (readonly [string, Json])[] = [
  [
    'eventarc.2022-10 finalized (Eventarc → GKE, as logged)',
    fixture(
      'eventarc.2022-10.ce-1.0.storage.google.cloud.storage.object.v1.finalized.structured-as-logged.json',
    ),
  ],
  [
    'google-cloudevents StorageObjectDataWorkflows (numeric int64 fields)',
    fixture('eventarc-storage.structured-workflows.google-cloudevents.json'),
  ],
  [
    'google-cloudevents binary StorageObjectData-complex',
    fromBinaryData('eventarc-storage.binary-mode.data.google-cloudevents.complex.json'),
  ],
];

describe.each(EVENTARC_EVENTS)('%s', (_title, event) => {
  test('JSON_API_V1: the source sends what Eventarc delivers, in the canonical form', () => {
    const fromSource = decoded(sourceRequest(notificationOf(event, 'JSON_API_V1')));
    expect(fromSource).toEqual(decoded(eventarcBinary(event)));
    expect(fromSource).toEqual(decoded(eventarcStructured(event)));
    expect(fromSource).toMatchObject({ id: event.id, type: FINALIZED, subject: event.subject });
  });

  test("payload NONE: Eventarc's attributes, the object named by bucket, name and generation", () => {
    const fromSource = decoded(sourceRequest(notificationOf(event, 'NONE')));
    const { data: eventarcData, ...eventarcAttributes } = decoded(eventarcBinary(event));
    const object = eventarcData as Json;
    expect(fromSource).toEqual({
      ...eventarcAttributes,
      data: { bucket: object.bucket, name: object.name, generation: object.generation },
    });
  });
});

const PUSHED_NOTIFICATIONS = [
  'pubsub-push-wrapped.gcs-notification.OBJECT_METADATA_UPDATE.restored-jpeg.rise-vision-2018.json',
  'pubsub-push-wrapped.gcs-notification.OBJECT_METADATA_UPDATE.trashed-test1.rise-vision-2018.json',
];

describe.each(PUSHED_NOTIFICATIONS)('the real notification in %s', (file) => {
  const body = fixture(file);
  const pushed = body.message as Json;
  const message: PubSubMessage = {
    messageId: String(pushed.messageId),
    publishTime: String(pushed.publishTime),
    attributes: pushed.attributes as Record<string, string>,
    data: Buffer.from(String(pushed.data), 'base64'),
  };

  test('JSON_API_V1: the source and the push decode to the same canonical event', () => {
    const push = toMessage({ 'Content-Type': 'application/json' }, JSON.stringify(body));
    const fromSource = decoded(sourceRequest(message));
    expect(fromSource).toEqual(decoded(push));
    expect(fromSource.type).toBe('google.cloud.storage.object.v1.metadataUpdated');
  });

  test('payload NONE: the source and the push decode to the same canonical event', () => {
    const none: PubSubMessage = {
      ...message,
      data: undefined,
      attributes: { ...message.attributes, payloadFormat: 'NONE' },
    };
    const withoutData = Object.fromEntries(
      Object.entries(pushed).filter(([key]) => key !== 'data'),
    );
    const push = toMessage(
      { 'Content-Type': 'application/json' },
      JSON.stringify({ ...body, message: { ...withoutData, attributes: none.attributes } }),
    );
    expect(decoded(sourceRequest(none))).toEqual(decoded(push));
  });
});
