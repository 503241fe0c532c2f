/**
 * `npm run convert -- FILE [options]`: converts a Knative Service to Cloud Run service YAML or
 * back (see `convert-command.ts` for the options and exit statuses). This entry only connects the
 * command to the process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { convertCommand } from './convert-command';

process.exitCode = convertCommand(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => {
    writeFileSync(path, text);
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
