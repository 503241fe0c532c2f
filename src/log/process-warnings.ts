import type { Logger } from 'pino';

/** What emits process warnings: `process`, or an EventEmitter standing in for it in tests. */
export interface WarningSource {
  removeAllListeners(event: 'warning'): unknown;
  on(event: 'warning', listener: (warning: Error) => void): unknown;
}

/**
 * Sends the process's warnings (`process.emitWarning`: Node's deprecations, gcp-metadata's
 * `MetadataLookupWarning` when no metadata server answers) to the JSON log, one `WARNING` line
 * each with the warning's name and code, instead of Node's plain-text line on stderr, which
 * Cloud Logging would read as an unstructured `ERROR`. Node prints warnings through its own
 * `'warning'` listener; that listener is removed, so nothing else is printed.
 *
 * @see https://nodejs.org/docs/latest-v20.x/api/process.html#event-warning
 */
export function logProcessWarnings(source: WarningSource, logger: Logger): void {
  source.removeAllListeners('warning');
  source.on('warning', (warning) => {
    const code = (warning as Error & { code?: unknown }).code;
    logger.warn(
      { warning: { name: warning.name, ...(typeof code === 'string' ? { code } : {}) } },
      warning.message,
    );
  });
}
