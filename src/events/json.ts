import { DecodeError } from '../errors';

/**
 * A number literal that a double may not hold exactly: one with a fraction or an exponent, or an
 * integer of 16 digits or more, standing between JSON delimiters. Text inside a string that looks
 * like one (`"ratio: 1.5 ,"`) only costs the exact parse; a time such as `10:00:00.5Z` does not.
 */
const MAYBE_INEXACT_NUMBER =
  /(?:^|[:,[\s])-?(?:\d+(?:\.\d+)?[eE][+-]?\d+|\d+\.\d+|\d{16,})(?=[\s,\]}]|$)/;
/** A JSON number literal's parts: sign, integer digits, fraction digits, exponent. */
const NUMBER_PARTS = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** The digits of 2^53 - 1, the largest integer a double holds exactly with all below it. */
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);
/**
 * The most digits an exact integer is written out with: past every 64-bit integer, so that
 * `1e1000000` (9 bytes of text) does not become a million digits; longer ones stay literals.
 */
const MAX_INTEGER_DIGITS = 40;

/**
 * A number kept as the literal text it was sent as (ECMAScript's `JSON.rawJSON`, from the JSON.parse
 * source text access proposal, shipped in V8 11.4): `JSON.stringify` writes the literal back
 * unchanged, and no reader takes it for a number, an integer or an object.
 *
 * @see https://github.com/tc39/proposal-json-parse-with-source
 */
export interface RawJsonNumber {
  readonly rawJSON: string;
}

/** The parts of `JSON` that TypeScript's lib does not declare yet. */
const JSON_SOURCE = JSON as JSON & {
  rawJSON(text: string): RawJsonNumber;
  isRawJSON(value: unknown): value is RawJsonNumber;
};

/** How deep JSON may nest (objects and arrays); GCS payloads and push bodies nest 3 levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON text, never rounding a number a reader could take for an integer. `JSON.parse` reads
 * every number as the nearest double, so `1712345678901234567.0`, `1.712345678901234567e18` and
 * `1712345678901234567` would all be 1712345678901234688 (cloudevents/sdk-javascript#489). Here
 * a number literal whose exact decimal value is an integer that a double cannot hold (beyond
 * 2^53, in any notation) becomes its exact decimal string (`"1712345678901234567"`), as an int64
 * sent as a string would be; a literal that is no integer but that a double would round to one
 * (`12.0000000000000001`, `1e-400`, `9007199254740993.5`) stays its literal text (a
 * {@link RawJsonNumber}), so that no reader takes it for an integer and the record writes it as
 * sent. Every other number is the double `JSON.parse` gives (`0.98`, `1.5`, `12.0` is 12).
 *
 * Text nested deeper than {@link MAX_JSON_DEPTH} levels is refused before it is parsed: such a
 * value would overflow the stack of every recursive reader after the decoder (`JSON.stringify` of
 * the record), a permanent failure on every redelivery.
 *
 * The usual text costs one `JSON.parse` and two cheap checks: its `{` and `[` are counted with
 * `indexOf` (no more than {@link MAX_JSON_DEPTH} of them cannot nest deeper), and the parsed value is
 * searched for a number that reads as an integer (Cloud Storage sends int64s as strings, so there
 * is usually none); only when there is one, and the text has a literal that a double may not hold,
 * is the text parsed again, with a reviver that reads each number's source text.
 *
 * @param text - the JSON text
 * @param what - where the text is: a JSON pointer (`/message/data`), or a description of the whole
 *   body (`the request body`), whose error pointer is `/`
 * @throws DecodeError (`malformed-body`) when the text is not JSON or nests too deep
 * @see https://github.com/tc39/proposal-json-parse-with-source
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
  if (!holdsIntegralNumber(value) || !MAYBE_INEXACT_NUMBER.test(text)) return value;
  return parseText(text, what, exactNumbers);
}

function parseText(text: string, what: string, reviver?: Reviver): unknown {
  try {
    return JSON.parse(text, reviver) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `${what} is not valid JSON: ${reason}`;
    throw new DecodeError('malformed-body', message, pointerOf(what), { cause: error });
  }
}

/**
 * Whether a parsed JSON value holds a number that reads as an integer, or no finite number at all
 * (`1e400`): only such a number may have been rounded from its literal. The value nests at most
 * {@link MAX_JSON_DEPTH} levels (checked before it was parsed), so the recursion is bounded.
 */
function holdsIntegralNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsIntegralNumber);
  for (const key in value) {
    if (holdsIntegralNumber((value as JsonObject)[key])) return true;
  }
  return false;
}

type Reviver = (this: unknown, key: string, value: unknown) => unknown;

/** The reviver of {@link parseJson}: each number by its source text (see {@link exactNumber}). */
function exactNumbers(
  this: unknown,
  _key: string,
  value: unknown,
  context?: { readonly source?: string },
): unknown {
  return typeof value === 'number' && context?.source !== undefined
    ? exactNumber(value, context.source)
    : value;
}

/**
 * A number as {@link parseJson} keeps it: the double when it is exact or no integer is at stake; the
 * exact decimal string of an integer a double cannot hold; the literal text of a non-integer that a
 * double would round to an integer.
 *
 * @param value - the double `JSON.parse` read
 * @param source - its literal text
 */
function exactNumber(value: number, source: string): unknown {
  const parts = NUMBER_PARTS.exec(source);
  if (parts === null) return value;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = parts;
  const integer = exactInteger(whole + fraction, Number(exponent) - fraction.length);
  if (integer === 'not-an-integer') {
    return Number.isInteger(value) ? JSON_SOURCE.rawJSON(source) : value;
  }
  if (integer === 'too-long') return JSON_SOURCE.rawJSON(source);
  const { digits } = integer;
  const safe =
    digits.length < MAX_SAFE_DIGITS.length ||
    (digits.length === MAX_SAFE_DIGITS.length && digits <= MAX_SAFE_DIGITS);
  return safe ? value : `${sign}${digits}`;
}

/**
 * The decimal digits (no leading zeros; `0` for zero) of `digits × 10^exponent` when that is an
 * integer of at most {@link MAX_INTEGER_DIGITS} digits.
 */
function exactInteger(
  digits: string,
  exponent: number,
): { readonly digits: string } | 'not-an-integer' | 'too-long' {
  let last = digits.length;
  let shift = exponent;
  while (last > 0 && digits.charCodeAt(last - 1) === ZERO) {
    last--;
    shift++;
  }
  let first = 0;
  while (first < last && digits.charCodeAt(first) === ZERO) first++;
  if (first === last) return { digits: '0' };
  if (shift < 0) return 'not-an-integer';
  if (last - first + shift > MAX_INTEGER_DIGITS) return 'too-long';
  return { digits: digits.slice(first, last) + '0'.repeat(shift) };
}

const ZERO = 0x30;
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

/**
 * Event data as the JSON it holds: a string whose first character other than white space is `{`
 * holds a JSON object that its producer encoded once more (cloudevents/sdk-python#185; whether a
 * string `data` is text or JSON was unclear, cloudevents/spec#558), and is parsed once, whatever
 * the declared content type; any other value is returned as it is.
 *
 * @param pointer - where the data sits (`/data`), for error messages
 * @throws DecodeError (`malformed-body`) when such a string is not JSON
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md#31-handling-of-data
 */
export function unwrapJsonString(value: unknown, pointer: string): unknown {
  if (typeof value !== 'string' || !/^\s*\{/.test(value)) return value;
  return parseJson(value, pointer);
}

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** Type guard for a JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !JSON_SOURCE.isRawJSON(value)
  );
}

/** Type guard for a number {@link parseJson} kept as its literal text. */
export function isRawJsonNumber(value: unknown): value is RawJsonNumber {
  return JSON_SOURCE.isRawJSON(value);
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
 * decimal string (integers beyond 2^53, in any notation, arrive as strings already, see
 * {@link parseJson}); `undefined` for any other value (a boolean, an object, a fraction, a number
 * kept as its literal).
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
  if (JSON_SOURCE.isRawJSON(value)) return `the number ${value.rawJSON}`;
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
