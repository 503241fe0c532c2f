import { DecodeError } from '../errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Undoes Node's Latin-1 reading of a header that was sent as raw UTF-8 bytes. Node decodes header
 * bytes as Latin-1, so `objects/café.jpg` sent raw arrives as `objects/cafÃ©.jpg`. CloudEvents
 * 1.0.2 requires percent-encoding, but older producers (knative-gcp's 2019-2020 SDKs) sent raw
 * UTF-8, and a push without wrapper writes attribute values into headers as they are. A value whose
 * characters are all at most U+00FF, some of them above U+007F, and whose Latin-1 bytes are valid
 * UTF-8, is read as UTF-8; any other value is kept (a lone `é` stays Latin-1).
 *
 * @see https://nodejs.org/api/http.html#messageheaders
 */
export function readRawUtf8HeaderValue(value: string): string {
  let high = false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0xff) return value;
    if (code > 0x7f) high = true;
  }
  if (!high) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** A `%` that does not start a `%XX` escape: the value was never percent-encoded. */
const STRAY_PERCENT = /%(?![\dA-Fa-f]{2})/;

/**
 * Decodes a binary-mode `ce-*` header value (CloudEvents HTTP binding v1.0.2 §3.1.3.2): first undo
 * RFC 7230 double-quoting (0.1/0.2-era senders quoted values), then percent-decode exactly once,
 * as UTF-8. A value whose `%XX` sequences decode to bytes that are not UTF-8 (`%FF`, the overlong
 * `%C0%A0`, an encoded surrogate, a sequence cut short) is refused, as the binding requires. A value
 * with a `%` that starts no `%XX` (an older producer's literal `100%`) was never percent-encoded and
 * is kept as sent, whole.
 *
 * @param raw - the header value as Node read it
 * @param header - the header name, lower case (`ce-subject`), for the error
 * @throws DecodeError (`invalid-event`) naming the header when its escapes are not UTF-8
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#3132-http-header-values
 */
export function decodeCeHeaderValue(raw: string, header: string): string {
  const unquoted =
    raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')
      ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
      : raw;
  if (!unquoted.includes('%') || STRAY_PERCENT.test(unquoted)) return unquoted;
  try {
    return decodeURIComponent(unquoted);
  } catch (error) {
    // Every % starts a well-formed %XX here, so decodeURIComponent fails only on bytes that are
    // not UTF-8 (it applies the Unicode standard's well-formed byte sequences).
    throw new DecodeError(
      'invalid-event',
      `header ${header} is not UTF-8 once percent-decoded: ${JSON.stringify(unquoted)}`,
      `header ${header}`,
      { cause: error },
    );
  }
}

/**
 * Encodes a value for a binary-mode `ce-*` header (the sender side of §3.1.3.2): space, `"`, `%`
 * and every character outside printable ASCII are percent-encoded as UTF-8.
 */
export function encodeCeHeaderValue(value: string): string {
  return value.replace(/[^\x21\x23-\x24\x26-\x7e]/gu, (character) =>
    encodeURIComponent(character.isWellFormed() ? character : '\ufffd'),
  );
}
