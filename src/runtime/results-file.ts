import { createWriteStream, type WriteStream } from 'node:fs';
import type { HandledEvent } from '../handling/handled-event';

/** Where handled events are recorded: one JSON line each (DESIGN 3.4 RESULTS_FILE). */
export interface ResultsSink {
  /** Appends one record; resolves once the line is handed to the operating system. */
  append(record: HandledEvent): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** A sink that records nothing (no `RESULTS_FILE`). */
export const noResults: ResultsSink = Object.freeze({
  append: () => Promise.resolve(),
  close: () => Promise.resolve(),
});

/**
 * Opens `path` for appending (created if missing) and writes each record as one JSON line.
 *
 * @throws Error (from `fs`) on the first append when the file cannot be written
 */
export function createResultsFile(path: string): ResultsSink {
  let stream: WriteStream | undefined;
  const open = (): WriteStream => (stream ??= createWriteStream(path, { flags: 'a' }));
  return {
    append: (record) =>
      new Promise((resolve, reject) => {
        open().write(`${JSON.stringify(record)}\n`, (error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (stream === undefined) resolve();
        else
          stream.end(() => {
            resolve();
          });
      }),
  };
}
