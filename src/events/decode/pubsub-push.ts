import { DecodeError } from '../../errors';
import type { DecodedEvent } from '../canonical-event';
import { isJsonObject, optionalString } from '../json';
import { jsonMessagePointers, pubSubMessageToEvent, readPubSubMessage } from '../pubsub-message';
import type { DeliveryContext, FormatDecoder } from './delivery-context';

/**
 * Pub/Sub push, wrapped (the default push body): `{message: PubsubMessage, subscription,
 * deliveryAttempt?}` as JSON.
 *
 * @see https://cloud.google.com/pubsub/docs/push#receive_push
 */
export const pubSubPush: FormatDecoder = {
  format: 'pubsub-push',
  matches: (context) => {
    const body = context.jsonBodyOrUndefined();
    return isJsonObject(body) && isJsonObject(body.message);
  },
  decode: (context: DeliveryContext): readonly DecodedEvent[] => {
    const body = context.jsonBody();
    if (!isJsonObject(body) || !isJsonObject(body.message)) {
      throw new DecodeError('invalid-event', '/message must be an object', '/message');
    }
    const message = readPubSubMessage(body.message, '/message');
    const subscription = optionalString(body, 'subscription', '');
    const event = pubSubMessageToEvent(message, {
      pointers: jsonMessagePointers(body.message, '/message'),
      subscription,
    });
    const attempt = body.deliveryAttempt;
    return [
      {
        event,
        delivery: {
          format: 'pubsub-push',
          id: event.id,
          ...(typeof attempt === 'number' && Number.isInteger(attempt) && attempt > 0
            ? { attempt }
            : {}),
          ...(subscription === undefined ? {} : { subscription }),
        },
      },
    ];
  },
};
