import { DecodeError } from '../errors';
import { decodeBase64 } from './base64';
import { storageEvent, type CanonicalEvent, type StorageObjectData } from './canonical-event';
import { aliasOf, MESSAGE_PUBLISHED_TYPE } from './event-types';
import {
  describePointer,
  isJsonObject,
  memberPointer,
  optionalString,
  optionalStringOrInteger,
  parseJson,
  requireStringOrInteger,
  unwrapJsonString,
  type JsonObject,
} from './json';
import { requireInt64, toStorageObjectData } from './storage-object';
import { decodeText } from './text';
import { requireTimestamp } from './timestamp';

/**
 * One Pub/Sub message as every transport carries it, after the transport's own encoding is undone
 * (google.pubsub.v1.PubsubMessage).
 *
 * @see https://cloud.google.com/pubsub/docs/reference/rest/v1/PubsubMessage
 */
export interface PubSubMessage {
  /** Attribute values by their Pub/Sub names (`bucketId`, `eventType`, ...). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The message bytes; `undefined` when the message has none (payloadFormat `NONE`). */
  readonly data: Buffer | undefined;
  /** Absent only where a transport drops it (legacy conversions give it from the context). */
  readonly messageId: string | undefined;
  /** RFC 3339; not set by the Pub/Sub emulator. */
  readonly publishTime: string | undefined;
  /** Only when the publisher set an ordering key. */
  readonly orderingKey?: string | undefined;
}

/**
 * Where each part of a message was read from, as the sender sent it, for error messages: a JSON
 * pointer into the body, `/` where the body is the data, or a header (`header bucketid`).
 */
export interface PubSubPointers {
  /** `/message/messageId`; `header x-goog-pubsub-message-id` (push without wrapper). */
  readonly messageId: string;
  /** `/message/data`; `/` where the body is the message data (push without wrapper). */
  readonly data: string;
  /**
   * Where an attribute is read from, by its Pub/Sub name (`bucketId`):
   * `/message/attributes/bucketId`; `header bucketid` (push without wrapper); `header ce-bucketid`
   * (knative-gcp PullSubscription events, attributes as extensions).
   */
  readonly attribute: (name: string) => string;
}

/**
 * The pointers of a PubsubMessage JSON object at `pointer`, in the spelling it uses (the
 * eventing-contrib Go struct names its members `ID`, `Data`, `Attributes`).
 */
export function jsonMessagePointers(object: JsonObject, pointer: string): PubSubPointers {
  const goStruct = isGoStruct(object);
  return {
    messageId: `${pointer}/${goStruct ? 'ID' : 'messageId'}`,
    data: `${pointer}/${goStruct ? 'Data' : 'data'}`,
    attribute: (name) => `${pointer}/${goStruct ? 'Attributes' : 'attributes'}/${name}`,
  };
}

/** What the transport around a message says: ids and names the message itself lacks. */
export interface PubSubContext {
  /** Where each part of the message was read from, for error messages. */
  readonly pointers: PubSubPointers;
  /** The CloudEvent or legacy event id, used when the message has no messageId. */
  readonly fallbackId?: string | undefined;
  /** The CloudEvent time, preferred to publishTime when the notification has no eventTime. */
  readonly time?: string | undefined;
  /** `//pubsub.googleapis.com/projects/P/topics/T` when the transport names the topic. */
  readonly topicSource?: string | undefined;
  /** The subscription name, as the transport gives it. */
  readonly subscription?: string | undefined;
}

/**
 * Cloud Storage notification attribute names by their lower-case form: HTTP headers (push without
 * wrapper) and CloudEvent extensions (knative-gcp PullSubscription) arrive lower-cased.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#attributes
 */
export const NOTIFICATION_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    [
      'bucketId',
      'objectId',
      'objectGeneration',
      'eventType',
      'eventTime',
      'payloadFormat',
      'notificationConfig',
      'overwroteGeneration',
      'overwrittenByGeneration',
    ].map((name) => [name.toLowerCase(), name]),
  ),
);

/**
 * The notification attributes that hold an int64 (a generation), checked as the object resource's
 * int64 fields are: an exact non-negative integer, as canonical decimal digits.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#attributes
 */
const INT64_ATTRIBUTES = ['objectGeneration', 'overwroteGeneration', 'overwrittenByGeneration'];

/** Picks the notification attributes out of lower-cased names (headers or CE extensions). */
export function notificationAttributesFrom(
  lowerCased: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [lower, name] of Object.entries(NOTIFICATION_ATTRIBUTES)) {
    const value = lowerCased[lower];
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}

/**
 * Reads a PubsubMessage JSON object in any of its spellings: `messageId`/`message_id`,
 * `publishTime`/`publish_time` (both occur, alone or together), base64 `data` (or, in knative-gcp's
 * short-lived 2020-01 push shape, the decoded JSON itself), and the 2018-2019 eventing-contrib Go
 * struct (`ID`, `Data`, `Attributes`, `PublishTime`).
 *
 * @throws DecodeError when a field has the wrong type or `data` is not base64
 */
export function readPubSubMessage(object: JsonObject, pointer: string): PubSubMessage {
  const goStruct = isGoStruct(object);
  const rawData = goStruct ? object.Data : object.data;
  const rawAttributes = goStruct ? object.Attributes : object.attributes;
  const dataPointer = `${pointer}/${goStruct ? 'Data' : 'data'}`;
  return {
    attributes: readAttributes(rawAttributes, `${pointer}/attributes`),
    data: readData(rawData, dataPointer),
    messageId: goStruct
      ? optionalStringOrInteger(object, 'ID', pointer)
      : (optionalStringOrInteger(object, 'messageId', pointer) ??
        optionalStringOrInteger(object, 'message_id', pointer) ??
        optionalStringOrInteger(object, 'id', pointer)),
    publishTime: readPublishTime(object, goStruct, pointer),
    orderingKey: optionalString(object, goStruct ? 'OrderingKey' : 'orderingKey', pointer),
  };
}

/** The publish time in whichever spelling is present (the first when both are), RFC 3339. */
function readPublishTime(
  object: JsonObject,
  goStruct: boolean,
  pointer: string,
): string | undefined {
  for (const key of goStruct ? ['PublishTime'] : ['publishTime', 'publish_time']) {
    const value = optionalString(object, key, pointer);
    if (value !== undefined) return requireTimestamp(value, `${pointer}/${key}`);
  }
  return undefined;
}

function isGoStruct(object: JsonObject): boolean {
  return 'ID' in object && !('messageId' in object) && !('message_id' in object);
}

/** Attribute values are strings; a JSON integer is read as its exact decimal string. */
function readAttributes(value: unknown, pointer: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) {
    throw new DecodeError('invalid-event', `${pointer} must be an object of strings`, pointer);
  }
  const attributes: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(value)) {
    attributes[key] = requireStringOrInteger(attribute, memberPointer(pointer, key));
  }
  return attributes;
}

function readData(value: unknown, pointer: string): Buffer | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return decodeBase64(value, pointer);
  if (isJsonObject(value)) return Buffer.from(JSON.stringify(value), 'utf8');
  throw new DecodeError('invalid-event', `${pointer} must be a base64 string`, pointer);
}

/**
 * Turns a Pub/Sub message into its canonical event: a Cloud Storage notification (an `eventType`
 * attribute from the alias table) becomes the storage event; its object comes from the data (a
 * JSON_API_V1 object resource) or, with payloadFormat `NONE`, from the `bucketId`, `objectId` and
 * `objectGeneration` attributes. Any other message becomes a `messagePublished` event.
 *
 * @throws DecodeError when a notification's data is not an object resource, when it has no data
 *   and no `bucketId`/`objectId`, when a generation attribute is no int64, or when no message id is
 *   known
 */
export function pubSubMessageToEvent(
  message: PubSubMessage,
  context: PubSubContext,
): CanonicalEvent {
  const { pointers } = context;
  const id = message.messageId ?? context.fallbackId;
  if (id === undefined || id === '') {
    throw new DecodeError('invalid-event', `${pointers.messageId} is missing`, pointers.messageId);
  }
  const alias = aliasOf(message.attributes.eventType);
  if (alias?.family === 'storage') {
    for (const name of INT64_ATTRIBUTES) {
      const value = message.attributes[name];
      if (value !== undefined) requireInt64(value, pointers.attribute(name));
    }
    return storageEvent({
      type: alias.type,
      object: notificationObject(message, pointers),
      id,
      time:
        requireTimestamp(message.attributes.eventTime, pointers.attribute('eventTime')) ??
        context.time ??
        message.publishTime,
    });
  }
  const time = context.time ?? message.publishTime;
  return {
    specversion: '1.0',
    id,
    source: context.topicSource ?? `//pubsub.googleapis.com/${context.subscription ?? ''}`,
    type: MESSAGE_PUBLISHED_TYPE,
    ...(time === undefined ? {} : { time }),
    datacontenttype: 'application/json',
    data: messagePublishedData(message, id, context.subscription),
  };
}

function notificationObject(message: PubSubMessage, pointers: PubSubPointers): StorageObjectData {
  const { attributes } = message;
  if (message.data !== undefined && message.data.length > 0) {
    const what = describePointer(pointers.data);
    const json = parseJson(decodeText(message.data, what), what);
    const object = unwrapJsonString(json, describePointer(pointers.data));
    return toStorageObjectData(object, pointers.data);
  }
  const bucket = attributes.bucketId;
  const name = attributes.objectId;
  if (bucket === undefined || bucket === '' || name === undefined || name === '') {
    const missing = bucket === undefined || bucket === '' ? 'bucketId' : 'objectId';
    const pointer = pointers.attribute(missing);
    throw new DecodeError(
      'invalid-event',
      `the notification has no data and no ${missing} attribute (${pointer})`,
      pointer,
    );
  }
  const generation = attributes.objectGeneration;
  return generation === undefined ? { bucket, name } : { bucket, name, generation };
}

/** google-cloudevents MessagePublishedData, the data of a canonical `messagePublished` event. */
function messagePublishedData(
  message: PubSubMessage,
  id: string,
  subscription: string | undefined,
): JsonObject {
  return {
    message: {
      ...(Object.keys(message.attributes).length > 0 ? { attributes: message.attributes } : {}),
      ...(message.data === undefined ? {} : { data: message.data.toString('base64') }),
      messageId: id,
      ...(message.publishTime === undefined ? {} : { publishTime: message.publishTime }),
      ...(message.orderingKey === undefined ? {} : { orderingKey: message.orderingKey }),
    },
    ...(subscription === undefined ? {} : { subscription }),
  };
}
