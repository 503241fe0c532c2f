/**
 * encodeDelivery writes each encoding exactly as its producer sends it (docs/delivery-formats.md
 * links each producer's documentation): the whole header set and the whole body, for the cat photo
 * and for an awkward object name.
 */
import { storageEvent, type StorageEvent } from '../../src/events/canonical-event';
import { encodeCloudEventBatch, encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { EncodeOptions } from '../../src/events/encode/encode-options';
import {
  ENCODING_IDS,
  ENCODINGS,
  encodingOf,
  type EncodingId,
} from '../../src/events/encode/encodings';
import { CAT_EVENT, CAT_OBJECT, prettyJson } from '../support/decode-fixtures';

const BUCKET = 'dualrun-demo-photos';
const ID = '8123456789012345';
const TIME = '2026-11-20T10:00:00.123456Z';
const SOURCE = `//storage.googleapis.com/projects/_/buckets/${BUCKET}`;
const NOTIFICATION_CONFIG = `projects/_/buckets/${BUCKET}/notificationConfigs/1`;
const SUBSCRIPTION = 'projects/my-project/subscriptions/dualrun-push';
const KNATIVE_GCP_SCHEMA =
  'https://raw.githubusercontent.com/google/knative-gcp/master/schemas/storage/schema.json';

const CAT_ATTRIBUTES = {
  objectGeneration: '1763632800123456',
  eventTime: TIME,
  eventType: 'OBJECT_FINALIZE',
  payloadFormat: 'JSON_API_V1',
  notificationConfig: NOTIFICATION_CONFIG,
  bucketId: BUCKET,
  objectId: 'photos/cat.jpg',
};
const CAT_DATA_BASE64 = Buffer.from(prettyJson(CAT_OBJECT), 'utf8').toString('base64');
const CAT_STRUCTURED = {
  specversion: '1.0',
  id: ID,
  source: SOURCE,
  type: 'google.cloud.storage.object.v1.finalized',
  subject: 'objects/photos/cat.jpg',
  time: TIME,
  datacontenttype: 'application/json',
  bucket: BUCKET,
  data: CAT_OBJECT,
};

interface WireCase {
  readonly encoding: EncodingId;
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, or the body text when it is not JSON. */
  readonly body: unknown;
}

const CAT_WIRE: readonly WireCase[] = [
  {
    encoding: 'pubsub-push',
    headers: { 'content-type': 'application/json', 'user-agent': 'CloudPubSub-Google' },
    body: {
      message: {
        attributes: CAT_ATTRIBUTES,
        data: CAT_DATA_BASE64,
        messageId: ID,
        message_id: ID,
        publishTime: TIME,
        publish_time: TIME,
      },
      subscription: SUBSCRIPTION,
    },
  },
  {
    encoding: 'pubsub-push-payload-none',
    headers: { 'content-type': 'application/json', 'user-agent': 'CloudPubSub-Google' },
    body: {
      message: {
        attributes: { ...CAT_ATTRIBUTES, payloadFormat: 'NONE' },
        messageId: ID,
        message_id: ID,
        publishTime: TIME,
        publish_time: TIME,
      },
      subscription: SUBSCRIPTION,
    },
  },
  {
    encoding: 'pubsub-push-unwrapped',
    headers: {
      'user-agent': 'CloudPubSub-Google',
      'x-goog-pubsub-subscription-name': SUBSCRIPTION,
      'x-goog-pubsub-message-id': ID,
      'x-goog-pubsub-publish-time': TIME,
      objectgeneration: '1763632800123456',
      eventtime: TIME,
      eventtype: 'OBJECT_FINALIZE',
      payloadformat: 'JSON_API_V1',
      notificationconfig: NOTIFICATION_CONFIG,
      bucketid: BUCKET,
      objectid: 'photos/cat.jpg',
    },
    body: prettyJson(CAT_OBJECT),
  },
  {
    encoding: 'cloudevent-binary',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'ce-specversion': '1.0',
      'ce-id': ID,
      'ce-source': SOURCE,
      'ce-type': 'google.cloud.storage.object.v1.finalized',
      'ce-subject': 'objects/photos/cat.jpg',
      'ce-time': TIME,
      'ce-bucket': BUCKET,
    },
    body: JSON.stringify(CAT_OBJECT),
  },
  {
    encoding: 'cloudevent-binary-knative-gcp-2020',
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': ID,
      'ce-source': `//storage.googleapis.com/buckets/${BUCKET}`,
      'ce-type': 'com.google.cloud.storage.object.finalize',
      'ce-subject': 'photos/cat.jpg',
      'ce-time': TIME,
      'ce-dataschema': KNATIVE_GCP_SCHEMA,
      'ce-notificationconfig': NOTIFICATION_CONFIG,
      'ce-objectgeneration': '1763632800123456',
      'ce-payloadformat': 'JSON_API_V1',
    },
    body: JSON.stringify(CAT_OBJECT),
  },
  {
    encoding: 'cloudevent-binary-v03-2019',
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '0.3',
      'ce-id': ID,
      'ce-source': `//storage.googleapis.com/buckets/${BUCKET}`,
      'ce-type': 'google.storage.object.finalize',
      'ce-subject': 'photos/cat.jpg',
      'ce-time': TIME,
      'ce-schemaurl': KNATIVE_GCP_SCHEMA,
      'ce-notificationconfig': NOTIFICATION_CONFIG,
      'ce-objectgeneration': '1763632800123456',
      'ce-payloadformat': 'JSON_API_V1',
    },
    body: JSON.stringify(CAT_OBJECT),
  },
  {
    encoding: 'cloudevent-message-published',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'ce-specversion': '1.0',
      'ce-id': ID,
      'ce-source': '//pubsub.googleapis.com/projects/my-project/topics/gcs-notifications',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-time': TIME,
    },
    body: {
      message: {
        attributes: CAT_ATTRIBUTES,
        data: CAT_DATA_BASE64,
        messageId: ID,
        publishTime: TIME,
      },
      subscription: SUBSCRIPTION,
    },
  },
  {
    encoding: 'cloudevent-structured',
    headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    body: CAT_STRUCTURED,
  },
  {
    encoding: 'cloudevent-batch',
    headers: { 'content-type': 'application/cloudevents-batch+json; charset=utf-8' },
    body: [CAT_STRUCTURED],
  },
  {
    encoding: 'gcf-legacy',
    headers: { 'content-type': 'application/json' },
    body: {
      context: {
        eventId: ID,
        timestamp: TIME,
        eventType: 'google.storage.object.finalize',
        resource: {
          service: 'storage.googleapis.com',
          name: `projects/_/buckets/${BUCKET}/objects/photos/cat.jpg`,
          type: 'storage#object',
        },
      },
      data: CAT_OBJECT,
    },
  },
  {
    encoding: 'gcf-legacy-flat',
    headers: { 'content-type': 'application/json' },
    body: {
      eventId: ID,
      timestamp: TIME,
      eventType: 'providers/cloud.storage/eventTypes/object.change',
      resource: `projects/_/buckets/${BUCKET}/objects/photos/cat.jpg#1763632800123456`,
      data: { ...CAT_OBJECT, resourceState: 'exists' },
    },
  },
];

function bodyOf(body: Buffer, expected: unknown): unknown {
  const text = body.toString('utf8');
  return typeof expected === 'string' ? text : (JSON.parse(text) as unknown);
}

describe('encodeDelivery: the cat photo in every encoding', () => {
  test.each(CAT_WIRE.map((c) => [c.encoding, c] as const))('%s', (encoding, c) => {
    const message = encodeDelivery(CAT_EVENT, encoding);
    expect(message.headers).toEqual(c.headers);
    expect(bodyOf(message.body, c.body)).toEqual(c.body);
  });

  test('the wire cases cover every encoding', () => {
    expect(CAT_WIRE.map((c) => c.encoding)).toEqual(ENCODING_IDS);
  });
});

describe('encodeDelivery: details of the producers', () => {
  test('Pub/Sub data is the pretty-printed object JSON with a trailing newline, in standard base64', () => {
    const body = JSON.parse(encodeDelivery(CAT_EVENT, 'pubsub-push').body.toString('utf8')) as {
      message: { data: string };
    };
    expect(Buffer.from(body.message.data, 'base64').toString('utf8')).toBe(
      `${JSON.stringify(CAT_OBJECT, null, 2)}\n`,
    );
  });

  test('ce-* header values are percent-encoded once: space, quote, percent and non-ASCII', () => {
    const event = storageEvent({
      type: 'google.cloud.storage.object.v1.finalized',
      object: { bucket: BUCKET, name: 'a b/"c" 100%25 é 猫.jpg' },
      id: '1',
      time: undefined,
    });
    const headers = encodeDelivery(event, 'cloudevent-binary').headers;
    expect(headers['ce-subject']).toBe('objects/a%20b/%22c%22%20100%2525%20%C3%A9%20%E7%8C%AB.jpg');
    expect(headers['ce-time']).toBeUndefined();
  });

  test('an event without time gives no eventTime, publishTime or timestamp anywhere', () => {
    const event: StorageEvent = storageEvent({
      type: 'google.cloud.storage.object.v1.deleted',
      object: { bucket: BUCKET, name: 'gone.txt' },
      id: '5',
      time: undefined,
    });
    expect(JSON.parse(encodeDelivery(event, 'pubsub-push').body.toString('utf8'))).toEqual({
      message: {
        attributes: {
          eventType: 'OBJECT_DELETE',
          payloadFormat: 'JSON_API_V1',
          notificationConfig: NOTIFICATION_CONFIG,
          bucketId: BUCKET,
          objectId: 'gone.txt',
        },
        data: Buffer.from(prettyJson({ bucket: BUCKET, name: 'gone.txt' })).toString('base64'),
        messageId: '5',
        message_id: '5',
      },
      subscription: SUBSCRIPTION,
    });
    expect(JSON.parse(encodeDelivery(event, 'gcf-legacy-flat').body.toString('utf8'))).toEqual({
      eventId: '5',
      eventType: 'providers/cloud.storage/eventTypes/object.change',
      resource: `projects/_/buckets/${BUCKET}/objects/gone.txt`,
      data: { bucket: BUCKET, name: 'gone.txt', resourceState: 'not_exists' },
    });
  });

  const OPTIONS: EncodeOptions = {
    project: 'acme-prod',
    subscription: 'labeler',
    topic: 'uploads',
    notificationConfigId: '7',
    messageId: '555',
    publishTime: '2026-11-20T10:00:01.5Z',
  };

  test('options name the project, subscription, topic, notification config, message id and publish time', () => {
    const message = encodeDelivery(CAT_EVENT, 'cloudevent-message-published', OPTIONS);
    expect(message.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'ce-specversion': '1.0',
      'ce-id': '555',
      'ce-source': '//pubsub.googleapis.com/projects/acme-prod/topics/uploads',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-time': '2026-11-20T10:00:01.5Z',
    });
    expect(JSON.parse(message.body.toString('utf8'))).toEqual({
      message: {
        attributes: {
          ...CAT_ATTRIBUTES,
          notificationConfig: `projects/_/buckets/${BUCKET}/notificationConfigs/7`,
        },
        data: CAT_DATA_BASE64,
        messageId: '555',
        publishTime: '2026-11-20T10:00:01.5Z',
      },
      subscription: 'projects/acme-prod/subscriptions/labeler',
    });
  });

  test('the unwrapped push takes the same options as headers', () => {
    expect(encodeDelivery(CAT_EVENT, 'pubsub-push-unwrapped', OPTIONS).headers).toMatchObject({
      'x-goog-pubsub-subscription-name': 'projects/acme-prod/subscriptions/labeler',
      'x-goog-pubsub-message-id': '555',
      'x-goog-pubsub-publish-time': '2026-11-20T10:00:01.5Z',
      notificationconfig: `projects/_/buckets/${BUCKET}/notificationConfigs/7`,
    });
  });

  test('a batch holds several events in order; an empty list is an empty batch', () => {
    const other = { ...CAT_EVENT, id: '2' };
    expect(JSON.parse(encodeCloudEventBatch([CAT_EVENT, other]).body.toString('utf8'))).toEqual([
      CAT_STRUCTURED,
      { ...CAT_STRUCTURED, id: '2' },
    ]);
    expect(encodeCloudEventBatch([]).body.toString('utf8')).toBe('[]');
  });

  test('an unknown encoding id is a RangeError', () => {
    expect(() => encodeDelivery(CAT_EVENT, 'carrier-pigeon' as EncodingId)).toThrow(RangeError);
  });
});

describe('ENCODINGS', () => {
  test('ids are unique and encodingOf finds each row', () => {
    expect(new Set(ENCODING_IDS).size).toBe(ENCODINGS.length);
    expect(ENCODING_IDS.map((id) => encodingOf(id))).toEqual(ENCODINGS);
  });

  test('only the lossy encodings state a reduction', () => {
    expect(
      ENCODINGS.filter((encoding) => 'reduction' in encoding).map((encoding) => encoding.id),
    ).toEqual(['pubsub-push-payload-none', 'gcf-legacy-flat']);
  });
});
