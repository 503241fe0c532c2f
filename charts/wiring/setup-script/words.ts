/**
 * Bash words made of literal text and header settings, for the generated steps: each value a step
 * passes is written as the header variables that hold it (`"$TOPIC"`), so the header is where every
 * value of the script is read.
 */
import type { SetupScriptSettings, SetupScriptVariable } from './settings';
import { shellQuote } from './shell-quote';

/** A header variable in a word. */
export interface VariablePart {
  readonly variable: SetupScriptVariable;
}

/** One part of a word: literal text, or a header variable. */
export type WordPart = string | VariablePart;

/** Literal text a double-quoted bash string keeps as it is. */
const PLAIN = /^[^"$`\\!]*$/;

/**
 * One bash word that expands to the parts joined: `"push subscription $SUBSCRIPTION"`, or, when a
 * literal holds a character that double quotes would interpret, single-quoted literals and
 * double-quoted variables side by side.
 */
export function bashWord(...parts: readonly WordPart[]): string {
  const literals = parts.filter((part): part is string => typeof part === 'string');
  if (literals.every((text) => PLAIN.test(text))) {
    const inner = parts
      .map((part, index) => {
        if (typeof part === 'string') return part;
        const next = parts[index + 1];
        // `$NAME` followed by a name character would read as a longer name: brace it.
        const braced = typeof next === 'string' && /^[A-Za-z0-9_]/.test(next);
        return braced ? `\${${part.variable}}` : `$${part.variable}`;
      })
      .join('');
    return `"${inner}"`;
  }
  return parts
    .map((part) => (typeof part === 'string' ? shellQuote(part) : `"$${part.variable}"`))
    .join('');
}

/**
 * A variable part of a word, checked against the settings the script declares.
 *
 * @throws Error when the script does not declare `variable` (a step would read an unset name)
 */
export function variableOf(
  settings: SetupScriptSettings,
  variable: SetupScriptVariable,
): VariablePart {
  if (settings[variable] === undefined) {
    throw new Error(`setup.sh would use ${variable}, which its wiring gives no value`);
  }
  return { variable };
}
