import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { ConfigError, ResultsWriteError } from '../errors';
import type { ResultsSink } from './results-sink';

/**
 * Opens `path` for appending (created if missing) and writes each record as one JSON line, in
 * the order appended; records appended while a write is under way go out together in the next.
 * `append()` resolves once its line is written, and rejects when the write that carried it failed.
 * Opening at start turns a path that cannot be written into a configuration error, not a failed
 * event. A FIFO (named pipe) is taken when a process reads it: opening one that none reads would
 * wait for a reader for ever, and the worker would hang at start with no word.
 *
 * @throws ConfigError (`RESULTS_FILE`) when the file cannot be opened for appending, or is a FIFO
 *   that no process reads
 */
export async function openResultsFile(path: string): Promise<ResultsSink> {
  // Held open until the file is: the reader of a FIFO reads to its end when its last writer goes.
  const fifoWriter = await writerOfReadFifo(path);
  const file = await open(path, 'a')
    .catch((error: unknown) => {
      throw new ConfigError(
        'RESULTS_FILE',
        `RESULTS_FILE=${JSON.stringify(path)} cannot be opened for appending: ${reasonOf(error)}`,
      );
    })
    .finally(() => fifoWriter?.close());
  // One write at a time: a record larger than one write call (Node writes in chunks) would
  // otherwise interleave with a concurrent one and break both lines. The lines appended while a
  // write is under way wait in `next` and go out together in the following write (a group commit):
  // under load one write carries many records, where one write per record cost about 4 % of the
  // worker's CPU in the Vision run of `npm run bench`.
  let queue: Promise<unknown> = Promise.resolve();
  let next: { readonly lines: string[]; readonly written: Promise<void> } | undefined;
  let closed = false;
  return {
    append: (record) => {
      if (closed) return Promise.reject(new ResultsWriteError('the results file is closed'));
      const line = `${JSON.stringify(record)}\n`;
      if (next === undefined) {
        const lines = [line];
        const written = queue.then(() => {
          next = undefined;
          return file.appendFile(lines.join(''));
        });
        queue = written.catch(() => undefined);
        next = { lines, written };
      } else {
        next.lines.push(line);
      }
      return next.written.catch((error: unknown) => {
        // A full disk, an I/O error: every record fails the same way until an operator acts.
        throw new ResultsWriteError(
          `the record could not be written to RESULTS_FILE: ${reasonOf(error)}`,
          { cause: error, needsOperator: true },
        );
      });
    },
    close: async () => {
      closed = true;
      await queue;
      await file.close();
    },
  };
}

/**
 * When `path` is a FIFO, a non-blocking writer of it, which proves a process reads it: with none,
 * that open fails at once with ENXIO (POSIX `open`), where the blocking open would wait for ever.
 * `undefined` when `path` is no FIFO.
 *
 * @throws ConfigError (`RESULTS_FILE`) when the FIFO has no reader
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/functions/open.html
 */
async function writerOfReadFifo(path: string): Promise<FileHandle | undefined> {
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isFIFO() !== true) return undefined;
  return open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch((error: unknown) => {
    throw new ConfigError(
      'RESULTS_FILE',
      reasonOf(error) === 'ENXIO'
        ? `RESULTS_FILE=${JSON.stringify(path)} is a FIFO that no process reads: start its reader first`
        : `RESULTS_FILE=${JSON.stringify(path)} cannot be opened for appending: ${reasonOf(error)}`,
    );
  });
}

function reasonOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  ) {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
