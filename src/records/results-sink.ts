import type { HandledEvent } from './handled-event';

/** Where handled events are recorded: one JSON line each (`RESULTS_FILE`, or none). */
export interface ResultsSink {
  /**
   * Appends one record; resolves once the line is written to the file.
   *
   * @throws ResultsWriteError when the line cannot be written (disk full, I/O error, closed)
   */
  append(record: HandledEvent): Promise<void>;
  /** Waits for pending writes, then closes the file. */
  close(): Promise<void>;
}

/** A sink that records nothing (no `RESULTS_FILE`). */
export const noResults: ResultsSink = Object.freeze({
  append: () => Promise.resolve(),
  close: () => Promise.resolve(),
});

/** A sink that keeps the records in `records`, in order (the demo, tests). */
export function memoryResults(records: HandledEvent[]): ResultsSink {
  return {
    append: (record) => {
      records.push(record);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
