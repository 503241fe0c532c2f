// First: stops an older Node.js before anything else is loaded.
import './require-node';
import type { Server } from 'node:http';
import { loadSourceConfig, type SourceConfig } from '../config/source-config';
import { createLogger } from '../log/logger';
import { logProcessWarnings } from '../log/process-warnings';
import { createSource, type Source } from '../source/create-source';
import { listenForProbes } from '../source/health-server';
import { createPubSubClient, deadLetterTopic, pullSubscription } from '../source/pubsub-client';
import { createSinkClient } from '../source/sink-client';
import { fileToken } from '../source/sink-token';
import { flushLog, rethrowPortInUse, runEntry } from './entry';

/**
 * How long the sends in flight may take to finish after SIGTERM, in milliseconds
 * (docs/pubsub-source.md: exit within 10 s); the rest are aborted and nacked.
 */
const DRAIN_TIMEOUT_MS = 8_000;
/** When the process exits after SIGTERM whatever is still pending, in milliseconds. */
const EXIT_DEADLINE_MS = 9_500;

/**
 * The Pub/Sub source's entry point (`npm run source`; in the image
 * `node dist/src/startup/source-main.js`): configured only by environment variables; the only
 * module of the source that touches `process`. Exits 1 with one line naming the variable when the
 * configuration is invalid, as the worker does.
 */
async function main(): Promise<void> {
  const config = loadSourceConfig(process.env);
  const logger = createLogger(config.logLevel);
  logProcessWarnings(process, logger);
  const source = composeSource(config, logger);
  const { server, port } = await listenForProbes(source.ready, config.port).catch(
    rethrowPortInUse(config.port),
  );
  source.start();
  logger.info(
    {
      port,
      subscription: config.subscription,
      sink: config.sinkUrl,
      bucket: config.bucket,
      maxOutstandingMessages: config.maxOutstandingMessages,
      sendTimeoutMs: config.sendTimeoutMs,
      emulatorHost: config.emulatorHost,
      node: process.version,
    },
    `dualrun source pulling ${config.subscription} into ${config.sinkUrl}`,
  );
  logger.flush();
  let stopping = false;
  const stop = (why: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
    void shutdown(source, server, logger, why).then(() => process.exit(code));
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM', 0);
  });
  process.on('SIGINT', () => {
    stop('SIGINT', 0);
  });
  void source.failed.then((error) => {
    logger.error({ err: error }, `the subscription failed: ${error.message}`);
    stop('subscription failed', 1);
  });
}

/** The real dependencies: the Pub/Sub client, the sink client with its token, the logger. */
function composeSource(config: SourceConfig, logger: ReturnType<typeof createLogger>): Source {
  const pubsub = createPubSubClient({
    projectId: config.projectId,
    emulatorHost: config.emulatorHost,
  });
  return createSource({
    subscription: pullSubscription(pubsub, {
      name: config.subscription,
      maxMessages: config.maxOutstandingMessages,
      maxBytes: config.maxOutstandingBytes,
    }),
    // A dead-letter publish gets the send's deadline: one that times out nacks the message.
    deadLetter: deadLetterTopic(pubsub, config.deadLetterTopic, {
      publishTimeoutMs: config.sendTimeoutMs,
    }),
    sink: createSinkClient({
      url: config.sinkUrl,
      caCerts: config.sinkCaCerts,
      timeoutMs: config.sendTimeoutMs,
      maxSockets: config.maxOutstandingMessages,
      token: fileToken({ path: config.sinkTokenFile }),
    }),
    logger,
    subscriptionName: config.subscription,
    bucket: config.bucket,
    extensions: config.ceExtensions,
  });
}

/**
 * The drain (docs/pubsub-source.md, SIGTERM): `/readyz` turns 503, pulling stops, the sends in
 * flight finish (at most {@link DRAIN_TIMEOUT_MS}; the rest are aborted and nacked), the pending
 * acks and nacks are sent, the log is flushed.
 */
async function shutdown(
  source: Source,
  server: Server,
  logger: ReturnType<typeof createLogger>,
  why: string,
): Promise<void> {
  logger.info({ inFlight: source.inFlight() }, `${why}: draining`);
  const result = await source.stop(DRAIN_TIMEOUT_MS);
  server.close();
  server.closeAllConnections();
  logger.info({ result }, `stopped (${result})`);
  await flushLog(logger);
}

runEntry(main);
