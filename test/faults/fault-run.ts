/**
 * The setting of the fault runs: the real worker on a port with the real Vision client against a
 * faulty Vision stand-in and a real RESULTS_FILE, and the records read back.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config';
import type { HandledEvent } from '../../src/records/handled-event';
import { createWorker, type Worker } from '../../src/worker/create-worker';
import { listen } from '../../src/worker/listen';
import {
  startFaultyVisionServer,
  type FaultPlan,
  type FaultyVisionServer,
} from '../support/faulty-vision-server';
import { createPoster, type Poster } from '../support/http-poster';
import { visionAnswer } from './event-kinds';

/**
 * The settings of the 1,000-event sender runs (Pub/Sub push and Knative): 48 in flight, and a
 * Vision deadline long enough that only the planned faults, not a loaded machine, fail a call.
 */
export const SENDER_RUN_SETTINGS = Object.freeze({ maxInFlight: 48, visionTimeoutMs: 1000 });

/** Options of {@link startFaultRun}. */
export interface FaultRunOptions {
  readonly plan: FaultPlan;
  readonly maxInFlight: number;
  /** VISION_TIMEOUT_MS; a `slow` fault answers after three times this. */
  readonly visionTimeoutMs: number;
}

/** A running setting; `close()` it after the test. */
export interface FaultRun {
  readonly worker: Worker;
  readonly vision: FaultyVisionServer;
  readonly poster: Poster;
  /** `http://127.0.0.1:<port>`: the worker. */
  readonly url: string;
  /** Every line of RESULTS_FILE, parsed. */
  readRecords(): Promise<HandledEvent[]>;
  close(): Promise<void>;
}

/** Starts the faulty Vision stand-in and the worker (LABELER=vision) on a free port. */
export async function startFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const vision = await startFaultyVisionServer({
    plan: options.plan,
    answer: visionAnswer,
    slowMs: options.visionTimeoutMs * 3,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-faults-'));
  const resultsFile = path.join(dir, 'results.jsonl');
  const config = loadConfig({
    LABELER: 'vision',
    VISION_API_ENDPOINT: vision.url,
    VISION_TIMEOUT_MS: String(options.visionTimeoutMs),
    MAX_IN_FLIGHT: String(options.maxInFlight),
    RESULTS_FILE: resultsFile,
    LOG_LEVEL: 'info',
  });
  const worker = await createWorker(config, { logDestination: discard() });
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  const poster = createPoster(`http://127.0.0.1:${port}`, { maxSockets: 128 });
  return {
    worker,
    vision,
    poster,
    url: `http://127.0.0.1:${port}`,
    readRecords: async () =>
      (await readFile(resultsFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HandledEvent),
    close: async () => {
      poster.close();
      await closeServer(server);
      await worker.results.close();
      await worker.labeler.close?.();
      await vision.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}
