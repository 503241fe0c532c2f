/**
 * The envelopes of `fixtures/events` (SOURCES.md) and how each becomes HTTP deliveries. A
 * CloudEvent (logged, JSON, or built around a bare payload) is sent in both content modes.
 */
import type { Message } from '../../src/events/message';
import { toMessage } from '../../src/events/message';
import {
  cloudEventRequest,
  jsonRequest,
  type CloudEventFixture,
  type ContentMode,
  type FixtureData,
} from './cloudevent-requests';
import { cloudEventOfJson, cloudEventOfLog } from './cloudevent-fixtures';
import { int64Text, isObject, optionalText, requiredText } from './json-access';

/** The envelopes, as SOURCES.md names them. */
export type Envelope =
  | 'http-request'
  | 'cloudevent-json'
  | 'logged-cloudevent'
  | 'message-published-data'
  | 'storage-object'
  | 'go-pubsub-message'
  | 'gcf-legacy'
  | 'pubsub-push-body';

/** How a delivery was sent: as the fixture gives it, or built in one mode from its event. */
export type DeliveryMode = 'as-sent' | ContentMode | 'pubsub-push';

/** What a fixture states about its event, whatever its envelope. */
export interface FixtureEvent {
  /** The CloudEvent type, the legacy eventType, or messagePublished for a Pub/Sub push body. */
  readonly type: string;
  /** The CloudEvent id, the legacy eventId, or the push message's messageId. */
  readonly id: string;
  readonly source: string | undefined;
  readonly subject: string | undefined;
  /** The CloudEvent time, the legacy timestamp, or the push message's publishTime. */
  readonly time: string | undefined;
  /** The data (a push body, MessagePublishedData, a PubsubMessage or an object resource...). */
  readonly data: FixtureData;
}

/** One delivery built from a fixture. */
export interface BuiltDelivery {
  readonly mode: DeliveryMode;
  readonly message: Message;
  readonly event: FixtureEvent;
}

/** A fixture file: its parsed value (without `_note`) and its exact text. */
export interface FixtureFile {
  readonly value: unknown;
  readonly text: string;
}

/** Ids, names and times given to the envelopes built around bare payloads (not in the fixtures). */
export const SYNTHETIC = {
  pubSubMessageId: '4000000000000001',
  cloudEventId: 'conformance-event-1',
  publishTime: '2020-06-30T16:26:13.000Z',
  subscription: 'projects/conformance-project/subscriptions/conformance-subscription',
  topicSource: '//pubsub.googleapis.com/projects/conformance-project/topics/conformance-topic',
  /** eventing-contrib (2018-2019) named the topic without the `projects/` segment. */
  goStructTopicSource: '//pubsub.googleapis.com/conformance-project/topics/conformance-topic',
} as const;

export const MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

/** The deliveries of each envelope. */
export const ENVELOPES: Readonly<Record<Envelope, (fixture: FixtureFile) => BuiltDelivery[]>> = {
  'http-request': fromHttpRequest,
  'cloudevent-json': ({ value }) => bothModes(cloudEventOfJson(isObject(value) ? value : {})),
  'logged-cloudevent': ({ value }) => bothModes(cloudEventOfLog(isObject(value) ? value : {})),
  'message-published-data': fromMessagePublishedData,
  'storage-object': fromStorageObject,
  'go-pubsub-message': fromGoPubSubMessage,
  'gcf-legacy': fromLegacyEvent,
  'pubsub-push-body': ({ value }) => [
    { mode: 'as-sent', message: jsonRequest(value), event: eventOfPushBody(value) },
  ],
};

/** A CloudEvent fixture sent in binary and in structured mode. */
export function bothModes(event: CloudEventFixture): BuiltDelivery[] {
  return (['binary', 'structured'] as const).map((mode) => ({
    mode,
    message: cloudEventRequest(mode, event),
    event: eventOfCloudEvent(event),
  }));
}

function eventOfCloudEvent({ attributes, data }: CloudEventFixture): FixtureEvent {
  return {
    type: requiredText(attributes, 'type'),
    id: requiredText(attributes, 'id'),
    source: attributes.source,
    subject: attributes.subject,
    time: attributes.time,
    data,
  };
}

function fromHttpRequest({ value }: FixtureFile): BuiltDelivery[] {
  const request = isObject(value) ? value : {};
  const headers = isObject(request.headers) ? request.headers : {};
  const message = toMessage(
    Object.fromEntries(Object.entries(headers).map(([name, v]) => [name, String(v)])),
    typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
  );
  const lower = message.headers as Record<string, string>;
  const event = lower['content-type']?.startsWith('application/cloudevents+')
    ? cloudEventOfJson(isObject(request.body) ? request.body : {})
    : {
        attributes: Object.fromEntries(
          Object.entries(lower)
            .filter(([name]) => name.startsWith('ce-'))
            .map(([name, v]) => [name.slice('ce-'.length), v]),
        ),
        data: { kind: 'json', value: request.body } as const,
      };
  return [{ mode: 'as-sent', message, event: eventOfCloudEvent(event) }];
}

/** Bare MessagePublishedData: the body of an Eventarc binary-mode messagePublished event. */
function fromMessagePublishedData({ value, text }: FixtureFile): BuiltDelivery[] {
  const message = isObject(value) && isObject(value.message) ? value.message : {};
  const publishTime = optionalText(message, 'publishTime') ?? optionalText(message, 'publish_time');
  return bothModes({
    attributes: {
      specversion: '1.0',
      type: MESSAGE_PUBLISHED,
      source: SYNTHETIC.topicSource,
      id: optionalText(message, 'messageId') ?? requiredText(message, 'message_id'),
      ...(publishTime === undefined ? {} : { time: publishTime }),
      datacontenttype: 'application/json',
    },
    data: { kind: 'json', value, text },
  });
}

/**
 * A bare object resource, sent the two ways a finalize notification carries one: a Pub/Sub push
 * of a JSON_API_V1 notification (the file's bytes, base64) and an Eventarc finalized CloudEvent.
 */
function fromStorageObject({ value, text }: FixtureFile): BuiltDelivery[] {
  const object = isObject(value) ? value : {};
  const bucket = requiredText(object, 'bucket');
  const name = requiredText(object, 'name');
  const generation = int64Text(object.generation, 'generation');
  const eventTime = optionalText(object, 'updated') ?? optionalText(object, 'timeCreated');
  const pushBody = {
    message: {
      attributes: {
        bucketId: bucket,
        objectId: name,
        ...(generation === undefined ? {} : { objectGeneration: generation }),
        eventType: 'OBJECT_FINALIZE',
        payloadFormat: 'JSON_API_V1',
        notificationConfig: `projects/_/buckets/${bucket}/notificationConfigs/1`,
        ...(eventTime === undefined ? {} : { eventTime }),
      },
      data: Buffer.from(text, 'utf8').toString('base64'),
      messageId: SYNTHETIC.pubSubMessageId,
      publishTime: SYNTHETIC.publishTime,
    },
    subscription: SYNTHETIC.subscription,
  };
  return [
    { mode: 'pubsub-push', message: jsonRequest(pushBody), event: eventOfPushBody(pushBody) },
    ...bothModes({
      attributes: {
        specversion: '1.0',
        type: 'google.cloud.storage.object.v1.finalized',
        source: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
        subject: `objects/${name}`,
        id: SYNTHETIC.cloudEventId,
        ...(eventTime === undefined ? {} : { time: eventTime }),
        datacontenttype: 'application/json',
        bucket,
      },
      data: { kind: 'json', value, text },
    }),
  ];
}

/** knative eventing-contrib GcpPubSubSource (2018-2019): CE 0.2, the Go pubsub.Message as JSON. */
function fromGoPubSubMessage({ value, text }: FixtureFile): BuiltDelivery[] {
  const struct = isObject(value) ? value : {};
  const publishTime = optionalText(struct, 'PublishTime');
  return bothModes({
    attributes: {
      specversion: '0.2',
      type: 'google.pubsub.topic.publish',
      source: SYNTHETIC.goStructTopicSource,
      id: requiredText(struct, 'ID'),
      ...(publishTime === undefined ? {} : { time: publishTime }),
      contenttype: 'application/json',
    },
    data: { kind: 'json', value, text },
  });
}

/** A legacy Cloud Functions event, POSTed as JSON (context form or flat form). */
function fromLegacyEvent({ value }: FixtureFile): BuiltDelivery[] {
  const body = isObject(value) ? value : {};
  const context = isObject(body.context) ? body.context : body;
  const event: FixtureEvent = {
    type: requiredText(context, 'eventType'),
    id: requiredText(context, 'eventId'),
    source: undefined,
    subject: undefined,
    time: optionalText(context, 'timestamp'),
    data: { kind: 'json', value: body.data },
  };
  return [{ mode: 'as-sent', message: jsonRequest(body), event }];
}

/** A wrapped push body states a published message: its messageId and publishTime. */
function eventOfPushBody(body: unknown): FixtureEvent {
  const message = isObject(body) && isObject(body.message) ? body.message : {};
  return {
    type: MESSAGE_PUBLISHED,
    id: optionalText(message, 'messageId') ?? requiredText(message, 'message_id'),
    source: undefined,
    subject: undefined,
    time: optionalText(message, 'publishTime') ?? optionalText(message, 'publish_time'),
    data: { kind: 'json', value: body },
  };
}
