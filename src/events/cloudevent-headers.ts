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

/**
 * Decodes a binary-mode `ce-*` header value (CloudEvents HTTP binding v1.0.2 §3.1.3.2): first undo
 * RFC 7230 double-quoting (0.1/0.2-era senders quoted values), then percent-decode exactly once.
 * A value that is not valid percent-encoding (an older producer's literal `%`) is kept as sent.
 */
export function decodeCeHeaderValue(raw: string): string {
  const unquoted =
    raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')
      ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
      : raw;
  if (!unquoted.includes('%')) return unquoted;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
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
