// First: stops an older Node.js before anything else is loaded.
import './require-node';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { loadDeadLetterConfig } from '../config/dead-letter-config';
import { DEAD_LETTER_PUBLISH_TIMEOUT_MS } from '../config/dead-letter-contract';
import {
  createDeadLetterReceiver,
  DEAD_LETTER_MAX_BODY_BYTES,
  DEAD_LETTER_MAX_IN_FLIGHT,
} from '../worker/dead-letter-app';
import { createLogDestination, createLogger, logWriter } from '../log/logger';
import { logProcessWarnings } from '../log/process-warnings';
import { createPubSubClient, deadLetterTopic } from '../source/pubsub-client';
import type { DeadLetterTopic } from '../source/subscription';
import { Lifecycle } from '../worker/lifecycle';
import { listen } from '../worker/listen';
import { flushLog, rethrowPortInUse, runEntry, sleep } from './entry';

/** The most one publish may take, its retries included, in milliseconds; then 503. */
const PUBLISH_TIMEOUT_MS = DEAD_LETTER_PUBLISH_TIMEOUT_MS;
/** How long the dead letters in flight may take after SIGTERM, in milliseconds: one publish and a margin. */
const DRAIN_TIMEOUT_MS = PUBLISH_TIMEOUT_MS + 2_000;
/** When the process exits after SIGTERM whatever is still pending, in milliseconds. */
const EXIT_DEADLINE_MS = DRAIN_TIMEOUT_MS + 3_000;

/**
 * The Knative dead-letter receiver's entry point (`npm run dead-letters`; in the image
 * `node dist/src/startup/dead-letter-main.js`): configured only by environment variables; the only
 * module of the receiver that touches `process`. Exits 1 with one line naming the variable when
 * the configuration is invalid, as the worker and the source do.
 */
async function main(): Promise<void> {
  const config = loadDeadLetterConfig(process.env);
  const destination = createLogDestination();
  const logger = createLogger(config.logLevel, destination);
  logProcessWarnings(process, logger);
  const pubsub = createPubSubClient({
    projectId: config.projectId,
    emulatorHost: config.emulatorHost,
  });
  const topic = deadLetterTopic(pubsub, config.topic, { publishTimeoutMs: PUBLISH_TIMEOUT_MS });
  const lifecycle = new Lifecycle(DEAD_LETTER_MAX_IN_FLIGHT);
  const app = createDeadLetterReceiver({
    topic,
    topicName: config.topic,
    logger,
    lifecycle,
    logWritten: logWriter(destination),
  });
  const { server, port } = await listen(app, config.port).catch(rethrowPortInUse(config.port));
  logger.info(
    {
      port,
      topic: config.topic,
      maxInFlight: DEAD_LETTER_MAX_IN_FLIGHT,
      maxBodyBytes: DEAD_LETTER_MAX_BODY_BYTES,
      publishTimeoutMs: PUBLISH_TIMEOUT_MS,
      emulatorHost: config.emulatorHost,
      node: process.version,
    },
    `dualrun dead-letter receiver listening on port ${port}, keeping dead letters in ${config.topic}`,
  );
  logger.flush();
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
    void shutdown({ lifecycle, server, topic, logger }, signal).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

/**
 * The drain: `/readyz` turns 503 and new dead letters get 503 (the Broker sends them again), the
 * server stops taking connections, the dead letters in flight finish their publishes (at most
 * {@link DRAIN_TIMEOUT_MS}), the publisher sends what it holds and closes, the log is flushed.
 * A dead letter cut off was never answered 2xx, so the Broker sends it again.
 */
async function shutdown(
  parts: {
    readonly lifecycle: Lifecycle;
    readonly server: Server;
    readonly topic: DeadLetterTopic;
    readonly logger: Logger;
  },
  signal: string,
): Promise<void> {
  const { lifecycle, server, topic, logger } = parts;
  logger.info({ signal, inFlight: lifecycle.inFlight }, `${signal}: draining`);
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  const result = await lifecycle.drain(DRAIN_TIMEOUT_MS);
  // The answers are on their way out; then the kept-alive connections go.
  server.closeIdleConnections();
  await Promise.race([closed, sleep(500)]);
  server.closeAllConnections();
  await topic.close();
  logger.info({ result }, `stopped (${result})`);
  await flushLog(logger);
}

runEntry(main);
