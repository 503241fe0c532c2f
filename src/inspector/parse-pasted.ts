import { isJsonObject } from '../events/json';
import { toMessage, type Message } from '../events/message';
import { InputError } from './object-ref';

/** A delivery the user pasted: the message and its request line (as pasted, or `POST /`). */
export interface PastedDelivery {
  readonly message: Message;
  readonly method: string;
  readonly target: string;
}

/** `METHOD target HTTP/x.y`. */
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/;
/** `name: value`: a token, a colon, the value. */
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/**
 * Headers that belong to one connection, not to the delivery: dropped, so that a pasted request can
 * be sent again (the sender writes its own).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1
 */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'expect',
]);

/**
 * Reads a delivery the user captured: a raw HTTP request (an optional request line, header lines,
 * a blank line, the body), or JSON `{"headers": {...}, "body": ...}` with the body as a string or
 * as JSON. Connection headers ({@link CONNECTION_HEADERS}) are dropped.
 *
 * @throws InputError when the text is neither, naming the line or the field
 */
export function parsePasted(text: string): PastedDelivery {
  if (text.trim() === '') throw new InputError('nothing was pasted');
  return /^\s*\{/.test(text) ? fromJson(text) : fromRawRequest(text);
}

function fromJson(text: string): PastedDelivery {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `the pasted JSON does not parse: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isJsonObject(value) || !isJsonObject(value.headers)) {
    throw new InputError(
      'pasted JSON must be {"headers": {"name": "value", ...}, "body": ...}; paste a bare body as a raw request, after its headers and a blank line',
    );
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, headerValue] of Object.entries(value.headers)) {
    if (typeof headerValue === 'string') headers[name] = headerValue;
    else if (Array.isArray(headerValue) && headerValue.every((item) => typeof item === 'string')) {
      headers[name] = headerValue;
    } else throw new InputError(`header ${JSON.stringify(name)} must be a string`);
  }
  const body =
    value.body === undefined
      ? ''
      : typeof value.body === 'string'
        ? value.body
        : JSON.stringify(value.body);
  return { message: withoutConnectionHeaders(headers, body), method: 'POST', target: '/' };
}

function fromRawRequest(text: string): PastedDelivery {
  const split = /\r?\n\r?\n/.exec(text);
  const head = split === null ? text : text.slice(0, split.index);
  const body = split === null ? '' : text.slice(split.index + split[0].length);
  const lines = head.replace(/^\s*\n/, '').split(/\r?\n/);
  const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
  const headers: [string, string][] = [];
  for (const [index, line] of lines.entries()) {
    if (index === 0 && requestLine !== null) continue;
    const header = HEADER_LINE.exec(line);
    if (header === null) {
      throw new InputError(
        `line ${index + 1} is no header ("name: value"): ${JSON.stringify(line.slice(0, 80))}; ` +
          'paste a raw HTTP request (request line, headers, a blank line, the body) or JSON {"headers", "body"}',
      );
    }
    headers.push([header[1] ?? '', header[2] ?? '']);
  }
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of headers) (grouped[name.toLowerCase()] ??= []).push(value);
  const single = Object.fromEntries(
    Object.entries(grouped).map(([name, values]) => [
      name,
      values.length === 1 ? values[0] : values,
    ]),
  );
  return {
    message: withoutConnectionHeaders(single, body),
    method: requestLine?.[1] ?? 'POST',
    target: requestLine?.[2] ?? '/',
  };
}

function withoutConnectionHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  body: string,
): Message {
  const kept = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase())),
  );
  return toMessage(kept, body);
}
