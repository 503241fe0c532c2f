import { DecodeError } from '../errors';

/**
 * The event-type alias table: every name a producer has used for a Cloud Storage or Pub/Sub event,
 * mapped to one canonical type. Sources: google-cloudevents `storage/v1/events.proto`; knative-gcp
 * converters 2019-08, 2019-10 (#338) and 2020-06 (#1340); legacy Cloud Functions event types;
 * Cloud Storage Pub/Sub notification `eventType` values
 * (https://cloud.google.com/storage/docs/pubsub-notifications#events).
 */

/** The canonical Cloud Storage event types (Eventarc, `google.cloud.storage.object.v1.*`). */
export const STORAGE_EVENT_TYPES = [
  'google.cloud.storage.object.v1.finalized',
  'google.cloud.storage.object.v1.deleted',
  'google.cloud.storage.object.v1.archived',
  'google.cloud.storage.object.v1.metadataUpdated',
] as const;
export type StorageEventType = (typeof STORAGE_EVENT_TYPES)[number];

/** The canonical Pub/Sub event type: a message was published to a topic. */
export const MESSAGE_PUBLISHED_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

/** How one alias maps: a fixed storage type, a storage type read from the data, or a Pub/Sub message. */
export type TypeAlias =
  | { readonly family: 'storage'; readonly type: StorageEventType }
  | { readonly family: 'storage-by-resource-state' }
  | { readonly family: 'pubsub' };

const finalized = { family: 'storage', type: 'google.cloud.storage.object.v1.finalized' } as const;
const deleted = { family: 'storage', type: 'google.cloud.storage.object.v1.deleted' } as const;
const archived = { family: 'storage', type: 'google.cloud.storage.object.v1.archived' } as const;
const metadataUpdated = {
  family: 'storage',
  type: 'google.cloud.storage.object.v1.metadataUpdated',
} as const;
const pubsub = { family: 'pubsub' } as const;

/** Every known type name (CloudEvent `type`, legacy `eventType`, notification `eventType`). */
export const EVENT_TYPE_ALIASES: Readonly<Record<string, TypeAlias>> = Object.freeze({
  // Eventarc and knative-gcp since mid-2020.
  'google.cloud.storage.object.v1.finalized': finalized,
  'google.cloud.storage.object.v1.deleted': deleted,
  'google.cloud.storage.object.v1.archived': archived,
  'google.cloud.storage.object.v1.metadataUpdated': metadataUpdated,
  // knative-gcp 2019-10 .. 2020-06.
  'com.google.cloud.storage.object.finalize': finalized,
  'com.google.cloud.storage.object.delete': deleted,
  'com.google.cloud.storage.object.archive': archived,
  'com.google.cloud.storage.object.metadataUpdate': metadataUpdated,
  // knative-gcp 2019-08/09 and legacy Cloud Functions.
  'google.storage.object.finalize': finalized,
  'google.storage.object.delete': deleted,
  'google.storage.object.archive': archived,
  'google.storage.object.metadataUpdate': metadataUpdated,
  // Legacy (beta) Cloud Functions: the data's resourceState says finalize or delete.
  'providers/cloud.storage/eventTypes/object.change': { family: 'storage-by-resource-state' },
  // Cloud Storage Pub/Sub notification attribute `eventType`.
  OBJECT_FINALIZE: finalized,
  OBJECT_DELETE: deleted,
  OBJECT_ARCHIVE: archived,
  OBJECT_METADATA_UPDATE: metadataUpdated,
  // Pub/Sub-backed events, three generations plus legacy Cloud Functions.
  'google.cloud.pubsub.topic.v1.messagePublished': pubsub,
  'com.google.cloud.pubsub.topic.publish': pubsub,
  'google.pubsub.topic.publish': pubsub,
  'providers/cloud.pubsub/eventTypes/topic.publish': pubsub,
});

/** The legacy `resourceState` values of `object.change` (absent means the object exists). */
export const RESOURCE_STATE_TYPES: Readonly<Record<string, StorageEventType>> = Object.freeze({
  exists: 'google.cloud.storage.object.v1.finalized',
  not_exists: 'google.cloud.storage.object.v1.deleted',
});

/**
 * The storage type of a legacy `object.change` event, by its data's `resourceState`
 * (functions-framework maps every `object.change` to finalized; a delete must not be labeled).
 *
 * @throws DecodeError (`invalid-event`) for a value other than `exists`, `not_exists` or absent
 */
export function typeFromResourceState(state: unknown): StorageEventType {
  if (state === undefined) return 'google.cloud.storage.object.v1.finalized';
  const type =
    typeof state === 'string' && Object.hasOwn(RESOURCE_STATE_TYPES, state)
      ? RESOURCE_STATE_TYPES[state]
      : undefined;
  if (type === undefined) {
    throw new DecodeError(
      'invalid-event',
      `/data/resourceState must be "exists" or "not_exists", got ${JSON.stringify(state)}`,
      '/data/resourceState',
    );
  }
  return type;
}

/** Looks a type name up in {@link EVENT_TYPE_ALIASES}; `undefined` for an unrelated type. */
export function aliasOf(typeName: string | undefined): TypeAlias | undefined {
  return typeName === undefined || !Object.hasOwn(EVENT_TYPE_ALIASES, typeName)
    ? undefined
    : EVENT_TYPE_ALIASES[typeName];
}
