/**
 * Shell scripts among the manifests (`cloudrun/setup.sh`): the variables their header declares, one
 * per line as `readonly NAME='value'` (also `"value"` or a bare word), which the cross-file rules
 * compare with the manifests, and their syntax as `bash -n` reads it. A single-quoted value is read
 * as a POSIX shell reads it (and the generator writes it): a `'` in it is the four characters `'\''`.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import type { ScriptVariable, ShellScript } from './manifest-document';

/** Any `readonly NAME=` line, whatever its value. */
const ANY_DECLARATION = /^\s*readonly\s+([A-Za-z_][A-Za-z0-9_]*)=/;
/** A declaration whose value is a literal: single-quoted, double-quoted without expansions, or bare. */
const DECLARATION =
  /^\s*readonly\s+([A-Za-z_][A-Za-z0-9_]*)=(?:('[^']*'(?:\\''[^']*')*)|"([^"$`\\]*)"|([^\s'"$`;]*))\s*(?:#.*)?$/;

/** The declared variables of `text` (the first declaration of a name wins, as `readonly` does). */
export function readShellScript(file: string, text: string): ShellScript {
  const variables = new Map<string, ScriptVariable>();
  const unread: ShellScript['unread'][number][] = [];
  const declared = new Set<string>();
  text.split('\n').forEach((lineText, index) => {
    const name = ANY_DECLARATION.exec(lineText)?.[1];
    if (name === undefined) return;
    const line = index + 1;
    const match = declared.has(name) ? undefined : DECLARATION.exec(lineText);
    if (match === undefined || match === null) {
      unread.push({ name, line, why: declared.has(name) ? 'repeated' : 'not-literal' });
    } else {
      const singleQuoted = match[2]?.slice(1, -1).replaceAll("'\\''", "'");
      variables.set(name, { name, value: singleQuoted ?? match[3] ?? match[4] ?? '', line });
    }
    declared.add(name);
  });
  return {
    file,
    kind: 'Script',
    name: basename(file),
    variables,
    unread,
    lineOf: (path) => (typeof path[0] === 'string' ? variables.get(path[0])?.line : undefined),
  };
}

/** Reads a script's syntax: bash's message when it does not parse, `undefined` when it does. */
export type ShellSyntaxCheck = (text: string) => string | undefined;

/**
 * `bash -n` with the text on stdin (nothing is executed): the validator's one adapter that runs a
 * program. When bash cannot be run, the syntax is not checked (`undefined`) rather than reported.
 *
 * @param timeoutMs - how long bash may take to read the script @default 10000
 */
export function bashSyntaxCheck(timeoutMs = 10_000): ShellSyntaxCheck {
  return (text) => {
    const result = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8', timeout: timeoutMs });
    if (result.error !== undefined || result.status === 0) return undefined;
    return result.stderr
      .trim()
      .replace(/^bash: /gm, '')
      .split('\n')
      .join('; ');
  };
}
