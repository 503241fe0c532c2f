import { decodeBase64 } from '../events/base64';
import { looksLikeJson, parseJson } from '../events/json';
import type { Message } from '../events/message';
import type { Base64View } from './api-types';

/** How deep the search for base64 values goes: push bodies and batches nest three levels. */
const MAX_SEARCH_DEPTH = 8;

/** The body parsed as JSON (int64 literals kept exact), or `undefined` when it is not JSON. */
export function jsonBodyOf(message: Message): unknown {
  if (!looksLikeJson(message.body)) return undefined;
  try {
    return parseJson(message.body.toString('utf8'), 'the request body');
  } catch {
    return undefined;
  }
}

/**
 * The base64 string values of a JSON body, by pointer: every `data_base64` (CloudEvents JSON
 * format) and the `data` of a Pub/Sub `message` (a push body, or the data of a messagePublished
 * event).
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md#31-handling-of-data
 * @see https://cloud.google.com/pubsub/docs/reference/rest/v1/PubsubMessage
 */
export function base64Values(body: unknown): { pointer: string; text: string }[] {
  const found: { pointer: string; text: string }[] = [];
  const visit = (
    value: unknown,
    pointer: string,
    key: string,
    parentKey: string,
    depth: number,
  ) => {
    if (typeof value === 'string') {
      if (key === 'data_base64' || (key === 'data' && parentKey === 'message')) {
        found.push({ pointer, text: value });
      }
      return;
    }
    if (typeof value !== 'object' || value === null || depth >= MAX_SEARCH_DEPTH) return;
    for (const [childKey, child] of Object.entries(value)) {
      visit(child, childPointer(pointer, childKey), childKey, key, depth + 1);
    }
  };
  visit(body, '', '', '', 0);
  return found;
}

/** Each base64 value of the body decoded: as pretty JSON, as text, or a note why not. */
export function decodedBase64Of(body: unknown): Base64View[] {
  return base64Values(body).map(({ pointer, text }) => {
    let decoded: string;
    try {
      decoded = readableText(decodeBase64(text, pointer)) ?? '(not UTF-8 text)';
    } catch (error) {
      decoded = `(${error instanceof Error ? error.message : String(error)})`;
    }
    return { pointer, decoded };
  });
}

/**
 * Bytes as text for people: JSON pretty-printed (int64 literals kept exact), other UTF-8 as is;
 * `undefined` when the bytes are not UTF-8.
 */
export function readableText(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (!looksLikeJson(bytes)) return text;
  try {
    return JSON.stringify(parseJson(text, 'the text'), null, 2);
  } catch {
    return text;
  }
}

/**
 * The value at a JSON pointer (`/message/attributes/eventType`, `/0/type`), or `undefined` when
 * the path does not exist.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */
export function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** A pointer one token deeper. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
