import type { StorageEventType } from './event-types';

/**
 * The delivery formats the worker accepts (docs/delivery-formats.md), as written in records
 * (`delivery.format`).
 */
export const DELIVERY_FORMATS = [
  'pubsub-push',
  'pubsub-push-unwrapped',
  'cloudevent-binary',
  'cloudevent-structured',
  'cloudevent-batch',
  'gcf-legacy',
] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

/**
 * The Cloud Storage object resource (`storage#object`, JSON API v1; google-cloudevents
 * `StorageObjectData`). Only `bucket` and `name` are guaranteed; a notification with payloadFormat
 * `NONE` gives `bucket`, `name` and `generation` only. int64 fields (`generation`,
 * `metageneration`, `size`) are exact decimal strings.
 *
 * @see https://cloud.google.com/storage/docs/json_api/v1/objects#resource
 */
export interface StorageObjectData {
  readonly bucket: string;
  readonly name: string;
  readonly generation?: string;
  readonly metageneration?: string;
  readonly size?: string;
  /** Absent on payloadFormat `NONE` notifications and on some objects (no content type set). */
  readonly contentType?: string;
  readonly [field: string]: unknown;
}

/**
 * The canonical event: a CloudEvent 1.0 in the JSON event format, following Eventarc's conventions
 * (docs/delivery-formats.md, The canonical event). Every delivery of one notification decodes to
 * the same canonical event.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md
 */
export interface CanonicalEvent {
  readonly specversion: '1.0';
  /** The Pub/Sub message id where the notification passed through Pub/Sub, else the event id. */
  readonly id: string;
  /** `//storage.googleapis.com/projects/_/buckets/<bucket>` for storage events. */
  readonly source: string;
  /** A canonical storage type, `google.cloud.pubsub.topic.v1.messagePublished`, or as received. */
  readonly type: string;
  /** `objects/<name>` for storage events. */
  readonly subject?: string;
  /** The notification's eventTime, else the CloudEvent time, else the publish time; kept verbatim. */
  readonly time?: string;
  readonly datacontenttype: 'application/json';
  readonly data: unknown;
}

/** A canonical storage event: its data is the object resource. */
export interface StorageEvent extends CanonicalEvent {
  readonly type: StorageEventType;
  readonly subject: string;
  readonly data: StorageObjectData;
}

/** What the transport said about the delivery of one event (the `delivery` part of a record). */
export interface DeliveryInfo {
  readonly format: DeliveryFormat;
  /** The transport's id: the Pub/Sub message id, the CloudEvent id, or the legacy eventId. */
  readonly id: string;
  /** Pub/Sub `deliveryAttempt`, only when the push subscription has a dead-letter policy. */
  readonly attempt?: number;
  /** The push subscription, as the transport names it (a full name or a bare id). */
  readonly subscription?: string;
}

/** One decoded event with its delivery information. */
export interface DecodedEvent {
  readonly event: CanonicalEvent;
  readonly delivery: DeliveryInfo;
}

/** The `source` of a storage event for a bucket. */
export function storageSource(bucket: string): string {
  return `//storage.googleapis.com/projects/_/buckets/${bucket}`;
}

/** Builds the canonical storage event (docs/delivery-formats.md) from its parts. */
export function storageEvent(parts: {
  readonly type: StorageEventType;
  readonly object: StorageObjectData;
  readonly id: string;
  readonly time: string | undefined;
}): StorageEvent {
  return {
    specversion: '1.0',
    id: parts.id,
    source: storageSource(parts.object.bucket),
    type: parts.type,
    subject: `objects/${parts.object.name}`,
    ...(parts.time === undefined ? {} : { time: parts.time }),
    datacontenttype: 'application/json',
    data: parts.object,
  };
}

/** Type guard: a canonical event whose data is a Cloud Storage object. */
export function isStorageEvent(event: CanonicalEvent): event is StorageEvent {
  return event.type.startsWith('google.cloud.storage.object.v1.');
}
