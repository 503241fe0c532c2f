import { decodeCeHeaderValue } from '../events/cloudevent-headers';
import { outgoingHeaders, type Message } from '../events/message';
import { isJsonObject, parseJson } from '../events/json';
import type { ProblemView } from './api-types';
import { readableText } from './body-text';
import { InputError } from './object-ref';

/** How long one send may take, in milliseconds, answer included. */
export const SEND_TIMEOUT_MS = 30_000;

/** A worker's answer to one delivery. */
export interface WorkerAnswer {
  /** The HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly statusText: string;
  /** Why no answer came (connection refused, timeout), when `status` is 0. */
  readonly error?: string;
  /** The answer's headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The answer body as text (pretty JSON when JSON). */
  readonly body: string;
  /** The RFC 9457 problem body, when the answer is `application/problem+json`. */
  readonly problem?: ProblemView;
  /**
   * A binary-mode CloudEvent reply (a Knative subscriber's result event), in the CloudEvents JSON
   * format: its attributes from the `ce-*` headers (percent-decoded), `datacontenttype` from the
   * Content-Type, `data` the body (parsed when it is JSON, else its text).
   *
   * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#31-binary-content-mode
   */
  readonly replyEvent?: Readonly<Record<string, unknown>>;
}

/**
 * Reads a worker URL: `http:` or `https:` only.
 *
 * @throws InputError naming the text when it is no such URL
 */
export function parseWorkerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${JSON.stringify(text)} is no URL (expected http://host:port/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${JSON.stringify(text)}: only http: and https: workers are reached`);
  }
  return url;
}

/**
 * POSTs one delivery to a worker, as a push subscription or a Broker would, and reads the answer.
 * Never throws for a failed send: no answer is status 0 with the reason.
 *
 * @param extraHeaders - added to the delivery's own (an `Authorization` bearer token)
 */
export async function sendDelivery(
  message: Message,
  url: URL,
  extraHeaders: Readonly<Record<string, string>> = {},
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<WorkerAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...outgoingHeaders(message), ...extraHeaders },
      body: message.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { status: 0, statusText: '', error: reasonOf(error), headers: {}, body: '' };
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers = Object.fromEntries(response.headers.entries());
  const body = readableText(bytes) ?? `(${bytes.length} bytes, not UTF-8)`;
  const problem = problemOf(headers['content-type'], bytes);
  const replyEvent = replyEventOf(headers, bytes);
  return {
    status: response.status,
    statusText: response.statusText,
    headers,
    body,
    ...(problem === undefined ? {} : { problem }),
    ...(replyEvent === undefined ? {} : { replyEvent }),
  };
}

function problemOf(contentType: string | undefined, bytes: Buffer): ProblemView | undefined {
  if (contentType?.toLowerCase().startsWith('application/problem+json') !== true) return undefined;
  try {
    const value = parseJson(bytes.toString('utf8'), 'the answer');
    if (
      isJsonObject(value) &&
      typeof value.title === 'string' &&
      typeof value.status === 'number'
    ) {
      return value as unknown as ProblemView;
    }
  } catch {
    // Not JSON after all: the caller shows the body as text.
  }
  return undefined;
}

function replyEventOf(
  headers: Readonly<Record<string, string>>,
  bytes: Buffer,
): WorkerAnswer['replyEvent'] {
  if (headers['ce-specversion'] === undefined) return undefined;
  const attributes = Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.startsWith('ce-'))
      .map(([name, value]) => [name.slice(3), attributeValue(value, name)]),
  );
  const contentType = headers['content-type'];
  return {
    ...attributes,
    ...(contentType === undefined ? {} : { datacontenttype: contentType }),
    ...(bytes.length === 0 ? {} : { data: dataOf(contentType, bytes) }),
  };
}

/** A reply's data: parsed when its media type is JSON (`application/json`, `+json`), else text. */
function dataOf(contentType: string | undefined, bytes: Buffer): unknown {
  const text = readableText(bytes) ?? `(${bytes.length} bytes, not UTF-8)`;
  if (!/^[^;]*(?:\/json|\+json)\s*(?:;|$)/i.test(contentType ?? '')) return text;
  try {
    return parseJson(bytes.toString('utf8'), 'the reply');
  } catch {
    return text;
  }
}

/** A `ce-*` header's value as the attribute holds it (percent-decoded), else as it came. */
function attributeValue(value: string, header: string): string {
  try {
    return decodeCeHeaderValue(value, header);
  } catch {
    return value;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}
