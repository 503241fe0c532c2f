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
