import type { DecodedEvent } from '../canonical-event';
import { notificationAttributesFrom, pubSubMessageToEvent } from '../pubsub-message';
import type { DeliveryContext, FormatDecoder } from './delivery-context';

/**
 * Pub/Sub push without the wrapper, with metadata (`--push-no-wrapper
 * --push-no-wrapper-write-metadata`): the body is the message data itself, the metadata arrives as
 * `x-goog-pubsub-*` headers and each attribute as a header named after it (lower-cased by HTTP).
 *
 * @see https://cloud.google.com/pubsub/docs/payload-unwrapping
 */
export const pubSubPushUnwrapped: FormatDecoder = {
  format: 'pubsub-push-unwrapped',
  matches: (context) =>
    context.header('x-goog-pubsub-message-id') !== undefined ||
    context.header('x-goog-pubsub-subscription-name') !== undefined,
  decode: (context: DeliveryContext): readonly DecodedEvent[] => {
    const headers: Record<string, string | undefined> = {};
    for (const name of Object.keys(context.message.headers)) headers[name] = context.header(name);
    const subscription = context.header('x-goog-pubsub-subscription-name');
    const orderingKey = context.header('x-goog-pubsub-ordering-key');
    const event = pubSubMessageToEvent(
      {
        attributes: notificationAttributesFrom(headers),
        data: context.message.body.length > 0 ? context.message.body : undefined,
        messageId: context.header('x-goog-pubsub-message-id'),
        publishTime: context.header('x-goog-pubsub-publish-time'),
        ...(orderingKey === undefined ? {} : { orderingKey }),
      },
      { pointer: 'message', subscription },
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
