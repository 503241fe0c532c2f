/**
 * A tag for bash text in TypeScript: like `String.raw` (backslashes stay as written), with `\${`
 * standing for bash's `${`. It takes no substitutions, so a bare `${…}` in the text is a compile
 * error rather than a silent interpolation.
 */
export function bash(strings: TemplateStringsArray): string {
  return strings.raw.join('').replaceAll('\\${', '${');
}
