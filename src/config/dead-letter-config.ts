/**
 * The Knative dead-letter receiver's configuration: one row per environment variable, as for the
 * worker and the source, and the same one-line `ConfigError` naming the variable.
 */
import * as z from 'zod';
import { integer } from './env-integer';
import { readVariables } from './env-table';
import { LOG_LEVELS, type LogLevel } from './load-config';
import { projectOf, PUBSUB_EMULATOR_HOST_ROW, TOPIC_NAME, TOPIC_NAME_RULE } from './pubsub-names';
import { WORKER_PORT } from './worker-contract';

/** The receiver's configuration, read from environment variables only. */
export interface DeadLetterConfig {
  /**
   * `PUBSUB_DEAD_LETTER_TOPIC`: `projects/P/topics/T`, where every dead letter is published (the
   * topic the Cloud Run path's push subscription dead-letters to has the same form).
   */
  readonly topic: string;
  /** The project of {@link topic}: the Pub/Sub client's project. */
  readonly projectId: string;
  /** `PORT`: the listen port, set by Knative. @default 8080 */
  readonly port: number;
  /** `LOG_LEVEL`: a pino level. @default 'info' */
  readonly logLevel: LogLevel;
  /**
   * `PUBSUB_EMULATOR_HOST`: `host:port` of a Pub/Sub emulator; the client then connects there
   * without TLS or credentials, as `@google-cloud/pubsub` does with this variable.
   */
  readonly emulatorHost: string | undefined;
}

/** One row per variable: its schema and how the accepted values read in an error message. */
const VARIABLES = {
  PUBSUB_DEAD_LETTER_TOPIC: {
    schema: z.string().regex(TOPIC_NAME),
    accepted: TOPIC_NAME_RULE,
  },
  PORT: {
    schema: integer(0, 65535).default(WORKER_PORT),
    accepted: 'a port number from 0 to 65535',
  },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS).default('info'), accepted: LOG_LEVELS.join(', ') },
  PUBSUB_EMULATOR_HOST: PUBSUB_EMULATOR_HOST_ROW,
} as const;

/** Every variable the receiver reads, in table order: for tools that set them (the charts). */
export const DEAD_LETTER_VARIABLES = Object.keys(VARIABLES) as readonly (keyof typeof VARIABLES)[];

/**
 * Reads and validates the receiver's configuration. An empty variable counts as unset.
 *
 * @param env - the environment, e.g. `process.env` (passed in: this module never reads `process`)
 * @throws ConfigError naming the variable, its value and the accepted values
 */
export function loadDeadLetterConfig(
  env: Readonly<Record<string, string | undefined>>,
): DeadLetterConfig {
  const values = readVariables(VARIABLES, env);
  return {
    topic: values.PUBSUB_DEAD_LETTER_TOPIC,
    projectId: projectOf(values.PUBSUB_DEAD_LETTER_TOPIC, TOPIC_NAME),
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    emulatorHost: values.PUBSUB_EMULATOR_HOST,
  };
}
