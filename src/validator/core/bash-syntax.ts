/** The one adapter of the validator that runs a program: `bash -n` on a script's text. */
import { spawnSync } from 'node:child_process';

/** Reads a script's syntax: bash's message when it does not parse, `undefined` when it does. */
export type ShellSyntaxCheck = (text: string) => string | undefined;

/**
 * `bash -n` with the text on stdin (nothing is executed). When bash cannot be run, the syntax is
 * not checked (`undefined`) rather than reported.
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
