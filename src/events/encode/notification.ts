import type { StorageEvent, StorageObjectData } from '../canonical-event';
import type { PubSubNames } from './encode-options';
import { STORAGE_TYPE_NAMES } from './storage-type-names';

/**
 * The Cloud Storage Pub/Sub notification of a canonical storage event: the message Cloud Storage
 * publishes to the notification topic, before any transport wraps it.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications
 */

/** The notification's `payloadFormat`: the object resource as JSON, or no data at all. */
export type PayloadFormat = 'JSON_API_V1' | 'NONE';

/** One notification message: its attributes and its data bytes (none with payloadFormat `NONE`). */
export interface NotificationMessage {
  /**
   * The notification attributes, all strings, in the order of a real 2018 capture:
   * `objectGeneration` (int64 as decimal; absent when the object has no generation), `eventTime`
   * (RFC 3339; absent when the event has no time), `eventType` (`OBJECT_FINALIZE`, ...),
   * `payloadFormat`, `notificationConfig`, `bucketId`, `objectId` (the raw object name, not
   * URL-encoded).
   */
  readonly attributes: Readonly<Record<string, string>>;
  /** The object resource as pretty-printed JSON (2-space indent, trailing newline), UTF-8. */
  readonly data: Buffer | undefined;
}

/**
 * The notification Cloud Storage publishes for an event.
 *
 * @param names - the Pub/Sub names; a `notificationConfig` of `undefined` (not known: a CloudEvent
 *   that went through a Broker no longer names it) leaves that attribute out
 */
export function notificationOf(
  event: StorageEvent,
  payloadFormat: PayloadFormat,
  names: { readonly notificationConfig: string | undefined },
): NotificationMessage {
  const { bucket, name, generation } = event.data;
  return {
    attributes: {
      ...(generation === undefined ? {} : { objectGeneration: generation }),
      ...(event.time === undefined ? {} : { eventTime: event.time }),
      eventType: STORAGE_TYPE_NAMES[event.type].notification,
      payloadFormat,
      ...(names.notificationConfig === undefined
        ? {}
        : { notificationConfig: names.notificationConfig }),
      bucketId: bucket,
      objectId: name,
    },
    data: payloadFormat === 'NONE' ? undefined : objectJsonBytes(event.data),
  };
}

/**
 * The object resource as Cloud Storage writes it into a JSON_API_V1 notification: pretty-printed
 * with a 2-space indent and a trailing newline (as decoded from 2018 captures:
 * https://github.com/Rise-Vision/pub-sub-connector/blob/64c0a84ad3f83da0f6ed4cce27d79f77f39d67fe/test/unit/connector.test.js).
 */
export function objectJsonBytes(object: StorageObjectData): Buffer {
  return Buffer.from(`${JSON.stringify(object, null, 2)}\n`, 'utf8');
}

/**
 * A PubsubMessage in the JSON of a wrapped push body: `attributes`, `data` (standard base64 with
 * padding; absent without data), and both spellings of the id and publish time, as Pub/Sub push
 * has sent them since at least 2018 (`publishTime` absent when there is none).
 *
 * @see https://cloud.google.com/pubsub/docs/push#receive_push
 */
export function pushMessageJson(
  message: NotificationMessage,
  names: PubSubNames,
): Record<string, unknown> {
  return {
    attributes: message.attributes,
    ...(message.data === undefined ? {} : { data: message.data.toString('base64') }),
    messageId: names.messageId,
    message_id: names.messageId,
    ...(names.publishTime === undefined
      ? {}
      : { publishTime: names.publishTime, publish_time: names.publishTime }),
  };
}
