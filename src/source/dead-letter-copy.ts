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
 * Pub/Sub's limit on an attribute value, in bytes.
 *
 * @see https://cloud.google.com/pubsub/quotas#resource_limits
 */
const ATTRIBUTE_VALUE_BYTES = 1024;

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
      [DEAD_LETTER_ATTRIBUTES.reason]: cutToBytes(why.reason, ATTRIBUTE_VALUE_BYTES),
      ...(why.status === undefined ? {} : { [DEAD_LETTER_ATTRIBUTES.status]: String(why.status) }),
      ...(message.messageId === undefined
        ? {}
        : { [DEAD_LETTER_ATTRIBUTES.messageId]: message.messageId }),
      [DEAD_LETTER_ATTRIBUTES.subscription]: why.subscription,
    },
  };
}

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends on a whole character. */
function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= bytes) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8');
  while (cut.endsWith('\ufffd') || Buffer.byteLength(cut, 'utf8') > bytes) cut = cut.slice(0, -1);
  return cut;
}
