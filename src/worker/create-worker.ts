import type { JWTVerifyGetKey } from 'jose';
import type Koa from 'koa';
import type { DestinationStream, Logger } from 'pino';
import { createAuthenticator } from '../auth/create-authenticator';
import type { WorkerConfig } from '../config/load-config';
import { RESULT_PUBLISH_TIMEOUT_MS } from '../config/worker-contract';
import { DedupeSet } from '../handling/dedupe';
import { createEventHandler } from '../handling/handle-event';
import { createLabeler } from '../labelers/create-labeler';
import type { Labeler } from '../labelers/labeler';
import { createLogDestination, createLogger, logWriter } from '../log/logger';
import { openResultsFile } from '../records/results-file';
import { noResults, type ResultsSink } from '../records/results-sink';
import { createResultEmitter } from '../results/create-result-emitter';
import type { ResultEmitter } from '../results/result-emitter';
import { createApp } from './app';
import { Lifecycle } from './lifecycle';

/** A composed worker: the Koa app and the parts its shutdown needs. */
export interface Worker {
  readonly app: Koa;
  readonly lifecycle: Lifecycle;
  readonly labeler: Labeler;
  readonly results: ResultsSink;
  /** Where result events go (`RESULTS_MODE` `reply` or `pubsub`); absent with `none`. */
  readonly resultEmitter: ResultEmitter | undefined;
  readonly logger: Logger;
}

/** Parts a caller may provide instead of the ones the config describes (tests, the demo). */
export interface WorkerOverrides {
  readonly labeler?: Labeler;
  readonly results?: ResultsSink;
  readonly logDestination?: DestinationStream;
  /** The keys that verify `AUTH_MODE=oidc` tokens, instead of a remote key set at `AUTH_JWKS_URL`. */
  readonly authKeys?: JWTVerifyGetKey;
  /** Where result events go, instead of the emitter `RESULTS_MODE` describes (`null`: none). */
  readonly resultEmitter?: ResultEmitter | null;
}

/**
 * Composes the worker from its configuration: labeler, de-duplication, records, result events
 * (the Pub/Sub publisher, with `RESULTS_MODE=pubsub`, created here once), logs, push
 * authentication (its key set, fetched on first use), app.
 *
 * @throws ConfigError when a configured resource is unusable (RESULTS_FILE cannot be opened,
 *   LOCAL_BUCKET_DIR is not a directory)
 */
export async function createWorker(
  config: WorkerConfig,
  overrides: WorkerOverrides = {},
): Promise<Worker> {
  const labeler = overrides.labeler ?? (await createLabeler(config));
  const results =
    overrides.results ??
    (config.resultsFile === undefined ? noResults : await openResultsFile(config.resultsFile));
  const logDestination = overrides.logDestination ?? createLogDestination();
  const logger = createLogger(config.logLevel, logDestination);
  const lifecycle = new Lifecycle(config.maxInFlight);
  const resultEmitter =
    overrides.resultEmitter === undefined
      ? await createResultEmitter(config, { publishTimeoutMs: RESULT_PUBLISH_TIMEOUT_MS })
      : (overrides.resultEmitter ?? undefined);
  const handler = createEventHandler({ labeler, dedupe: new DedupeSet(), results, resultEmitter });
  const app = createApp({
    handler,
    logger,
    lifecycle,
    maxBodyBytes: config.maxBodyBytes,
    project: config.googleCloudProject,
    replyWithResult: resultEmitter?.mode === 'reply',
    logWritten: logWriter(logDestination),
    authenticator: await createAuthenticator(
      config.auth,
      overrides.authKeys === undefined ? {} : { keys: overrides.authKeys },
    ),
  });
  return { app, lifecycle, labeler, results, resultEmitter, logger };
}
