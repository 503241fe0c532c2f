/**
 * The `npm run synth` command without its process: arguments in, lines out through the writers it
 * is given, an exit status back. `synth.ts` runs it on `process`; tests run it directly.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OptionError } from '../src/cli/option-error';
import { DeploymentConfigError } from '../charts/config/deployment-config-error';
import { OUTPUT_FILES, synthesizeFile } from './synth-app';

/** Where the command writes: each call gets whole lines, newline included. */
export interface SynthCommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** What `--help` prints. */
export const SYNTH_USAGE = `Usage: npm run synth -- [--config FILE] [--out DIR]

Reads the deployment config, checks it, and writes under DIR:
${Object.values(OUTPUT_FILES)
  .map((file) => `  ${file}`)
  .join('\n')}
An invalid config is reported one line per problem, and nothing is written.

Options:
  --config FILE  the deployment config (default: dualrun.config.yaml)
  --out DIR      where knative/ and cloudrun/ are written (default: the current directory)
  -h, --help     print this help

Exit status: 0 when the outputs are written, 1 when the config is invalid or an output cannot be
written, 2 for an unknown option or a config file that cannot be read.
`;

/**
 * Runs `npm run synth` with `args` (the arguments after `--`).
 *
 * Each output written is printed as `wrote <path>`, the path under `--out` (`DIR/knative/...`).
 *
 * @returns the exit status: 0 written, 1 an invalid config or an output that cannot be written, 2
 *   a bad argument or a config file that cannot be read
 */
export function synthCommand(args: readonly string[], output: SynthCommandOutput): number {
  let values: { config: string; out: string; help: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        config: { type: 'string', default: 'dualrun.config.yaml' },
        out: { type: 'string', default: '.' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    output.stderr(`${messageOf(error)}\n\n${SYNTH_USAGE}`);
    return 2;
  }
  if (values.help) {
    output.stdout(SYNTH_USAGE);
    return 0;
  }
  try {
    const onWarning = (line: string) => {
      output.stderr(`${line}\n`);
    };
    for (const file of synthesizeFile(values.config, values.out, { onWarning })) {
      output.stdout(`wrote ${path.join(values.out, file)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof OptionError) {
      output.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof DeploymentConfigError || isFileError(error)) {
      output.stderr(`${messageOf(error)}\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * A file that cannot be written (an unwritable output directory): an error
 * with an errno `code`. Not `instanceof Error`, which fails for an error of another realm.
 */
function isFileError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && typeof Reflect.get(error, 'code') === 'string'
  );
}

/** An error's message (`parseArgs`' "Unknown option '--x'"), or the value as text. */
function messageOf(error: unknown): string {
  const message: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'message') : undefined;
  return typeof message === 'string' ? message : String(error);
}
