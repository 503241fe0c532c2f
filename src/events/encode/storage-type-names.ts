import type { StorageEventType } from '../event-types';

/**
 * The names each producer generation gives one canonical storage event type: the inverse of the
 * alias table in `../event-types.ts` (which the decoder reads).
 */
export interface StorageTypeNames {
  /** Cloud Storage Pub/Sub notification attribute `eventType` (`OBJECT_FINALIZE`). */
  readonly notification: string;
  /** CloudEvent `type` of knative-gcp 2019-10 to 2020-06 (`com.google.cloud.storage.object.*`). */
  readonly knativeGcp2020: string;
  /** knative-gcp 2019-08 CloudEvent 0.3 `type` and legacy Cloud Functions `eventType`. */
  readonly legacy: string;
  /**
   * The legacy `object.change` data's `resourceState`: `exists` or `not_exists`. That event type
   * cannot tell an archive from a delete, or a metadata update from a finalize.
   */
  readonly resourceState: 'exists' | 'not_exists';
}

/**
 * The storage type names by canonical type.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#events
 * @see https://github.com/GoogleCloudPlatform/functions-framework-conformance/blob/main/docs/mapping.md
 */
export const STORAGE_TYPE_NAMES: Readonly<Record<StorageEventType, StorageTypeNames>> =
  Object.freeze({
    'google.cloud.storage.object.v1.finalized': {
      notification: 'OBJECT_FINALIZE',
      knativeGcp2020: 'com.google.cloud.storage.object.finalize',
      legacy: 'google.storage.object.finalize',
      resourceState: 'exists',
    },
    'google.cloud.storage.object.v1.deleted': {
      notification: 'OBJECT_DELETE',
      knativeGcp2020: 'com.google.cloud.storage.object.delete',
      legacy: 'google.storage.object.delete',
      resourceState: 'not_exists',
    },
    'google.cloud.storage.object.v1.archived': {
      notification: 'OBJECT_ARCHIVE',
      knativeGcp2020: 'com.google.cloud.storage.object.archive',
      legacy: 'google.storage.object.archive',
      resourceState: 'not_exists',
    },
    'google.cloud.storage.object.v1.metadataUpdated': {
      notification: 'OBJECT_METADATA_UPDATE',
      knativeGcp2020: 'com.google.cloud.storage.object.metadataUpdate',
      legacy: 'google.storage.object.metadataUpdate',
      resourceState: 'exists',
    },
  });
