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

/**
 * Whether data of this media type is JSON: `application/json`, `text/json` and every `+json`
 * suffix (CloudEvents JSON format §3.1 treats `*\/json` and `*\/*+json` as JSON).
 */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType.endsWith('/json') || mediaType.endsWith('+json');
}
