import type { DecodedEvent } from '../canonical-event';
import {
  NOTIFICATION_ATTRIBUTES,
  notificationAttributesFrom,
  pubSubMessageToEvent,
  type PubSubPointers,
} from '../pubsub-message';
import type { DeliveryContext, FormatDecoder } from './delivery-context';
import { toUtf8Bytes } from '../text';
import { requireTimestamp } from '../timestamp';

const METADATA_PREFIX = 'x-goog-pubsub-';

/**
 * Where each part of the message was read from: the metadata and attribute headers, and the body,
 * which is the message data itself.
 */
const UNWRAPPED_POINTERS: PubSubPointers = Object.freeze({
  messageId: `header ${METADATA_PREFIX}message-id`,
  data: '/',
  attribute: (name: string) => `header ${name.toLowerCase()}`,
});

/**
 * Pub/Sub push without the wrapper, with metadata (`--push-no-wrapper
 * --push-no-wrapper-write-metadata`): the body is the message data itself, the metadata arrives as
 * `x-goog-pubsub-*` headers and each attribute as a header named after it (lower-cased by HTTP).
 * Every metadata and notification attribute header must be sent once; a value sent as raw UTF-8
 * (an object name) is read as UTF-8.
 *
 * @see https://cloud.google.com/pubsub/docs/payload-unwrapping
 */
export const pubSubPushUnwrapped: FormatDecoder = {
  format: 'pubsub-push-unwrapped',
  matches: (context) =>
    context.header(`${METADATA_PREFIX}message-id`) !== undefined ||
    context.header(`${METADATA_PREFIX}subscription-name`) !== undefined,
  decode: (context: DeliveryContext): readonly DecodedEvent[] => {
    const metadata = context.soleHeaders((name) => name.startsWith(METADATA_PREFIX));
    const attributeHeaders = context.soleHeaders((name) =>
      Object.hasOwn(NOTIFICATION_ATTRIBUTES, name),
    );
    const subscription = metadata[`${METADATA_PREFIX}subscription-name`];
    const orderingKey = metadata[`${METADATA_PREFIX}ordering-key`];
    const event = pubSubMessageToEvent(
      {
        attributes: notificationAttributesFrom(attributeHeaders),
        data:
          context.message.body.length > 0
            ? toUtf8Bytes(context.message.body, 'the request body', context.charset)
            : undefined,
        messageId: metadata[`${METADATA_PREFIX}message-id`],
        publishTime: requireTimestamp(
          metadata[`${METADATA_PREFIX}publish-time`],
          `header ${METADATA_PREFIX}publish-time`,
        ),
        ...(orderingKey === undefined ? {} : { orderingKey }),
      },
      { pointers: UNWRAPPED_POINTERS, subscription },
    );
    return [
      {
        event,
        delivery: {
          format: 'pubsub-push-unwrapped',
          id: event.id,
          ...(subscription === undefined ? {} : { subscription }),
        },
      },
    ];
  },
};
