/**
 * `npm run synth [-- --config <file>] [-- --out <dir>]`: reads the deployment config (default
 * `dualrun.config.yaml`) and writes `knative/` and `cloudrun/` under the output directory (default:
 * the current directory, the repository root under npm). `--help` prints the usage. Exit code 1
 * with one line per problem when the config is invalid or an output cannot be written, 2 for
 * unknown arguments and a config file that cannot be read (one line: `--config FILE: no such file`).
 * The command itself is `synth-command.ts`; this entry only connects it to the process.
 */
import { synthCommand } from './synth-command';

process.exitCode = synthCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
