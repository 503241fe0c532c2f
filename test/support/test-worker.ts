import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config';
import type { HandledEvent } from '../../src/records/handled-event';
import type { Labeler } from '../../src/labelers/labeler';
import { memoryResults } from '../../src/records/results-sink';
import { createWorker, type Worker, type WorkerOverrides } from '../../src/worker/create-worker';

/** A worker for tests: records and log lines kept in memory, configured like the real one. */
export interface TestWorker extends Worker {
  readonly records: HandledEvent[];
  readonly logLines: () => Record<string, unknown>[];
}

/**
 * Composes a worker with the given labeler (or, when `undefined`, the one the environment names),
 * environment and key set for tokens; records and logs stay in memory.
 */
export async function testWorker(
  labeler: Labeler | undefined,
  env: Record<string, string> = {},
  overrides: Pick<WorkerOverrides, 'authKeys' | 'resultEmitter'> = {},
): Promise<TestWorker> {
  const records: HandledEvent[] = [];
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const worker = await createWorker(loadConfig({ LABELER: 'none', LOG_LEVEL: 'info', ...env }), {
    ...overrides,
    ...(labeler === undefined ? {} : { labeler }),
    results: memoryResults(records),
    logDestination,
  });
  return {
    ...worker,
    records,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
