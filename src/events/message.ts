/**
 * The framework-free shape of one HTTP delivery, as the decoders see it (after the cloudevents SDK's
 * `Message`, `src/message/index.ts`): header names in lower case, the raw body bytes.
 */
export interface Message {
  /**
   * Header values by lower-case name: one string, or every value of a repeated header in the order
   * received. Node's `IncomingMessage.headersDistinct` (every header as an array) keeps repetitions
   * visible; `IncomingMessage.headers` fits too, but has already joined them with `", "`.
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes; an empty buffer for an empty body (never `{}`). */
  readonly body: Buffer;
}

/**
 * Builds a {@link Message} from headers in any case (HTTP header names are case-insensitive,
 * RFC 9110 §5.1). Use it for headers that did not come from Node's HTTP parser. Names that differ
 * only in case are one header sent several times: their values are kept in order, as an array.
 */
export function toMessage(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  body: Buffer | string = Buffer.alloc(0),
): Message {
  const lower: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const earlier = Object.hasOwn(lower, key) ? lower[key] : undefined;
    lower[key] =
      earlier === undefined || value === undefined
        ? (value ?? earlier)
        : [...valuesOf(earlier), ...valuesOf(value)];
  }
  return { headers: lower, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

/**
 * Headers of which only the first value counts, as Node's `IncomingMessage.headers` discards the
 * repetitions (of the headers Node treats so, the only one the decoders read).
 */
const FIRST_VALUE_ONLY: ReadonlySet<string> = new Set(['content-type']);

/**
 * One header's value, or `undefined` when absent. Repeated headers are joined with `", "` as
 * RFC 9110 §5.3 allows, except Content-Type, of which the first value counts (as Node does). For a
 * header that must be sent once, read {@link headerValues} instead.
 *
 * @param name - the header name in lower case
 */
export function headerValue(message: Message, name: string): string | undefined {
  const values = headerValues(message, name);
  if (values.length === 0) return undefined;
  return FIRST_VALUE_ONLY.has(name) ? values[0] : values.join(', ');
}

/**
 * Every value of a header, in the order received; empty when absent. A header given as one string
 * is one value (a repetition that Node joined into it cannot be seen).
 *
 * @param name - the header name in lower case
 */
export function headerValues(message: Message, name: string): readonly string[] {
  const value = Object.hasOwn(message.headers, name) ? message.headers[name] : undefined;
  return value === undefined ? [] : valuesOf(value);
}

function valuesOf(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

/**
 * The headers as one string each, for sending over HTTP (`fetch`, `http.request`): a repeated
 * header's values joined with `", "`, as a client sends them on one line.
 */
export function outgoingHeaders(message: Message): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return headers;
}
