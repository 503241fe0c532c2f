import { DecodeError } from '../../errors';
import { storageEvent, type CanonicalEvent, type StorageObjectData } from '../canonical-event';
import { attributePointer, type CloudEventParts } from '../cloudevent-parts';
import {
  aliasOf,
  typeFromResourceState,
  type StorageEventType,
  type TypeAlias,
} from '../event-types';
import { isJsonObject, looksLikeJson, parseJson, unwrapJsonString, type JsonObject } from '../json';
import {
  jsonMessagePointers,
  notificationAttributesFrom,
  pubSubMessageToEvent,
  readPubSubMessage,
  type PubSubMessage,
  type PubSubPointers,
} from '../pubsub-message';
import { locateFromSource } from '../storage-source';
import { decodeText } from '../text';
import { requireTimestamp } from '../timestamp';
import { requireInt64, storageDataObject, toStorageObjectData } from '../storage-object';

/** A received CloudEvent turned canonical, with the push subscription its data names (if any). */
export interface CanonicalCloudEvent {
  readonly event: CanonicalEvent;
  readonly subscription: string | undefined;
}

/**
 * Turns a received CloudEvent into its canonical event, by the alias table: storage types of every
 * generation become the canonical storage event; Pub/Sub-backed events are unwrapped (a Cloud Storage
 * notification inside becomes the storage event); any other type passes through unchanged.
 *
 * @throws DecodeError when a storage event names no bucket or object, or its data is malformed
 */
export function toCanonicalCloudEvent(parts: CloudEventParts): CanonicalCloudEvent {
  requireTimestamp(parts.time, attributePointer(parts, 'time'));
  const alias = aliasOf(parts.type);
  if (alias === undefined) return { event: passThrough(parts), subscription: undefined };
  if (alias.family === 'pubsub') return pubSubBacked(parts);
  const data = storageDataOf(parts);
  return {
    event: storageEvent({
      type: storageTypeOf(alias, data),
      object: storageObjectOf(parts, data),
      id: parts.id,
      time:
        requireTimestamp(parts.extensions.eventtime, attributePointer(parts, 'eventtime')) ??
        parts.time,
    }),
    subscription: undefined,
  };
}

function storageTypeOf(
  alias: Exclude<TypeAlias, { family: 'pubsub' }>,
  data: JsonObject,
): StorageEventType {
  if (alias.family === 'storage') return alias.type;
  return typeFromResourceState(data.resourceState);
}

/**
 * The data as JSON when it is JSON: bytes that look like JSON are parsed, and a string that holds a
 * JSON object is parsed once (see `unwrapJsonString`); otherwise undefined.
 */
function dataAsJson(parts: CloudEventParts): unknown {
  const pointer = `${parts.pointer}/data`;
  if (parts.data.kind === 'json') return unwrapJsonString(parts.data.value, pointer);
  if (parts.data.kind === 'bytes' && looksLikeJson(parts.data.value)) {
    return parseJson(decodeText(parts.data.value, pointer), pointer);
  }
  return undefined;
}

/**
 * A storage event's data as an object (see `storageDataObject`): `{}` when there is none; bytes
 * that are no JSON are refused, as any data that holds no object resource.
 *
 * @throws DecodeError naming the data when it is no object resource
 */
function storageDataOf(parts: CloudEventParts): JsonObject {
  const pointer = `${parts.pointer}/data`;
  if (parts.data.kind === 'bytes' && !looksLikeJson(parts.data.value)) {
    throw new DecodeError(
      'invalid-event',
      `${pointer} is ${parts.data.value.length} bytes of no JSON: a storage event's data is an object resource`,
      pointer,
    );
  }
  return storageDataObject(dataAsJson(parts), pointer);
}

/** Prefers `data.bucket` + `data.name`; falls back to each generation's source/subject convention. */
function storageObjectOf(parts: CloudEventParts, data: JsonObject): StorageObjectData {
  const located = locateFromSource(parts.source, parts.subject);
  const bucket = stringOr(
    data.bucket,
    located.bucket ?? parts.extensions.bucket ?? parts.extensions.bucketid,
  );
  const name = stringOr(data.name, located.name ?? parts.extensions.objectid);
  if (bucket === undefined || name === undefined) {
    throw new DecodeError(
      'invalid-event',
      `the storage event names no ${bucket === undefined ? 'bucket' : 'object'}: the data has no "${
        bucket === undefined ? 'bucket' : 'name'
      }" and source ${JSON.stringify(parts.source)} / subject ${JSON.stringify(parts.subject ?? null)} follow no known convention`,
      `${parts.pointer}/data`,
    );
  }
  const extension = parts.extensions.objectgeneration;
  const generation =
    data.generation ??
    (extension === undefined
      ? undefined
      : requireInt64(extension, attributePointer(parts, 'objectgeneration')));
  return toStorageObjectData(
    { ...data, bucket, name, ...(generation === undefined ? {} : { generation }) },
    `${parts.pointer}/data`,
  );
}

function stringOr(value: unknown, fallback: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : fallback === '' ? undefined : fallback;
}

/**
 * A Pub/Sub-backed event: MessagePublishedData (`{message, subscription}`), the eventing-contrib Go
 * struct, or (knative-gcp PullSubscription) the raw message bytes with the attributes as lower-cased
 * extensions.
 */
function pubSubBacked(parts: CloudEventParts): CanonicalCloudEvent {
  const { message, pointers, subscription } = carriedMessage(parts, lenientJson(parts));
  const event = pubSubMessageToEvent(message, {
    pointers,
    fallbackId: parts.id,
    time: parts.time,
    topicSource: parts.source,
    subscription,
  });
  return { event, subscription };
}

/** The message a Pub/Sub-backed event carries, and where each of its parts was read from. */
function carriedMessage(
  parts: CloudEventParts,
  json: unknown,
): {
  readonly message: PubSubMessage;
  readonly pointers: PubSubPointers;
  readonly subscription: string | undefined;
} {
  const pointer = `${parts.pointer}/data`;
  if (isJsonObject(json) && isJsonObject(json.message)) {
    return {
      message: readPubSubMessage(json.message, `${pointer}/message`),
      pointers: jsonMessagePointers(json.message, `${pointer}/message`),
      subscription: typeof json.subscription === 'string' ? json.subscription : undefined,
    };
  }
  if (isJsonObject(json) && 'ID' in json && 'Data' in json) {
    return {
      message: readPubSubMessage(json, pointer),
      pointers: jsonMessagePointers(json, pointer),
      subscription: undefined,
    };
  }
  return {
    message: {
      attributes: notificationAttributesFrom(parts.extensions),
      data: rawBytes(parts),
      messageId: undefined,
      publishTime: undefined,
    },
    pointers: {
      messageId: attributePointer(parts, 'id'),
      data: pointer,
      attribute: (name) => attributePointer(parts, name.toLowerCase()),
    },
    subscription: undefined,
  };
}

/** Raw Pub/Sub data may be any bytes: JSON when it parses, otherwise left as bytes. */
function lenientJson(parts: CloudEventParts): unknown {
  try {
    return dataAsJson(parts);
  } catch {
    return undefined;
  }
}

function rawBytes(parts: CloudEventParts): Buffer | undefined {
  if (parts.data.kind === 'bytes') return parts.data.value;
  if (parts.data.kind === 'json') {
    return parts.data.bytes ?? Buffer.from(JSON.stringify(parts.data.value), 'utf8');
  }
  return undefined;
}

/** An event of a type the worker does not handle keeps its own attributes (it will be ignored). */
function passThrough(parts: CloudEventParts): CanonicalEvent {
  return {
    specversion: '1.0',
    id: parts.id,
    source: parts.source,
    type: parts.type,
    ...(parts.subject === undefined ? {} : { subject: parts.subject }),
    ...(parts.time === undefined ? {} : { time: parts.time }),
    datacontenttype: 'application/json',
    data: parts.data.kind === 'json' ? parts.data.value : null,
  };
}
