/**
 * What the three entry points (`worker-main.ts`, `source-main.ts`, `dead-letter-main.ts`) share
 * about their process: a port in use as a configuration error, the one-line exit on a failed
 * start, the wait for the log's last lines.
 */
import type { Logger } from 'pino';
import { ConfigError } from '../errors';

/**
 * A `listen()` failure as the entry reports it: `EADDRINUSE` becomes a {@link ConfigError} naming
 * `PORT`; any other error is rethrown as it is.
 *
 * @param port - the port that was asked for
 * @throws ConfigError for a port in use; the error itself otherwise
 */
export function rethrowPortInUse(port: number): (error: unknown) => never {
  return (error) => {
    throw isAddressInUse(error)
      ? new ConfigError(
          'PORT',
          `PORT=${JSON.stringify(String(port))} is invalid: the port is in use`,
        )
      : error;
  };
}

/**
 * Runs an entry's `main`; when its start fails, writes one line to stderr (a
 * {@link ConfigError}'s message alone, otherwise `failed to start:` and the stack) and exits 1.
 */
export function runEntry(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const line =
      error instanceof ConfigError
        ? error.message
        : `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`dualrun: ${line}\n`);
    process.exit(1);
  });
}

/** Resolves once the logger has written every line it holds. */
export function flushLog(logger: Pick<Logger, 'flush'>): Promise<void> {
  return new Promise<void>((resolve) => {
    logger.flush(() => {
      resolve();
    });
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isAddressInUse(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE'
  );
}
