import { cutToBytes, PUBSUB_MESSAGE_LIMITS } from '../events/pubsub-limits';
import type { PubSubMessage } from '../events/pubsub-message';
import type { DeadLetterMessage } from './subscription';

/**
 * The attributes the source adds to a dead-lettered copy, besides the message's own: why, the
 * sink's status, and where the message came from (the copy gets a new message id). Pub/Sub's own
 * dead-lettering adds `CloudPubSubDeadLetterSource*` attributes; these are the source's.
 */
export const DEAD_LETTER_ATTRIBUTES = {
  reason: 'dualrunDeadLetterReason',
  status: 'dualrunSinkStatus',
  messageId: 'dualrunSourceMessageId',
  subscription: 'dualrunSourceSubscription',
} as const;

/**
 * The copy of a message for the dead-letter topic: the same data and attributes, plus
 * {@link DEAD_LETTER_ATTRIBUTES} (the reason cut to Pub/Sub's 1,024-byte attribute limit).
 */
export function deadLetterCopy(
  message: PubSubMessage,
  why: {
    readonly reason: string;
    readonly subscription: string;
    readonly status?: number | undefined;
  },
): DeadLetterMessage {
  return {
    data: message.data,
    attributes: {
      ...message.attributes,
      [DEAD_LETTER_ATTRIBUTES.reason]: cutToBytes(
        why.reason,
        PUBSUB_MESSAGE_LIMITS.attributeValueBytes,
      ),
      ...(why.status === undefined ? {} : { [DEAD_LETTER_ATTRIBUTES.status]: String(why.status) }),
      ...(message.messageId === undefined
        ? {}
        : { [DEAD_LETTER_ATTRIBUTES.messageId]: message.messageId }),
      [DEAD_LETTER_ATTRIBUTES.subscription]: why.subscription,
    },
  };
}
