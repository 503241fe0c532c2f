import { isStorageEvent, type CanonicalEvent } from '../events/canonical-event';
import { decodeDelivery } from '../events/decode/decode-delivery';
import { notificationOf } from '../events/encode/notification';
import { MESSAGE_PUBLISHED_TYPE } from '../events/event-types';
import { isJsonObject } from '../events/json';
import { headerValue, type Message } from '../events/message';
import { problemOf } from '../source/problem-detail';
import type { DeadLetterMessage } from '../source/subscription';
import { fitAttributes, KNATIVE_DEAD_LETTER_ATTRIBUTES } from './dead-letter-attributes';
import {
  knativeErrorOf,
  readFailedCloudEvent,
  type FailedCloudEvent,
  type KnativeError,
} from './failed-cloudevent';

/**
 * The forms a dead letter takes on the topic, in the order they are tried: the first that fits
 * the request is published.
 * - `notification`: a Cloud Storage event, as the notification Cloud Storage publishes (the data
 *   the object resource as JSON, the attributes `eventType`, `bucketId`, `objectId`,
 *   `objectGeneration`, `eventTime`, `payloadFormat` `JSON_API_V1`): what Pub/Sub's own
 *   dead-lettering keeps on the Cloud Run path, so a dead letter is read and redriven the same way;
 * - `pubsub-message`: a `messagePublished` event, as the Pub/Sub message it carries;
 * - `raw`: anything else (not decodable, another type, a batch): the request body as the data, the
 *   `ce-*` headers (percent-decoded) and `content-type` as attributes.
 */
export const DEAD_LETTER_FORMS = ['notification', 'pubsub-message', 'raw'] as const;
export type DeadLetterForm = (typeof DEAD_LETTER_FORMS)[number];

/** One request the dead-letter sink received, turned into the message to publish. */
export interface DeadLetter {
  readonly form: DeadLetterForm;
  /** The data and attributes to publish (within Pub/Sub's attribute limits). */
  readonly message: DeadLetterMessage;
  /** The CloudEvent's attributes, as received. */
  readonly failed: FailedCloudEvent;
  /** The Knative error extensions. */
  readonly error: KnativeError;
  /** The line kept as `dualrunDeadLetterReason`, uncut. */
  readonly reason: string;
}

/** What each form is made from. */
interface FormInput {
  readonly request: Message;
  /** The canonical event, when the request decodes to exactly one. */
  readonly decoded: CanonicalEvent | undefined;
  readonly failed: FailedCloudEvent;
}

/** A message's data and its own attributes, before the receiver's are added. */
interface FormMessage {
  readonly data: Buffer | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One row per form, in {@link DEAD_LETTER_FORMS} order: its message, or `undefined` when it does not fit. */
const FORM_ROWS: readonly {
  readonly form: DeadLetterForm;
  readonly messageOf: (input: FormInput) => FormMessage | undefined;
}[] = [
  {
    form: 'notification',
    messageOf: ({ decoded, failed }) =>
      decoded !== undefined && isStorageEvent(decoded)
        ? notificationOf(decoded, 'JSON_API_V1', {
            notificationConfig: failed.attributes.notificationconfig,
          })
        : undefined,
  },
  { form: 'pubsub-message', messageOf: ({ decoded }) => publishedMessageOf(decoded) },
  { form: 'raw', messageOf: ({ request, failed }) => rawMessageOf(request, failed) },
];

/**
 * The receiver's own attributes (see {@link KNATIVE_DEAD_LETTER_ATTRIBUTES}), by the value each
 * takes; one whose value is `undefined` is left out.
 */
const OWN_ATTRIBUTES: readonly (readonly [
  string,
  (letter: Omit<DeadLetter, 'message'>) => string | undefined,
])[] = [
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.reason, (letter) => letter.reason],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.form, (letter) => letter.form],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.errorCode, (letter) => letter.error.code],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.errorDestination, (letter) => letter.error.destination],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.errorData, (letter) => letter.error.data],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.eventId, (letter) => letter.failed.attributes.id],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.eventSource, (letter) => letter.failed.attributes.source],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.eventType, (letter) => letter.failed.attributes.type],
  [KNATIVE_DEAD_LETTER_ATTRIBUTES.eventSubject, (letter) => letter.failed.attributes.subject],
];

/**
 * Turns what a Knative Broker sent its dead-letter sink (the failed CloudEvent, binary or
 * structured mode, with the `knativeerror*` extensions) into the message for the dead-letter
 * topic: decoded with the worker's event core, in the first of {@link DEAD_LETTER_FORMS} that
 * fits. Pure, and it never throws: a request that cannot be decoded is kept raw.
 *
 * @param request - lower-case header names and the raw body bytes
 */
export function deadLetterOf(request: Message): DeadLetter {
  const failed = readFailedCloudEvent(request);
  const error = knativeErrorOf(failed);
  const { decoded, problem } = decodeOne(request);
  const input: FormInput = { request, decoded, failed };
  let form: DeadLetterForm = 'raw';
  let formMessage: FormMessage | undefined;
  for (const row of FORM_ROWS) {
    formMessage = row.messageOf(input);
    if (formMessage !== undefined) {
      form = row.form;
      break;
    }
  }
  const kept = formMessage ?? rawMessageOf(request, failed);
  const reason = reasonOf(error, form === 'raw' ? problem : undefined);
  const letter = { form, failed, error, reason };
  const own: Record<string, string> = {};
  for (const [name, valueOf] of OWN_ATTRIBUTES) {
    const value = valueOf(letter);
    if (value !== undefined) own[name] = value;
  }
  return {
    ...letter,
    message: { data: kept.data, attributes: fitAttributes(kept.attributes, own) },
  };
}

/** The one canonical event of the request, or why there is none. */
function decodeOne(request: Message): {
  readonly decoded: CanonicalEvent | undefined;
  readonly problem: string | undefined;
} {
  try {
    const { events } = decodeDelivery(request);
    const [only] = events;
    if (only !== undefined && events.length === 1)
      return { decoded: only.event, problem: undefined };
    return { decoded: undefined, problem: `the request holds ${String(events.length)} events` };
  } catch (error) {
    // Whatever went wrong, the request is kept: a decode error, or a fault of the decoder itself.
    const message = error instanceof Error ? error.message : String(error);
    return { decoded: undefined, problem: `it cannot be decoded: ${message}` };
  }
}

/** The Pub/Sub message a `messagePublished` event carries (`data.message`). */
function publishedMessageOf(event: CanonicalEvent | undefined): FormMessage | undefined {
  if (event?.type !== MESSAGE_PUBLISHED_TYPE || !isJsonObject(event.data)) return undefined;
  const { message } = event.data;
  if (!isJsonObject(message)) return undefined;
  const attributes: Record<string, string> = {};
  if (isJsonObject(message.attributes)) {
    for (const [key, value] of Object.entries(message.attributes)) {
      if (typeof value === 'string') attributes[key] = value;
    }
  }
  const data = typeof message.data === 'string' ? Buffer.from(message.data, 'base64') : undefined;
  return { data: data?.length === 0 ? undefined : data, attributes };
}

/** The request as sent: its body, its `ce-*` attributes and its content type. */
function rawMessageOf(request: Message, failed: FailedCloudEvent): FormMessage {
  const attributes: Record<string, string> = {};
  const contentType = headerValue(request, 'content-type');
  if (contentType !== undefined) attributes['content-type'] = contentType;
  if (failed.mode === 'binary') {
    for (const [name, value] of Object.entries(failed.attributes)) attributes[`ce-${name}`] = value;
  }
  return { data: request.body.length === 0 ? undefined : request.body, attributes };
}

/**
 * One line: the status the destination answered, where, and its problem detail (the `detail` of
 * the worker's problem body, else the start of the body); for a raw dead letter, why it is raw.
 */
function reasonOf(error: KnativeError, rawBecause: string | undefined): string {
  const status =
    error.code === undefined
      ? 'sent to the dead-letter sink without a knativeerrorcode'
      : `the destination answered ${error.code}`;
  const where = error.destination === undefined ? '' : ` (${error.destination})`;
  const detail = error.data === undefined ? undefined : problemOf(error.data, 'application/json');
  const raw = rawBecause === undefined ? '' : `; kept as sent: ${rawBecause}`;
  return `${status}${where}${detail === undefined ? '' : `: ${detail}`}${raw}`;
}
