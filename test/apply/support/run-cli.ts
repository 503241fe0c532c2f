/**
 * The built entry (`dist/src/startup/apply-main.js`, written by `npm run build`) run as a child
 * process, for the exit codes and the output a person sees; its environment is only what the
 * test gives it (plus `PATH`), so no kubeconfig of the machine leaks in.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The built entry of `npm run apply` and `npm run status`. */
export const APPLY_MAIN = path.join(ROOT, 'dist/src/startup/apply-main.js');

/** A finished child: its exit code and output. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file` with `args` in the repository root, with `env` plus `PATH`. */
export function runChild(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Runs `node dist/src/startup/apply-main.js <args>`.
 *
 * @throws Error when the entry is not built (run `npm run build`)
 */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CliResult> {
  if (!existsSync(APPLY_MAIN)) throw new Error(`${APPLY_MAIN} is missing: run npm run build`);
  return runChild(process.execPath, [APPLY_MAIN, ...args], env);
}
