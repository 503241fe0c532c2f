import type { DeliveryFormat } from '../events/canonical-event';
import { outgoingHeaders, type Message } from '../events/message';
import type { HeaderKind, HeaderView, RequestView } from './api-types';
import { decodedBase64Of, jsonBodyOf, readableText } from './body-text';

/**
 * HTTP headers that are no event attribute in any format: a push without wrapper sends every
 * other header it adds as a message attribute.
 *
 * @see https://cloud.google.com/pubsub/docs/payload-unwrapping
 */
const HTTP_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'authorization',
  'connection',
  'content-length',
  'content-type',
  'forwarded',
  'from',
  'host',
  'traceparent',
  'tracestate',
  'user-agent',
  'via',
  'x-cloud-trace-context',
  'x-forwarded-for',
  'x-forwarded-proto',
]);

/** Header name prefixes and what a header with one is, checked in order. */
const HEADER_PREFIXES: readonly { readonly prefix: string; readonly kind: HeaderKind }[] =
  Object.freeze([
    { prefix: 'ce-', kind: 'cloudevent' },
    { prefix: 'x-goog-pubsub-', kind: 'pubsub' },
  ]);

/**
 * What a header is: a CloudEvent attribute, Pub/Sub metadata, a message attribute (only in a push
 * without wrapper, which sends each attribute as a header of its own) or plain HTTP.
 *
 * @param name - the header name in lower case
 * @param format - the delivery format, when known
 */
export function headerKind(name: string, format: DeliveryFormat | undefined): HeaderKind {
  const prefixed = HEADER_PREFIXES.find(({ prefix }) => name.startsWith(prefix));
  if (prefixed !== undefined) return prefixed.kind;
  return format === 'pubsub-push-unwrapped' && !HTTP_HEADERS.has(name) ? 'attribute' : 'http';
}

/**
 * One delivery as an HTTP request for people: the headers as sent and marked by kind, the whole
 * body, the body pretty-printed when JSON, and every base64 value decoded beside it.
 */
export function requestView(
  message: Message,
  format: DeliveryFormat | undefined,
  request: { readonly method: string; readonly target: string } = { method: 'POST', target: '/' },
): RequestView {
  const headers: HeaderView[] = Object.entries(outgoingHeaders(message)).map(([name, value]) => ({
    name,
    value,
    kind: headerKind(name, format),
  }));
  const body = jsonBodyOf(message);
  const pretty = body === undefined ? undefined : readableText(message.body);
  return {
    method: request.method,
    target: request.target,
    headers,
    body: message.body.toString('utf8'),
    ...(pretty === undefined ? {} : { bodyPretty: pretty }),
    bodyBytes: message.body.length,
    base64: decodedBase64Of(body),
  };
}

/**
 * The request as text, whole: request line, headers, blank line, body (what `npm run send --show`
 * prints; nothing is shortened).
 */
export function requestText(message: Message, url: URL): string {
  const headers = Object.entries(outgoingHeaders(message)).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    ...headers,
    `content-length: ${message.body.length}`,
    '',
    message.body.toString('utf8'),
  ].join('\n');
}
