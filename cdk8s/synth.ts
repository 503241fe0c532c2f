/**
 * `npm run synth [-- --config <file>] [-- --out <dir>]`: reads the deployment config (default
 * `dualrun.config.yaml`) and writes `knative/` and `cloudrun/` under the output directory (default:
 * the current directory, the repository root under npm). Exit code 1 with one line per problem when
 * the config is invalid or cannot be read, 2 for unknown arguments.
 */
import { parseArgs } from 'node:util';
import { DeploymentConfigError } from '../charts/config/deployment-config-error';
import { synthesizeFile } from './synth-app';

const USAGE = 'usage: npm run synth -- [--config dualrun.config.yaml] [--out .]';

function main(args: string[]): number {
  let values: { config: string; out: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string', default: 'dualrun.config.yaml' },
        out: { type: 'string', default: '.' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  try {
    for (const file of synthesizeFile(values.config, values.out)) {
      process.stdout.write(`wrote ${file}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DeploymentConfigError || isFileError(error)) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** A file that cannot be read or written (missing config, unwritable output directory). */
function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

process.exitCode = main(process.argv.slice(2));
