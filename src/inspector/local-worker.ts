import type { Server } from 'node:http';
import { loadConfig } from '../config/load-config';
import type { ResultsSink } from '../records/results-sink';
import { createWorker } from '../worker/create-worker';
import { listen } from '../worker/listen';

/** The worker the inspector starts: the real worker, offline. */
export interface LocalWorker {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: URL;
  close(): Promise<void>;
}

/**
 * Starts the worker in-process with `LABELER=local` on `bucketDir` and `RESULTS_MODE=reply` (as on
 * Knative: a labeled or unlabelable image of a one-event delivery is answered 200 with its result
 * event), on a free port of 127.0.0.1, its records going to `results` (the inspector's live feed)
 * and its log nowhere.
 *
 * @throws ConfigError when `bucketDir` is not a directory
 */
export async function startLocalWorker(
  bucketDir: string,
  results: ResultsSink,
): Promise<LocalWorker> {
  const config = loadConfig({
    LABELER: 'local',
    LOCAL_BUCKET_DIR: bucketDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    RESULTS_MODE: 'reply',
  });
  const worker = await createWorker(config, { results });
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    close: async () => {
      await closeServer(server);
      await worker.labeler.close?.();
    },
  };
}

/** Closes a server and every connection it holds (idle keep-alive ones included). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
