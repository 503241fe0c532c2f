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

/**
 * Parses JSON text, keeping integers beyond `Number.MAX_SAFE_INTEGER` exact: such a literal
 * (a GCS `generation` sent as a JSON number by some producers) becomes its decimal string instead
 * of a rounded number. Everything else is `JSON.parse`.
 *
 * @param text - the JSON text
 * @param what - where the text is: a JSON pointer (`/message/data`), or a description of the whole
 *   body (`the request body`), whose error pointer is `/`
 * @throws DecodeError (`malformed-body`) when the text is not JSON
 */
export function parseJson(text: string, what: string): unknown {
  const exact = MAYBE_BIG_INTEGER.test(text)
    ? text.replace(STRING_OR_NUMBER, (token) =>
        LONG_INTEGER.test(token) && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token,
      )
    : text;
  try {
    return JSON.parse(exact) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `${what} is not valid JSON: ${reason}`;
    throw new DecodeError('malformed-body', message, pointerOf(what), { cause: error });
  }
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
    throw new DecodeError(
      'invalid-event',
      `${pointer}/${key} must be a string`,
      `${pointer}/${key}`,
    );
  }
  return value;
}
