/**
 * A test-side Knative Eventing delivery (Broker → Trigger → subscriber) with a `delivery` spec, as
 * far as a subscriber can tell (MANIFESTS.md §2.2, §2.3): an event is delivered by any 2xx; no
 * answer, any 5xx, 404, 408, 409 and 429 are retried up to `retry` more times with the backoff;
 * every other answer (1xx, 3xx, any other 4xx) sends the event to the dead-letter sink at once, as
 * does the last failed retry. With a dead-letter sink given, the event is then POSTed there as
 * Knative's dispatcher sends it (`dispatchExecutionInfoTransformers`): in binary mode, with the
 * extensions `knativeerrordest` (the subscriber's URL), `knativeerrorcode` (the last status; 500
 * when no answer came) and `knativeerrordata` (the answer's first 1,024 bytes, control
 * characters and bytes above 127 removed, base64-encoded, the encoding cut to 1,024 characters),
 * retried with the same policy.
 *
 * @see https://github.com/knative/eventing/blob/main/pkg/kncloudevents/retries.go (SelectiveRetry)
 * @see https://github.com/knative/eventing/blob/main/pkg/kncloudevents/event_dispatcher.go
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import { knativeBackoff } from '../../src/config/knative-retry-window';
import { encodeCeHeaderValue } from '../../src/events/cloudevent-headers';
import { headerValue, toMessage, type Message } from '../../src/events/message';
import type { PostAnswer, Poster, PostResult } from './http-poster';
import {
  deliverWithRetries,
  runPool,
  type DeliveryRecord,
  type RetryPolicy,
} from './retrying-delivery';

/** The statuses Knative retries besides every 5xx. */
export const KNATIVE_RETRIED_STATUSES: ReadonlySet<number> = new Set([404, 408, 409, 429]);

/** Knative's `SelectiveRetry`: retry on no answer, any 5xx, 404, 408, 409, 429. */
export function isRetriedByKnative(result: PostResult): boolean {
  return result === 'transport-error' || result >= 500 || KNATIVE_RETRIED_STATUSES.has(result);
}

/** One CloudEvent to deliver. */
export interface KnativeEvent {
  readonly id: string;
  readonly request: Message;
}

/** The Trigger's `delivery` (delays scaled from seconds to milliseconds) and the load. */
export interface KnativeDeliveryOptions {
  readonly poster: Poster;
  /** `delivery.retry`: retries after the first attempt. */
  readonly retry: number;
  /** `delivery.backoffPolicy`. @default 'exponential' */
  readonly backoffPolicy?: 'exponential' | 'linear';
  /** `delivery.backoffDelay`, in ms here. @default 2 */
  readonly backoffDelayMs?: number;
  /** Events in flight at once. @default 32 */
  readonly concurrency?: number;
  /** `delivery.deadLetterSink`: where a dead-lettered event is POSTed; none: it is only counted. */
  readonly deadLetterSink?: KnativeDeadLetterSink;
}

/** The Trigger's dead-letter sink. */
export interface KnativeDeadLetterSink {
  readonly poster: Poster;
  /** The subscriber's URL, as `knativeerrordest` names it. */
  readonly destination: string;
}

/** One event's delivery, and its delivery to the dead-letter sink when it went there. */
export interface KnativeDeliveryRecord extends DeliveryRecord {
  readonly deadLetterSink?: DeliveryRecord;
}

/** What the delivery did with every event. */
export interface KnativeReport {
  /** One per event, in input order: delivered or dead-lettered (and why). */
  readonly events: readonly KnativeDeliveryRecord[];
}

/** Bytes of an error answer Knative reads, and characters of `knativeerrordata` it keeps. */
export const KNATIVE_ERROR_DATA_LENGTH = 1024;

/**
 * Knative's wait after the `failed`-th failed attempt, in ms: the dispatcher's backoff of the retry
 * number counted from 0 ({@link knativeBackoff}, the function the window rule sums).
 */
export function knativeBackoffMs(
  policy: 'exponential' | 'linear',
  delayMs: number,
  failed: number,
): number {
  return knativeBackoff(policy, delayMs, failed - 1);
}

/** Delivers every event until it is delivered or dead-lettered. */
export async function sendKnativeEvents(
  events: readonly KnativeEvent[],
  options: KnativeDeliveryOptions,
): Promise<KnativeReport> {
  const delayMs = options.backoffDelayMs ?? 2;
  const policy: RetryPolicy = {
    maxAttempts: options.retry + 1,
    isSuccess: (result) => typeof result === 'number' && result >= 200 && result < 300,
    isRetryable: isRetriedByKnative,
    backoffMs: (failed) =>
      knativeBackoffMs(options.backoffPolicy ?? 'exponential', delayMs, failed),
  };
  const sink = options.deadLetterSink;
  const records = await runPool(
    events,
    options.concurrency ?? 32,
    async (event): Promise<KnativeDeliveryRecord> => {
      let last: PostAnswer = { result: 'transport-error', body: Buffer.alloc(0) };
      const record = await deliverWithRetries(event.id, policy, async () => {
        if (sink === undefined) return options.poster.post(event.request);
        last = await options.poster.exchange(event.request, KNATIVE_ERROR_DATA_LENGTH);
        return last.result;
      });
      if (record.outcome === 'delivered' || sink === undefined) return record;
      const deadLetter = withKnativeError(event.request, {
        destination: sink.destination,
        answer: last,
      });
      const sent = await deliverWithRetries(event.id, policy, () => sink.poster.post(deadLetter));
      return { ...record, deadLetterSink: sent };
    },
  );
  return { events: records };
}

/**
 * The event as Knative sends it to the dead-letter sink: the error extensions added, in binary
 * mode (the CloudEvents Go SDK writes a message it transforms in binary mode; a structured event
 * is converted).
 */
export function withKnativeError(
  request: Message,
  error: { readonly destination: string; readonly answer: PostAnswer },
): Message {
  const { result, body } = error.answer;
  const code = result === 'transport-error' ? 500 : result;
  const text = result === 'transport-error' ? Buffer.from('dispatch error: no answer') : body;
  const extensions = {
    knativeerrordest: error.destination,
    knativeerrorcode: code,
    knativeerrordata: knativeErrorData(text),
  };
  const mediaType = headerValue(request, 'content-type')?.toLowerCase() ?? '';
  const base = mediaType.startsWith('application/cloudevents+json') ? toBinary(request) : request;
  const headers = { ...base.headers };
  for (const [name, value] of Object.entries(extensions)) {
    headers[`ce-${name}`] = encodeCeHeaderValue(String(value));
  }
  return { headers, body: base.body };
}

/**
 * A structured-mode event in binary mode, as the CloudEvents Go SDK writes it: every attribute a
 * `ce-*` header (`datacontenttype` the Content-Type), `data_base64` as its bytes, string data of a
 * non-JSON type as its text, any other data as its JSON.
 */
function toBinary(request: Message): Message {
  const event = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
  const { data, data_base64: dataBase64, datacontenttype, ...attributes } = event;
  const contentType = typeof datacontenttype === 'string' ? datacontenttype : 'application/json';
  const headers: Record<string, string> = { 'content-type': contentType };
  for (const [name, value] of Object.entries(attributes)) {
    headers[`ce-${name}`] = encodeCeHeaderValue(
      typeof value === 'string' ? value : JSON.stringify(value),
    );
  }
  const body =
    typeof dataBase64 === 'string'
      ? Buffer.from(dataBase64, 'base64')
      : typeof data === 'string' && !contentType.includes('json')
        ? Buffer.from(data, 'utf8')
        : data === undefined
          ? Buffer.alloc(0)
          : Buffer.from(JSON.stringify(data), 'utf8');
  return toMessage(headers, body);
}

/** `knativeerrordata`: control characters and bytes above 127 removed, base64, cut to 1,024. */
function knativeErrorData(body: Buffer): string {
  const kept = body.filter((byte) => byte >= 31 && byte <= 127);
  return Buffer.from(kept).toString('base64').slice(0, KNATIVE_ERROR_DATA_LENGTH);
}
