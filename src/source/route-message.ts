import type { StorageEvent } from '../events/canonical-event';
import { isStorageEvent } from '../events/canonical-event';
import { encodeEventarcBinary } from '../events/encode/cloudevent-binary';
import type { Message } from '../events/message';
import {
  pubSubMessageToEvent,
  type PubSubMessage,
  type PubSubPointers,
} from '../events/pubsub-message';
import { isDualrunError } from '../errors';
import { withExtensions } from './ce-overrides';

/**
 * The `eventType` values of Cloud Storage Pub/Sub notifications.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#events
 */
export const NOTIFICATION_EVENT_TYPES = [
  'OBJECT_FINALIZE',
  'OBJECT_METADATA_UPDATE',
  'OBJECT_DELETE',
  'OBJECT_ARCHIVE',
] as const;

/**
 * The `payloadFormat` values: `JSON_API_V1` (the data is the object resource) or `NONE` (no data).
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#payload
 */
export const NOTIFICATION_PAYLOAD_FORMATS = ['JSON_API_V1', 'NONE'] as const;

/** What the source does with one message, before any sink answers. */
export type MessageRoute =
  /** A notification of the configured bucket: POST `request` (binary mode) to the sink. */
  | { readonly kind: 'send'; readonly event: StorageEvent; readonly request: Message }
  /** Not a Cloud Storage notification of the configured bucket: acknowledge, log, never send. */
  | { readonly kind: 'skip'; readonly reason: string }
  /** A notification that cannot be turned into an event (broken data): to the dead-letter topic. */
  | { readonly kind: 'dead-letter'; readonly reason: string };

/** What routing needs besides the message. */
export interface RouteOptions {
  /** The bucket whose notifications are sent (`BUCKET`). */
  readonly bucket: string;
  /** Extensions added to every event (`K_CE_OVERRIDES`). */
  readonly extensions: Readonly<Record<string, string>>;
}

/** Where each part of a pulled message is, for error messages: JSON pointers into a PubsubMessage. */
const POINTERS: PubSubPointers = {
  messageId: '/messageId',
  data: '/data',
  attribute: (name) => `/attributes/${name}`,
};

/**
 * Routes one pulled message (pure). A Cloud Storage notification (an `eventType` and
 * `payloadFormat` Cloud Storage writes) of the configured bucket becomes the canonical storage
 * event, the same event core as the worker's (`pubSubMessageToEvent`), encoded exactly as Eventarc
 * sends a storage event in binary mode (`encodeEventarcBinary`), plus the override extensions.
 * The event's id is the Pub/Sub message id, so every redelivery carries the same id and the
 * worker de-duplicates it.
 */
export function routeMessage(message: PubSubMessage, options: RouteOptions): MessageRoute {
  const { eventType, payloadFormat, bucketId } = message.attributes;
  if (!isOneOf(eventType, NOTIFICATION_EVENT_TYPES)) {
    return {
      kind: 'skip',
      reason:
        eventType === undefined
          ? 'not a Cloud Storage notification: no eventType attribute'
          : `not a Cloud Storage notification: eventType ${JSON.stringify(eventType)}`,
    };
  }
  if (!isOneOf(payloadFormat, NOTIFICATION_PAYLOAD_FORMATS)) {
    return {
      kind: 'skip',
      reason: `not a Cloud Storage notification: payloadFormat ${JSON.stringify(payloadFormat ?? null)}`,
    };
  }
  if (bucketId !== options.bucket) {
    return {
      kind: 'skip',
      reason: `a notification of bucket ${JSON.stringify(bucketId ?? null)}, not ${JSON.stringify(options.bucket)}`,
    };
  }
  let event;
  try {
    event = pubSubMessageToEvent(message, { pointers: POINTERS });
  } catch (error) {
    if (!isDualrunError(error)) throw error;
    return { kind: 'dead-letter', reason: `the notification cannot be read: ${error.message}` };
  }
  if (!isStorageEvent(event) || event.data.bucket !== options.bucket) {
    return {
      kind: 'dead-letter',
      reason: `the notification's data names bucket ${JSON.stringify(isStorageEvent(event) ? event.data.bucket : null)}, its bucketId attribute ${JSON.stringify(options.bucket)}`,
    };
  }
  return {
    kind: 'send',
    event,
    request: withExtensions(encodeEventarcBinary(event), options.extensions),
  };
}

function isOneOf<T extends string>(value: string | undefined, set: readonly T[]): value is T {
  return value !== undefined && (set as readonly string[]).includes(value);
}
