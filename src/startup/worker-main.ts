// First: stops an older Node.js before anything else is loaded.
import './require-node';
import type { Server } from 'node:http';
import { loadConfig } from '../config/load-config';
import { createWorker, type Worker } from '../worker/create-worker';
import { logProcessWarnings } from '../log/process-warnings';
import { listen } from '../worker/listen';
import { flushLog, rethrowPortInUse, runEntry, sleep } from './entry';

/**
 * How long in-flight events may take to finish after SIGTERM, in milliseconds
 * (docs/worker.md: within 8.5 s, inside Cloud Run's 10 s grace period).
 */
const DRAIN_TIMEOUT_MS = 8_500;
/**
 * When the process exits after SIGTERM whatever is still pending (a stuck log destination, a
 * stuck close), in milliseconds: inside Cloud Run's 10 s grace period.
 */
const EXIT_DEADLINE_MS = 9_500;

/**
 * The worker's entry point (`npm start`): configured only by environment variables; the only module
 * that touches `process`. Exits 1 with one line naming the variable when the configuration is invalid.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const worker = await createWorker(config);
  logProcessWarnings(process, worker.logger);
  const { server, port } = await listen(worker.app, config.port).catch(
    rethrowPortInUse(config.port),
  );
  worker.logger.info(
    {
      port,
      labeler: config.labeler,
      maxInFlight: config.maxInFlight,
      auth: config.auth.mode,
      results: config.results.mode,
      ...(config.results.mode === 'pubsub' ? { resultsTopic: config.results.topic } : {}),
      service: config.serviceName,
      node: process.version,
    },
    `dualrun worker listening on port ${port}`,
  );
  // Log lines go out in batches: this one, at once.
  worker.logger.flush();
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
    void shutdown(worker, server, signal).then((code) => process.exit(code));
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

/**
 * The drain: `/readyz` turns 503 and new events get 503, the server stops taking connections,
 * in-flight events finish (at most {@link DRAIN_TIMEOUT_MS}), the result publisher, records and logs
 * are flushed, exit 0
 * (at the latest after {@link EXIT_DEADLINE_MS}). An event cut off by the timeout was never
 * acknowledged, so the platform redelivers it.
 */
async function shutdown(worker: Worker, server: Server, signal: string): Promise<number> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  worker.logger.info({ signal, inFlight: worker.lifecycle.inFlight }, `${signal}: draining`);
  const drained = worker.lifecycle.drain(DRAIN_TIMEOUT_MS);
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  const result = await drained;
  // The handlers are done; their responses may still be on the way out. Idle keep-alive
  // connections are closed as they become idle, until every connection is gone or time is up.
  while (Date.now() < deadline) {
    server.closeIdleConnections();
    const done = await Promise.race([closed.then(() => true), sleep(50).then(() => false)]);
    if (done) break;
  }
  server.closeAllConnections();
  // The events in flight are done, so are their publishes: the publisher sends what it still
  // holds, then closes.
  await worker.resultEmitter?.close();
  await worker.results.close();
  await worker.labeler.close?.();
  worker.logger.info({ result }, `stopped (${result})`);
  await flushLog(worker.logger);
  return 0;
}

runEntry(main);
