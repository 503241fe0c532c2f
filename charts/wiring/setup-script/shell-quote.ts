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

/**
 * A value as one shell word: as it is when it holds only characters no shell treats specially
 * (`OBJECT_FINALIZE`, `roles/pubsub.publisher`), else {@link shellQuote}d.
 */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,:/=@+%-]+$/.test(value) ? value : shellQuote(value);
}

/**
 * A command of shell words on one line when it fits in `width` characters, else broken before the
 * words that do not fit, each continuation line indented by two spaces after a `\`.
 */
export function shellCommand(words: readonly string[], width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const limit = lines.length === 0 ? width - 2 : width - 4;
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join(' \\\n  ');
}
