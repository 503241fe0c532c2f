/**
 * Interoperability with the cloudevents JavaScript SDK (10.x), used here as an independent producer
 * and parser: what it emits decodes with our decoder; what we emit it reads back. The last block
 * pins the SDK behaviours that keep it out of src/ (so a future SDK that changes them is noticed).
 */
import { CloudEvent, HTTP, type Message as SdkMessage } from 'cloudevents';
import { storageEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  CAT_BUCKET,
  CAT_EVENT,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  expectedStorageEvent,
  gcsAttributes,
  prettyJson,
} from '../support/decode-fixtures';

const FINALIZED = 'google.cloud.storage.object.v1.finalized';
const MICROSECONDS = '2026-11-20T10:00:00.123456Z';
/** What the SDK makes of {@link MICROSECONDS}: `new Date(time).toISOString()`. */
const MILLISECONDS = '2026-11-20T10:00:00.123Z';

/** An SDK message as our decoder takes it (the SDK's bodies are strings; none without data). */
function fromSdk(message: SdkMessage): Message {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  const body = message.body ?? '';
  if (typeof body !== 'string') throw new Error('the SDK gave a body that is no string');
  return toMessage(headers, body);
}

/** Our message as the SDK takes it: string headers and the body as UTF-8 text. */
function toSdk(message: Message): SdkMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return { headers, body: message.body.toString('utf8') };
}

function sdkEvent(message: Message) {
  const event = HTTP.toEvent(toSdk(message));
  if (Array.isArray(event)) throw new Error('the SDK read a batch');
  return event;
}

const CAT_SDK_EVENT = new CloudEvent({
  id: CAT_ID,
  source: `//storage.googleapis.com/projects/_/buckets/${CAT_BUCKET}`,
  type: FINALIZED,
  subject: `objects/${CAT_NAME}`,
  time: MICROSECONDS,
  datacontenttype: 'application/json',
  bucket: CAT_BUCKET,
  data: CAT_OBJECT,
});

/** The cat event as it arrives through the SDK: its time cut to milliseconds. */
const CAT_VIA_SDK = expectedStorageEvent(FINALIZED, CAT_OBJECT, CAT_ID, MILLISECONDS);

describe('messages the SDK produces decode to the canonical event', () => {
  test.each([
    ['HTTP.binary of an Eventarc-style event', HTTP.binary(CAT_SDK_EVENT), 'cloudevent-binary'],
    [
      'HTTP.structured of an Eventarc-style event',
      HTTP.structured(CAT_SDK_EVENT),
      'cloudevent-structured',
    ],
    [
      'HTTP.binary of a knative-gcp 2019 CloudEvent 0.3',
      HTTP.binary(
        new CloudEvent({
          specversion: '0.3',
          id: CAT_ID,
          source: `//storage.googleapis.com/buckets/${CAT_BUCKET}`,
          type: 'google.storage.object.finalize',
          subject: CAT_NAME,
          time: MICROSECONDS,
          datacontenttype: 'application/json',
          data: CAT_OBJECT,
        }),
      ),
      'cloudevent-binary',
    ],
    [
      'HTTP.binary of a messagePublished event wrapping the notification',
      HTTP.binary(
        new CloudEvent({
          id: CAT_ID,
          source: '//pubsub.googleapis.com/projects/demo/topics/gcs-notifications',
          type: 'google.cloud.pubsub.topic.v1.messagePublished',
          time: MICROSECONDS,
          datacontenttype: 'application/json',
          data: {
            message: {
              attributes: {
                ...gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
                eventTime: MILLISECONDS,
              },
              data: Buffer.from(prettyJson(CAT_OBJECT)).toString('base64'),
              messageId: CAT_ID,
            },
            subscription: 'projects/demo/subscriptions/eventarc-sub',
          },
        }),
      ),
      'cloudevent-binary',
    ],
  ] as const)('%s', (_name, sdkMessage, format) => {
    const decoded = decodeDelivery(fromSdk(sdkMessage));
    expect(decoded.format).toBe(format);
    expect(decoded.events.map((e) => e.event)).toEqual([CAT_VIA_SDK]);
  });

  test('HTTP.binary of a name with a space: the SDK sends it raw, and it decodes as it is', () => {
    const name = 'Fotos 2026/cat.jpg';
    const message = HTTP.binary(
      new CloudEvent({
        id: CAT_ID,
        source: `//storage.googleapis.com/projects/_/buckets/${CAT_BUCKET}`,
        type: FINALIZED,
        subject: `objects/${name}`,
        time: MILLISECONDS,
      }),
    );
    expect(decodeDelivery(fromSdk(message)).events.map((e) => e.event)).toEqual([
      expectedStorageEvent(FINALIZED, { bucket: CAT_BUCKET, name }, CAT_ID, MILLISECONDS),
    ]);
  });
});

describe('the SDK reads what we encode', () => {
  test.each(['cloudevent-binary', 'cloudevent-structured'] as const)(
    '%s: HTTP.toEvent gives the same id, source, type, subject and data',
    (encoding) => {
      const event = sdkEvent(encodeDelivery(CAT_EVENT, encoding));
      expect({
        specversion: event.specversion,
        id: event.id,
        source: event.source,
        type: event.type,
        subject: event.subject,
        data: event.data,
      }).toEqual({
        specversion: '1.0',
        id: CAT_EVENT.id,
        source: CAT_EVENT.source,
        type: CAT_EVENT.type,
        subject: CAT_EVENT.subject,
        data: CAT_OBJECT,
      });
    },
  );

  test('cloudevent-binary-v03-2019: HTTP.toEvent reads a 0.3 event with the 2019 type and source', () => {
    const event = sdkEvent(encodeDelivery(CAT_EVENT, 'cloudevent-binary-v03-2019'));
    expect([event.specversion, event.id, event.source, event.type, event.subject]).toEqual([
      '0.3',
      CAT_ID,
      `//storage.googleapis.com/buckets/${CAT_BUCKET}`,
      'google.storage.object.finalize',
      CAT_NAME,
    ]);
  });
});

describe('why src/ does not use the SDK (10.x behaviours, pinned)', () => {
  test('it cuts time to milliseconds when it emits, in both modes', () => {
    expect(HTTP.binary(CAT_SDK_EVENT).headers['ce-time']).toBe(MILLISECONDS);
    expect(JSON.parse(String(HTTP.structured(CAT_SDK_EVENT).body))).toMatchObject({
      time: MILLISECONDS,
    });
  });

  test('it cuts time to milliseconds when it reads', () => {
    expect(sdkEvent(encodeDelivery(CAT_EVENT, 'cloudevent-binary')).time).toBe(MILLISECONDS);
  });

  test('it does not percent-encode header values it emits', () => {
    const event = new CloudEvent({
      id: '1',
      source: '//example.com',
      type: 'example',
      subject: 'objects/a b "c" 100%',
    });
    expect(HTTP.binary(event).headers['ce-subject']).toBe('objects/a b "c" 100%');
  });

  test('it does not percent-decode header values it reads', () => {
    const event = storageEvent({
      type: FINALIZED,
      object: { bucket: CAT_BUCKET, name: 'a b.jpg' },
      id: '1',
      time: undefined,
    });
    expect(sdkEvent(encodeDelivery(event, 'cloudevent-binary')).subject).toBe('objects/a%20b.jpg');
  });

  test('it rejects the structured Content-Type with charset=UTF-8 (our decoder accepts it)', () => {
    const message = encodeDelivery(CAT_EVENT, 'cloudevent-structured');
    const upperCase = {
      ...message,
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    };
    expect(() => HTTP.toEvent(toSdk(upperCase))).toThrow('invalid content type');
    expect(decodeDelivery(upperCase).events.map((e) => e.event)).toEqual([CAT_EVENT]);
  });
});
