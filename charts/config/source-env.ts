/**
 * The environment of the Pub/Sub source's container (`knative.source.kind: pubsub`): the
 * subscription and dead-letter topic by full name, the bucket, its limits, and the key file when
 * the source does not use Workload Identity. Never `K_SINK` or `K_CE_OVERRIDES`: Knative's
 * SinkBinding sets them.
 */
import { SOURCE_VARIABLES } from '../../src/config/source-config';
import { SOURCE_ENV } from '../../src/config/source-contract';
import { WORKER_PORT } from '../../src/config/worker-contract';
import type { DeploymentConfig, PubSubSource } from './deployment-config';
import { subscriptionPath, topicPath } from './derived-names';
import type { EnvEntry } from './worker-env';

/** A variable the source reads. */
export type SourceVariable = (typeof SOURCE_VARIABLES)[number];

/** Where the key Secret is mounted in the source container, read-only. */
export const KEY_SECRET_MOUNT_PATH = '/var/run/secrets/google';

/** The port of the source's `/healthz` and `/readyz`, set explicitly so the probes name it. */
export const SOURCE_PORT = WORKER_PORT;

/** One of the source's variables and its value (the name checked against the source's table). */
function entry(name: SourceVariable, value: string | number): EnvEntry {
  return [name, String(value)];
}

/**
 * The config field each variable the kit sets comes from, so that a value the source refuses is
 * blamed on the field the user wrote.
 */
export const SOURCE_VARIABLE_SOURCES: Readonly<Partial<Record<SourceVariable, string>>> = {
  [SOURCE_ENV.subscription]: 'knative.source.subscription',
  [SOURCE_ENV.bucket]: 'google.bucket',
  [SOURCE_ENV.deadLetterTopic]: 'pubsub.deadLetterTopic',
  [SOURCE_ENV.sendTimeoutMs]: 'knative.source.sendTimeoutMs',
  [SOURCE_ENV.maxOutstandingMessages]: 'knative.source.maxOutstandingMessages',
  [SOURCE_ENV.logLevel]: 'worker.LOG_LEVEL',
};

/**
 * The source container's environment, in a stable order. `LOG_LEVEL` follows the worker's
 * (`worker.LOG_LEVEL`) when the config sets it.
 *
 * @see https://knative.dev/docs/eventing/custom-event-source/containersource/ (K_SINK, K_CE_OVERRIDES)
 */
export function sourceEnvironment(config: DeploymentConfig, source: PubSubSource): EnvEntry[] {
  const logLevel = config.worker.LOG_LEVEL;
  return [
    entry(SOURCE_ENV.subscription, subscriptionPath(config, source.subscription)),
    entry(SOURCE_ENV.bucket, config.google.bucket),
    entry(SOURCE_ENV.deadLetterTopic, topicPath(config, config.pubsub.deadLetterTopic)),
    entry(SOURCE_ENV.sendTimeoutMs, source.sendTimeoutMs),
    entry(SOURCE_ENV.maxOutstandingMessages, source.maxOutstandingMessages),
    entry(SOURCE_ENV.port, SOURCE_PORT),
    ...(logLevel === undefined ? [] : [entry(SOURCE_ENV.logLevel, String(logLevel))]),
    ...(source.keySecret === undefined
      ? []
      : [
          [
            SOURCE_ENV.credentials,
            `${KEY_SECRET_MOUNT_PATH}/${source.keySecret.key}`,
          ] satisfies EnvEntry,
        ]),
  ];
}
