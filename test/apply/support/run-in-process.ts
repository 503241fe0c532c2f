/**
 * `apply` and `status` run in-process through `runCommand`, as the entry runs them, with their
 * output captured (plain lines, as in CI) and a short poll interval.
 */
import { runCommand, type CommandDeps } from '../../../src/apply/run-command';
import { systemClock } from '../../../src/cluster/clock';

/** What a run printed and its exit code. */
export interface CommandResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Options of `runInProcess`. */
export interface InProcessOptions {
  /** Overrides of the dependencies (`synthesize`, `env`...). */
  readonly deps?: Partial<CommandDeps>;
  /** Called with each chunk written to stdout, as it is written. */
  readonly onOut?: (text: string) => void;
}

/** Runs `argv` (`apply|status` and options) with `runCommand`. */
export async function runInProcess(
  argv: readonly string[],
  options: InProcessOptions = {},
): Promise<CommandResult> {
  let out = '';
  let err = '';
  const code = await runCommand(argv, {
    env: {},
    out: {
      write: (text) => {
        out += text;
        options.onOut?.(text);
      },
    },
    err: { write: (text) => (err += text) },
    mode: 'lines',
    clock: systemClock,
    pollIntervalMs: 100,
    synthesize: () => Promise.reject(new Error('this test does not synthesize')),
    ...options.deps,
  });
  return { code, out, err };
}
