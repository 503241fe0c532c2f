import { DecodeError } from '../../errors';
import { storageEvent, type CanonicalEvent, type DecodedEvent } from '../canonical-event';
import { aliasOf, typeFromResourceState, type StorageEventType } from '../event-types';
import {
  isJsonObject,
  kindOf,
  optionalString,
  optionalStringOrInteger,
  type JsonObject,
} from '../json';
import { jsonMessagePointers, pubSubMessageToEvent, readPubSubMessage } from '../pubsub-message';
import { locateFromResource } from '../storage-source';
import { requireInt64, storageDataObject, toStorageObjectData } from '../storage-object';
import { requireTimestamp } from '../timestamp';
import type { DeliveryContext, FormatDecoder } from './delivery-context';

/**
 * Legacy Cloud Functions background events: `{context: {eventId, timestamp, eventType, resource},
 * data}` or the older flat form `{eventId, timestamp, eventType, resource, data}`, where `resource`
 * is an object (`{service, name, type}`) or a string that may end in `#<generation>`. A body with a
 * `context` object (or a flat `eventType` and `resource`) is a legacy event even without `data`: a
 * storage event then takes its object from the resource name.
 *
 * @see https://github.com/GoogleCloudPlatform/functions-framework-conformance/blob/main/docs/mapping.md
 */
export const gcfLegacy: FormatDecoder = {
  format: 'gcf-legacy',
  matches: (context) => {
    const body = context.jsonBodyOrUndefined();
    if (!isJsonObject(body)) return false;
    return isJsonObject(body.context) || ('eventType' in body && 'resource' in body);
  },
  decode: (context: DeliveryContext): readonly DecodedEvent[] => {
    const body = context.jsonBody() as JsonObject;
    const contextObject = isJsonObject(body.context) ? body.context : body;
    const pointer = isJsonObject(body.context) ? '/context' : '';
    const eventId = optionalStringOrInteger(contextObject, 'eventId', pointer);
    if (eventId === undefined || eventId === '') {
      throw new DecodeError('invalid-event', `${pointer}/eventId is missing`, `${pointer}/eventId`);
    }
    const event = legacyToEvent(body, contextObject, pointer, eventId);
    return [{ event, delivery: { format: 'gcf-legacy', id: eventId } }];
  },
};

function legacyToEvent(
  body: JsonObject,
  context: JsonObject,
  pointer: string,
  eventId: string,
): CanonicalEvent {
  const eventType = optionalString(context, 'eventType', pointer);
  const timestamp = requireTimestamp(
    optionalString(context, 'timestamp', pointer),
    `${pointer}/timestamp`,
  );
  const resource = context.resource;
  const resourceName =
    typeof resource === 'string'
      ? resource
      : isJsonObject(resource)
        ? optionalString(resource, 'name', `${pointer}/resource`)
        : undefined;
  const alias = aliasOf(eventType);
  if (alias === undefined) {
    throw new DecodeError(
      'invalid-event',
      `${pointer}/eventType ${JSON.stringify(eventType ?? null)} is not a Cloud Storage or Pub/Sub event type`,
      `${pointer}/eventType`,
    );
  }
  if (alias.family === 'pubsub') {
    if (!isJsonObject(body.data)) {
      throw new DecodeError(
        'invalid-event',
        `/data ${body.data === undefined ? 'is missing' : `is ${kindOf(body.data)}`}: a Pub/Sub event's data is a PubsubMessage object`,
        '/data',
      );
    }
    const topic =
      resourceName === undefined ? undefined : `//pubsub.googleapis.com/${resourceName}`;
    return pubSubMessageToEvent(readPubSubMessage(body.data, '/data'), {
      pointers: jsonMessagePointers(body.data, '/data'),
      fallbackId: eventId,
      time: timestamp,
      topicSource: topic,
    });
  }
  const data = storageDataObject(body.data, '/data');
  const located = resourceName === undefined ? undefined : locateFromResource(resourceName);
  const bucket =
    typeof data.bucket === 'string' && data.bucket !== '' ? data.bucket : located?.bucket;
  const name = typeof data.name === 'string' && data.name !== '' ? data.name : located?.name;
  if (bucket === undefined || name === undefined) {
    throw new DecodeError(
      'invalid-event',
      `the storage event names no ${bucket === undefined ? 'bucket' : 'object'}: /data has no "${
        bucket === undefined ? 'bucket' : 'name'
      }" and ${pointer}/resource ${JSON.stringify(resourceName ?? null)} is no object resource name`,
      '/data',
    );
  }
  const generation =
    data.generation ??
    (located?.generation === undefined
      ? undefined
      : requireInt64(
          located.generation,
          typeof resource === 'string' ? `${pointer}/resource` : `${pointer}/resource/name`,
        ));
  const type: StorageEventType =
    alias.family === 'storage' ? alias.type : typeFromResourceState(data.resourceState);
  return storageEvent({
    type,
    object: toStorageObjectData(
      { ...data, bucket, name, ...(generation === undefined ? {} : { generation }) },
      '/data',
    ),
    id: eventId,
    time: timestamp,
  });
}
