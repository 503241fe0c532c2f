/**
 * The framework-free shape of one HTTP delivery, as the decoders see it (after the cloudevents SDK's
 * `Message`, `src/message/index.ts`): header names in lower case, the raw body bytes.
 */
export interface Message {
  /** Header values by lower-case name; Node's `IncomingMessage.headers` fits as it is. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes; an empty buffer for an empty body (never `{}`). */
  readonly body: Buffer;
}

/**
 * Builds a {@link Message} from headers in any case (HTTP header names are case-insensitive,
 * RFC 9110 §5.1). Use it for headers that did not come from Node's HTTP parser.
 */
export function toMessage(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  body: Buffer | string = Buffer.alloc(0),
): Message {
  const lower: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return { headers: lower, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

/**
 * One header's value, or `undefined` when absent. Repeated headers are joined with `", "` as
 * RFC 9110 §5.3 allows.
 *
 * @param name - the header name in lower case
 */
export function headerValue(message: Message, name: string): string | undefined {
  const value = message.headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}
