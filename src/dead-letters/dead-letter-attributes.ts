import { cutToBytes, PUBSUB_MESSAGE_LIMITS } from '../events/pubsub-limits';
import { DEAD_LETTER_ATTRIBUTES } from '../source/dead-letter-copy';

/**
 * The attributes the dead-letter receiver adds to every dead letter, besides the message's own:
 * why it was dead-lettered (the same attribute as the source's dead-letter copies), which form
 * the message has, the Knative error, and the failed CloudEvent's identity. An attribute is left
 * out when the request did not carry its value.
 */
export const KNATIVE_DEAD_LETTER_ATTRIBUTES = {
  /** A line: the status the destination answered, and its problem detail. */
  reason: DEAD_LETTER_ATTRIBUTES.reason,
  /** `notification`, `pubsub-message` or `raw` (see `DEAD_LETTER_FORMS`). */
  form: 'dualrunDeadLetterForm',
  /** Names of attributes cut to Pub/Sub's limits or left out, space-separated; absent when none. */
  cut: 'dualrunDeadLetterCut',
  /** `knativeerrorcode`: the destination's last HTTP status. */
  errorCode: 'knativeErrorCode',
  /** `knativeerrordest`: the URL of the destination that failed. */
  errorDestination: 'knativeErrorDest',
  /** `knativeerrordata`, decoded: the start of the destination's answer body. */
  errorData: 'knativeErrorData',
  /** The CloudEvent's `id`. */
  eventId: 'cloudEventId',
  /** The CloudEvent's `source`. */
  eventSource: 'cloudEventSource',
  /** The CloudEvent's `type`. */
  eventType: 'cloudEventType',
  /** The CloudEvent's `subject`. */
  eventSubject: 'cloudEventSubject',
} as const;

/**
 * The attributes of a dead letter within Pub/Sub's limits, so that the publish is never refused
 * for them: the message's own attributes (`carried`) first, then the receiver's (`own`, which win
 * a name both have); every value cut to 1,024 bytes; a key longer than 256 bytes, or one past
 * the 100th attribute, left out. Whatever was cut or left out is named in
 * {@link KNATIVE_DEAD_LETTER_ATTRIBUTES.cut}. The data is never touched.
 *
 * @see https://cloud.google.com/pubsub/quotas#resource_limits
 */
export function fitAttributes(
  carried: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  const {
    attributes: maxAttributes,
    attributeKeyBytes,
    attributeValueBytes,
  } = PUBSUB_MESSAGE_LIMITS;
  const fitted: Record<string, string> = {};
  const cut: string[] = [];
  // One place is kept for the cut list, and the receiver's own attributes always fit.
  const room = maxAttributes - 1 - Object.keys(own).length;
  let kept = 0;
  for (const [key, value] of Object.entries(carried)) {
    if (Object.hasOwn(own, key)) continue;
    if (kept >= room || Buffer.byteLength(key, 'utf8') > attributeKeyBytes) {
      cut.push(key);
      continue;
    }
    kept += 1;
    fitted[key] = fitValue(key, value, cut, attributeValueBytes);
  }
  for (const [key, value] of Object.entries(own)) {
    fitted[key] = fitValue(key, value, cut, attributeValueBytes);
  }
  if (cut.length > 0) {
    fitted[KNATIVE_DEAD_LETTER_ATTRIBUTES.cut] = cutToBytes(cut.join(' '), attributeValueBytes);
  }
  return fitted;
}

function fitValue(key: string, value: string, cut: string[], bytes: number): string {
  const fitted = cutToBytes(value, bytes);
  if (fitted !== value) cut.push(key);
  return fitted;
}
