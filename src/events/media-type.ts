/**
 * Media types as they arrive in Content-Type: case-insensitive, with optional parameters
 * (`application/cloudevents+json; charset=UTF-8`). See RFC 9110 §8.3.1.
 */

/** The bare media type of a Content-Type value: lower case, without parameters or spaces. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** The `charset` parameter: its name in any case, its value a token or a quoted string. */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/i;

/**
 * The `charset` parameter of a Content-Type value (`application/json; charset="ISO-8859-1"` gives
 * `ISO-8859-1`), or `undefined` when it has none.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1
 */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType?.includes(';') !== true) return undefined;
  const match = CHARSET_PARAMETER.exec(contentType);
  if (match === null) return undefined;
  return match[1]?.replace(/\\(.)/g, '$1') ?? match[2];
}

/**
 * Whether data of this media type is JSON: `application/json`, `text/json` and every `+json`
 * suffix (CloudEvents JSON format §3.1 treats `*\/json` and `*\/*+json` as JSON).
 */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType.endsWith('/json') || mediaType.endsWith('+json');
}
