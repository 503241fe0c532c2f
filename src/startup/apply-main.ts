import os from 'node:os';
import { runCommand } from '../apply/run-command';
import { npmSynthesize } from '../apply/synthesize-config';
import { systemClock } from '../cluster/clock';

/**
 * `npm run apply` and `npm run status` (`node dist/src/startup/apply-main.js apply|status ...`):
 * the entry point, the only module of the commands that touches `process`. A terminal gets the
 * table redrawn in place; CI (`CI` set) and pipes get one line per change.
 */
async function main(): Promise<void> {
  const npmCli = process.env.npm_execpath;
  const interactive = process.stdout.isTTY && !process.env.CI;
  process.exitCode = await runCommand(process.argv.slice(2), {
    env: process.env,
    homeDir: os.homedir(),
    out: process.stdout,
    err: process.stderr,
    mode: interactive ? 'terminal' : 'lines',
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    ...(process.stdout.rows ? { rows: process.stdout.rows } : {}),
    clock: systemClock,
    synthesize: npmSynthesize(
      npmCli ? { command: process.execPath, args: [npmCli] } : { command: 'npm', args: [] },
      process.cwd(),
    ),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `apply: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 5;
});
