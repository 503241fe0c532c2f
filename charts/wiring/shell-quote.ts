/**
 * Quotes a value for a POSIX shell: the whole value in single quotes, each `'` written as `'\''`.
 * Inside single quotes nothing is special (`$`, backquotes, `\`, `;`, newlines), so bash reads the
 * result back as exactly `value`.
 *
 * @example shellQuote("it's") === "'it'\\''s'"
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * Reads back a value written by {@link shellQuote}, or `undefined` when `quoted` is not in that
 * form (single-quoted runs joined by `\'`).
 */
export function shellUnquote(quoted: string): string | undefined {
  if (!/^'[^']*'(?:\\''[^']*')*$/.test(quoted)) return undefined;
  return quoted.slice(1, -1).replaceAll("'\\''", "'");
}
