/**
 * The Pub/Sub source's configuration (docs/pubsub-source.md): one row per environment variable, as
 * for the worker (`load-config.ts`), and the same one-line `ConfigError` naming the variable.
 */
import * as z from 'zod';
import { ConfigError } from '../errors';
import { parseCeOverrides } from '../source/ce-overrides';
import { integer } from './env-integer';
import { readVariables } from './env-table';
import { LOG_LEVELS, type LogLevel } from './load-config';
import {
  projectOf,
  PUBSUB_EMULATOR_HOST_ROW,
  SUBSCRIPTION_NAME,
  SUBSCRIPTION_NAME_RULE,
  TOPIC_NAME,
  TOPIC_NAME_RULE,
} from './pubsub-names';
import { SOURCE_DEFAULTS } from './source-contract';

/** The source's configuration, read from environment variables only. */
export interface SourceConfig {
  /** `PUBSUB_SUBSCRIPTION`: the notification subscription's full name `projects/P/subscriptions/S`. */
  readonly subscription: string;
  /** The project of {@link subscription}: the Pub/Sub client's project. */
  readonly projectId: string;
  /** `BUCKET`: only notifications of this bucket are sent; others are acknowledged and logged. */
  readonly bucket: string;
  /**
   * `PUBSUB_DEAD_LETTER_TOPIC`: `projects/P/topics/T`, where a message the sink refuses for good
   * is published (then acknowledged): the subscription's own dead-letter topic.
   */
  readonly deadLetterTopic: string;
  /** `K_SINK`: the sink's URL (the Broker), `http://` or `https://`. */
  readonly sinkUrl: string;
  /** `K_CE_OVERRIDES` `extensions`: CloudEvent extensions added to every event, by name. */
  readonly ceExtensions: Readonly<Record<string, string>>;
  /** `K_CA_CERTS`: PEM certificates trusted for TLS to the sink, besides Node's own roots. */
  readonly sinkCaCerts: string | undefined;
  /**
   * `SINK_OIDC_TOKEN_FILE`: the OIDC token for the sink, sent as `Authorization: Bearer` when the
   * file exists (Knative's SinkBinding mounts it at `/oidc/token` with `authentication-oidc`).
   * @default '/oidc/token'
   */
  readonly sinkTokenFile: string;
  /** `SEND_TIMEOUT_MS`: the deadline of one POST to the sink, in milliseconds. @default 10000 */
  readonly sendTimeoutMs: number;
  /** `MAX_OUTSTANDING_MESSAGES`: messages held (being sent) at once: flow control. @default 80 */
  readonly maxOutstandingMessages: number;
  /** `MAX_OUTSTANDING_BYTES`: bytes of message data held at once. @default 104857600 (100 MiB) */
  readonly maxOutstandingBytes: number;
  /** `PORT`: the port of `/healthz` and `/readyz`. @default 8080 */
  readonly port: number;
  /** `LOG_LEVEL`: a pino level. @default 'info' */
  readonly logLevel: LogLevel;
  /**
   * `PUBSUB_EMULATOR_HOST`: `host:port` of a Pub/Sub emulator; the client then connects there
   * without TLS or credentials, as `@google-cloud/pubsub` does with this variable.
   */
  readonly emulatorHost: string | undefined;
}

/** @see https://cloud.google.com/storage/docs/buckets#naming */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => URL.canParse(value) && new URL(value).hash === '');

/** One row per variable: its schema and how the accepted values read in an error message. */
const VARIABLES = {
  PUBSUB_SUBSCRIPTION: {
    schema: z.string().regex(SUBSCRIPTION_NAME),
    accepted: SUBSCRIPTION_NAME_RULE,
  },
  BUCKET: { schema: z.string().regex(BUCKET_NAME), accepted: 'a Cloud Storage bucket name' },
  PUBSUB_DEAD_LETTER_TOPIC: {
    schema: z.string().regex(TOPIC_NAME),
    accepted: TOPIC_NAME_RULE,
  },
  K_SINK: { schema: httpUrl, accepted: 'an http:// or https:// URL (the Broker)' },
  K_CE_OVERRIDES: {
    schema: z.string().optional(),
    accepted: 'JSON such as {"extensions":{"name":"value"}}',
  },
  K_CA_CERTS: {
    schema: z.string().includes('-----BEGIN CERTIFICATE-----').optional(),
    accepted: 'PEM certificates',
  },
  SINK_OIDC_TOKEN_FILE: {
    schema: z.string().startsWith('/').default('/oidc/token'),
    accepted: 'an absolute file path',
  },
  SEND_TIMEOUT_MS: {
    schema: integer(1, 600_000).default(SOURCE_DEFAULTS.sendTimeoutMs),
    accepted: 'milliseconds from 1 to 600000, below the subscription ack deadline',
  },
  MAX_OUTSTANDING_MESSAGES: {
    schema: integer(1, 10_000).default(SOURCE_DEFAULTS.maxOutstandingMessages),
    accepted: 'an integer from 1 to 10000',
  },
  MAX_OUTSTANDING_BYTES: {
    schema: integer(1_048_576, 1_073_741_824).default(104_857_600),
    accepted: 'bytes from 1048576 to 1073741824',
  },
  PORT: { schema: integer(0, 65535).default(8080), accepted: 'a port number from 0 to 65535' },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS).default('info'), accepted: LOG_LEVELS.join(', ') },
  PUBSUB_EMULATOR_HOST: PUBSUB_EMULATOR_HOST_ROW,
} as const;

type Variable = keyof typeof VARIABLES;

/** Every variable the source reads, in table order: for tools that set them (the charts). */
export const SOURCE_VARIABLES = Object.keys(VARIABLES) as readonly Variable[];

/**
 * Reads and validates the source's configuration. An empty variable counts as unset.
 *
 * @param env - the environment, e.g. `process.env` (passed in: this module never reads `process`)
 * @throws ConfigError naming the variable, its value and the accepted values
 */
export function loadSourceConfig(env: Readonly<Record<string, string | undefined>>): SourceConfig {
  const values = readVariables(VARIABLES, env, quoted);
  const project = projectOf(values.PUBSUB_SUBSCRIPTION, SUBSCRIPTION_NAME);
  return {
    subscription: values.PUBSUB_SUBSCRIPTION,
    projectId: project,
    bucket: values.BUCKET,
    deadLetterTopic: values.PUBSUB_DEAD_LETTER_TOPIC,
    sinkUrl: values.K_SINK,
    ceExtensions: ceExtensionsOf(values.K_CE_OVERRIDES),
    sinkCaCerts: values.K_CA_CERTS,
    sinkTokenFile: values.SINK_OIDC_TOKEN_FILE,
    sendTimeoutMs: values.SEND_TIMEOUT_MS,
    maxOutstandingMessages: values.MAX_OUTSTANDING_MESSAGES,
    maxOutstandingBytes: values.MAX_OUTSTANDING_BYTES,
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    emulatorHost: values.PUBSUB_EMULATOR_HOST,
  };
}

/** @throws ConfigError naming `K_CE_OVERRIDES` and what is wrong with it */
function ceExtensionsOf(raw: string | undefined): Readonly<Record<string, string>> {
  if (raw === undefined) return {};
  const result = parseCeOverrides(raw);
  if ('problem' in result) {
    throw new ConfigError('K_CE_OVERRIDES', `K_CE_OVERRIDES is invalid: ${result.problem}`);
  }
  return result.extensions;
}

/** A value as an error message may quote it: PEM and URL user information are not repeated. */
function quoted(name: Variable, value: string): string {
  if (name === 'K_CA_CERTS') return '<PEM>';
  return JSON.stringify(value.replace(/\/\/[^/@]*@/, '//***@'));
}
