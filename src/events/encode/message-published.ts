import type { StorageEvent } from '../canonical-event';
import { MESSAGE_PUBLISHED_TYPE } from '../event-types';
import type { Message } from '../message';
import { binaryMessage } from './cloudevent-binary';
import { pubSubNamesFor, type EncodeOptions } from './encode-options';
import { notificationOf } from './notification';

/**
 * A Pub/Sub-backed CloudEvent, as Eventarc (a trigger on the notification topic) sends it: binary
 * mode, `ce-type: google.cloud.pubsub.topic.v1.messagePublished`, `ce-source:
 * //pubsub.googleapis.com/projects/P/topics/T`, `ce-id` the message id, `ce-time` the publish
 * time, and the body MessagePublishedData wrapping the notification:
 *
 * ```json
 * {"message": {"attributes": {...}, "data": "<base64 object JSON>", "messageId": "…",
 *  "publishTime": "…"}, "subscription": "projects/P/subscriptions/S"}
 * ```
 *
 * Only the camelCase spellings, as in the Eventarc capture of
 * https://github.com/GoogleCloudPlatform/eventarc-samples/blob/aa5796bed700e8b1c8c44ea1be79f213b9c26c29/eventarc-gke/trigger-gke-eventarc-events/README.md
 *
 * @see https://cloud.google.com/eventarc/docs/cloudevents
 * @see https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/pubsub/v1/data.proto
 */
export function encodeMessagePublished(event: StorageEvent, options?: EncodeOptions): Message {
  const names = pubSubNamesFor(event, options);
  const notification = notificationOf(event, 'JSON_API_V1', names);
  const data = {
    message: {
      attributes: notification.attributes,
      ...(notification.data === undefined ? {} : { data: notification.data.toString('base64') }),
      messageId: names.messageId,
      ...(names.publishTime === undefined ? {} : { publishTime: names.publishTime }),
    },
    subscription: names.subscription,
  };
  return binaryMessage(
    {
      specversion: '1.0',
      id: names.messageId,
      source: `//pubsub.googleapis.com/${names.topic}`,
      type: MESSAGE_PUBLISHED_TYPE,
      time: names.publishTime,
    },
    'application/json; charset=utf-8',
    Buffer.from(JSON.stringify(data), 'utf8'),
  );
}
