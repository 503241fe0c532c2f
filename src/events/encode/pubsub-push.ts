import type { StorageEvent } from '../canonical-event';
import type { Message } from '../message';
import { pubSubNamesFor, type EncodeOptions } from './encode-options';
import { notificationOf, pushMessageJson, type PayloadFormat } from './notification';

/**
 * Pub/Sub push sends this User-Agent (do not detect the format by it).
 *
 * @see https://cloud.google.com/pubsub/docs/payload-unwrapping (its wrapped example's headers)
 */
const PUSH_USER_AGENT = 'CloudPubSub-Google';

/**
 * A wrapped push request, as a Cloud Run push subscription sends it:
 *
 * ```http
 * Content-Type: application/json
 * User-Agent: CloudPubSub-Google
 *
 * {"message": {"attributes": {...}, "data": "<base64>", "messageId": "…", "message_id": "…",
 *  "publishTime": "…", "publish_time": "…"}, "subscription": "projects/P/subscriptions/S"}
 * ```
 *
 * @param payloadFormat - `JSON_API_V1` (the object JSON in `message.data`) or `NONE` (no `data`)
 * @see https://cloud.google.com/pubsub/docs/push#receive_push
 */
export function encodePubSubPush(
  event: StorageEvent,
  payloadFormat: PayloadFormat,
  options?: EncodeOptions,
): Message {
  const names = pubSubNamesFor(event, options);
  const body = {
    message: pushMessageJson(notificationOf(event, payloadFormat, names), names),
    subscription: names.subscription,
  };
  return {
    headers: { 'content-type': 'application/json', 'user-agent': PUSH_USER_AGENT },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

/**
 * A push request without the wrapper, with metadata (`--push-no-wrapper
 * --push-no-wrapper-write-metadata`): the body is the message data itself (the object JSON), the
 * metadata is in `x-goog-pubsub-*` headers, and each attribute is a header named after it. HTTP
 * header names are case-insensitive and a {@link Message} holds them lower-cased, so Pub/Sub's
 * `bucketId` header is `bucketid` here. No Content-Type: Cloud Storage sets no `Content-Type`
 * attribute, and Pub/Sub documents none for this mode. Attribute values are written as they are;
 * how Pub/Sub writes a non-ASCII value (an object name) into a header is not documented.
 *
 * @see https://cloud.google.com/pubsub/docs/payload-unwrapping
 */
export function encodePubSubPushUnwrapped(event: StorageEvent, options?: EncodeOptions): Message {
  const names = pubSubNamesFor(event, options);
  const notification = notificationOf(event, 'JSON_API_V1', names);
  const headers: Record<string, string> = {
    'user-agent': PUSH_USER_AGENT,
    'x-goog-pubsub-subscription-name': names.subscription,
    'x-goog-pubsub-message-id': names.messageId,
    ...(names.publishTime === undefined ? {} : { 'x-goog-pubsub-publish-time': names.publishTime }),
  };
  for (const [name, value] of Object.entries(notification.attributes)) {
    headers[name.toLowerCase()] = value;
  }
  return { headers, body: notification.data ?? Buffer.alloc(0) };
}
