/**
 * Reads the variables a generated shell script declares in its header, one per line as
 * `readonly NAME='value'` (also `"value"` or a bare word): the values the cross-object rules compare
 * with the manifests (e.g. `ACK_DEADLINE_SECONDS`). A single-quoted value is read as the generator
 * writes it (`charts/shell-quote.ts`): a `'` in it is the four characters `'\''`.
 */
import { basename } from 'node:path';
import { shellUnquote } from '../../../charts/shell-quote';
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
    if (declared.has(name)) {
      unread.push({ name, line, why: 'repeated' });
      return;
    }
    declared.add(name);
    const match = DECLARATION.exec(lineText);
    if (match === null) {
      unread.push({ name, line, why: 'not-literal' });
      return;
    }
    const singleQuoted = match[2] === undefined ? undefined : shellUnquote(match[2]);
    const value = singleQuoted ?? match[3] ?? match[4] ?? '';
    variables.set(name, { name, value, line });
  });
  return {
    file,
    kind: 'Script',
    name: basename(file),
    variables,
    unread,
    lineOf: (path) => {
      const first = path[0];
      return typeof first === 'string' ? variables.get(first)?.line : undefined;
    },
  };
}
