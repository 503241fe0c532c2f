import { DecodeError } from '../errors';

/** Integer literals long enough to pass 2^53, outside strings. */
const MAYBE_BIG_INTEGER = /[:,[\s]-?\d{16,}[\s,\]}]/;
/**
 * One JSON string literal or one whole number literal (sign, integer part, fraction, exponent), so
 * that the digits of a fraction or an exponent are never taken for an integer of their own.
 */
const STRING_OR_NUMBER = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** An integer literal of 16 or more digits: the only numbers that may pass 2^53. */
const LONG_INTEGER = /^-?\d{16,}$/;

/** How deep JSON may nest (objects and arrays); GCS payloads and push bodies nest 3 levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON text, keeping integers beyond `Number.MAX_SAFE_INTEGER` exact: such a literal
 * (a GCS `generation` sent as a JSON number by some producers) becomes its decimal string instead
 * of a rounded number. Text nested deeper than {@link MAX_JSON_DEPTH} levels is refused before it
 * is parsed: such a value would overflow the stack of every recursive reader after the decoder
 * (`JSON.stringify` of the record), a permanent failure on every redelivery. Everything else is
 * `JSON.parse`.
 *
 * The usual text costs one `JSON.parse` and two cheap checks: its `{` and `[` are counted with
 * `indexOf` (no more than {@link MAX_JSON_DEPTH} of them cannot nest deeper), and the parsed value
 * is searched for a number beyond 2^53; only text with such a number is rewritten and parsed again.
 *
 * @param text - the JSON text
 * @param what - where the text is: a JSON pointer (`/message/data`), or a description of the whole
 *   body (`the request body`), whose error pointer is `/`
 * @throws DecodeError (`malformed-body`) when the text is not JSON or nests too deep
 */
export function parseJson(text: string, what: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new DecodeError(
      'malformed-body',
      `${what} is nested deeper than ${MAX_JSON_DEPTH} levels`,
      pointerOf(what),
    );
  }
  const value = parseText(text, what);
  if (!holdsUnsafeInteger(value) || !MAYBE_BIG_INTEGER.test(text)) return value;
  return parseText(
    text.replace(STRING_OR_NUMBER, (token) =>
      LONG_INTEGER.test(token) && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token,
    ),
    what,
  );
}

function parseText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `${what} is not valid JSON: ${reason}`;
    throw new DecodeError('malformed-body', message, pointerOf(what), { cause: error });
  }
}

/**
 * Whether a parsed JSON value holds an integer that a number cannot keep exact (beyond 2^53): the
 * sign that its text had a literal to keep as a string. The value nests at most
 * {@link MAX_JSON_DEPTH} levels (checked before it was parsed), so the recursion is bounded.
 */
function holdsUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsUnsafeInteger);
  for (const key in value) {
    if (holdsUnsafeInteger((value as JsonObject)[key])) return true;
  }
  return false;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text opens more than `maxDepth` objects or arrays inside one another. Text with no
 * more than `maxDepth` `{` and `[` in all (every usual payload) is settled by counting them with
 * `indexOf`; only other text is scanned, once, skipping string literals, stopping as soon as the
 * depth is passed. Neither step recurses.
 */
function nestsDeeperThan(text: string, maxDepth: number): boolean {
  if (countUpTo(text, '{', maxDepth + 1) + countUpTo(text, '[', maxDepth + 1) <= maxDepth) {
    return false;
  }
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** How often `character` occurs in `text`, counting no further than `limit`. */
function countUpTo(text: string, character: string, limit: number): number {
  let count = 0;
  for (
    let at = text.indexOf(character);
    at !== -1 && count < limit;
    at = text.indexOf(character, at + 1)
  ) {
    count++;
  }
  return count;
}

/**
 * The error pointer for a place named by {@link parseJson} or `decodeBase64`: a JSON pointer as it
 * is; a description (of the whole body) is `/`.
 */
export function pointerOf(what: string): string {
  return what.startsWith('/') ? what : '/';
}

/** Whether bytes look like a JSON object or array (first non-space byte `{` or `[`). */
export function looksLikeJson(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b;
  }
  return false;
}

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** Type guard for a JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property that must be a string when present; `undefined` when absent or `null`. */
export function optionalString(
  object: JsonObject,
  key: string,
  pointer: string,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    const at = memberPointer(pointer, key);
    throw new DecodeError('invalid-event', `${at} must be a string`, at);
  }
  return value;
}

/**
 * An id or a Pub/Sub attribute value as text: a string as it is, a JSON integer as its exact
 * decimal string (integers beyond 2^53 arrive as strings already, see {@link parseJson});
 * `undefined` for any other value (a boolean, an object, a fraction, a number too large to be
 * exact).
 */
export function stringOrInteger(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/**
 * An id or an attribute value at `pointer`: a string, or a JSON integer read as its exact decimal
 * string (see {@link stringOrInteger}).
 *
 * @throws DecodeError (`invalid-event`) naming the pointer when the value is of another type
 */
export function requireStringOrInteger(value: unknown, pointer: string): string {
  const text = stringOrInteger(value);
  if (text === undefined) {
    throw new DecodeError(
      'invalid-event',
      `${pointer} must be a string or an integer, not ${kindOf(value)}`,
      pointer,
    );
  }
  return text;
}

/**
 * A property that is an id or an attribute value: a string, or a JSON integer read as its exact
 * decimal string (see {@link stringOrInteger}); `undefined` when absent or `null`.
 *
 * @throws DecodeError (`invalid-event`) naming the property when it is of another type
 */
export function optionalStringOrInteger(
  object: JsonObject,
  key: string,
  pointer: string,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  return requireStringOrInteger(value, memberPointer(pointer, key));
}

/** What a JSON value is, for error messages: `an object`, `true`, `the number 1.5`. */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The pointer of a member of the value at `pointer`: `/message` and `data` give `/message/data`;
 * `/` (the whole body) and `generation` give `/generation`.
 */
export function memberPointer(pointer: string, key: string): string {
  return `${pointer === '/' ? '' : pointer}/${key}`;
}

/** A pointer as the subject of an error message: `/` reads as `the request body`. */
export function describePointer(pointer: string): string {
  return pointer === '/' ? 'the request body' : pointer;
}
