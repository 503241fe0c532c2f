import * as z from 'zod';
import type { AuthSettings } from '../auth/auth-settings';
import { AUTH_VARIABLES, toAuthSettings } from './auth-variables';
import { RESULTS_VARIABLES, toResultsSettings } from './results-variables';
import { integer } from './env-integer';
import { checkModeVariables, type ModeVariablesRule } from './mode-variables';
import { DEFAULT_VISION_TIMEOUT_MS, WORKER_PORT } from './worker-contract';
import { ConfigError } from '../errors';
import { isVisionEndpoint, VISION_ENDPOINT_ACCEPTED } from '../labelers/vision-endpoint';
import { LABELER_NAMES, type LabelerName } from '../labelers/labeler';
import type { ResultsSettings } from '../results/results-settings';

/** pino's level names, accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The worker's configuration, read from environment variables (README "Configuration"; the names are a contract). */
export interface WorkerConfig {
  /** `PORT`: the listen port (Cloud Run and Knative container contract). @default 8080 */
  readonly port: number;
  /** `LABELER`: `vision`, `local` or `none`. @default 'vision' */
  readonly labeler: LabelerName;
  /** `LOCAL_BUCKET_DIR`: for `local`, `gs://B/N` is read from `<dir>/B/N`. Required with `local`. */
  readonly localBucketDir: string | undefined;
  /** `RESULTS_FILE`: append one JSON line per handled event. */
  readonly resultsFile: string | undefined;
  /**
   * `VISION_API_ENDPOINT`: `http(s)://host:port` of a Vision-compatible REST endpoint, or
   * `grpc://host:port` of a gRPC one without TLS.
   */
  readonly visionApiEndpoint: string | undefined;
  /** `VISION_TIMEOUT_MS`: the deadline of one Vision call, in milliseconds. @default 20000 */
  readonly visionTimeoutMs: number;
  /** `MAX_BODY_BYTES`: the request body limit, in bytes. @default 16777216 (16 MiB) */
  readonly maxBodyBytes: number;
  /** `MAX_IN_FLIGHT`: events handled at once by one instance; above it, 429. @default 80 */
  readonly maxInFlight: number;
  /** `LOG_LEVEL`: a pino level. @default 'info' */
  readonly logLevel: LogLevel;
  /** `GOOGLE_CLOUD_PROJECT`: names the project in `logging.googleapis.com/trace` log fields. */
  readonly googleCloudProject: string | undefined;
  /** `AUTH_*`: push authentication (see `src/auth/auth-settings.ts`). @default `{ mode: 'none' }` */
  readonly auth: AuthSettings;
  /**
   * `RESULTS_MODE` (`none`, `reply`, `pubsub`) and, with `pubsub`, `RESULTS_TOPIC` and
   * `PUBSUB_EMULATOR_HOST`: where result events go. @default `{ mode: 'none' }`
   */
  readonly results: ResultsSettings;
  /**
   * `K_SERVICE`: the service's name, which Knative and Cloud Run set; names the worker in the
   * result events' `source` (`//dualrun/<name>`). @default 'dualrun'
   */
  readonly serviceName: string;
}

/** One row per variable: its schema and how the accepted values read in an error message. */
const VARIABLES = {
  PORT: {
    schema: integer(0, 65535).default(WORKER_PORT),
    accepted: 'a port number from 0 to 65535',
  },
  LABELER: { schema: z.enum(LABELER_NAMES).default('vision'), accepted: LABELER_NAMES.join(', ') },
  LOCAL_BUCKET_DIR: { schema: z.string().optional(), accepted: 'a directory' },
  RESULTS_FILE: { schema: z.string().optional(), accepted: 'a file path' },
  VISION_API_ENDPOINT: {
    schema: z
      .url({ protocol: /^(https?|grpc)$/ })
      // z.url's own check does not stop the refinements: a value URL cannot parse must not reach them.
      .refine((value) => URL.canParse(value) && isVisionEndpoint(new URL(value)))
      .optional(),
    accepted: VISION_ENDPOINT_ACCEPTED,
  },
  VISION_TIMEOUT_MS: {
    schema: integer(1, 3_600_000).default(DEFAULT_VISION_TIMEOUT_MS),
    accepted: 'milliseconds from 1 to 3600000',
  },
  MAX_BODY_BYTES: {
    schema: integer(1024, 1_073_741_824).default(16_777_216),
    accepted: 'bytes from 1024 to 1073741824',
  },
  MAX_IN_FLIGHT: {
    schema: integer(1, 100_000).default(80),
    accepted: 'an integer from 1 to 100000',
  },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS).default('info'), accepted: LOG_LEVELS.join(', ') },
  GOOGLE_CLOUD_PROJECT: { schema: z.string().optional(), accepted: 'a project id' },
  ...AUTH_VARIABLES,
  ...RESULTS_VARIABLES,
} as const;

type Variable = keyof typeof VARIABLES;

/** The name of one of the worker's environment variables (README "Configuration"). */
export type WorkerVariable = Variable;

/** Every variable the worker reads, in table order: for tools that set them (the charts). */
export const WORKER_VARIABLES = Object.keys(VARIABLES) as readonly WorkerVariable[];
type Parsed = { [K in Variable]: z.output<(typeof VARIABLES)[K]['schema']> };

/**
 * Reads and validates the configuration. An empty variable counts as unset.
 *
 * @param env - the environment, e.g. `process.env` (passed in: this module never reads `process`)
 * @throws ConfigError naming the variable, its value and the accepted values
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const parsed: Partial<Record<Variable, unknown>> = {};
  for (const [name, { schema, accepted }] of Object.entries(VARIABLES) as [
    Variable,
    (typeof VARIABLES)[Variable],
  ][]) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = schema.safeParse(raw);
    if (!result.success) {
      throw new ConfigError(name, `${name}=${quoted(raw)} is invalid: expected ${accepted}`);
    }
    parsed[name] = result.data;
  }
  const values = parsed as Parsed;
  // Set in the environment: VISION_TIMEOUT_MS's default does not count.
  checkModeVariables(LABELER_RULE, values.LABELER, (name) => (env[name] ?? '') !== '');
  return {
    port: values.PORT,
    labeler: values.LABELER,
    localBucketDir: values.LOCAL_BUCKET_DIR,
    resultsFile: values.RESULTS_FILE,
    visionApiEndpoint: values.VISION_API_ENDPOINT,
    visionTimeoutMs: values.VISION_TIMEOUT_MS,
    maxBodyBytes: values.MAX_BODY_BYTES,
    maxInFlight: values.MAX_IN_FLIGHT,
    logLevel: values.LOG_LEVEL,
    googleCloudProject: values.GOOGLE_CLOUD_PROJECT,
    auth: toAuthSettings(values),
    results: toResultsSettings(values),
    serviceName: values.K_SERVICE,
  };
}

/** Variables that only some labelers read. */
type LabelerVariable = 'LOCAL_BUCKET_DIR' | 'VISION_API_ENDPOINT' | 'VISION_TIMEOUT_MS';

/** Which variables each `LABELER` requires and reads (the rule of `./mode-variables.ts`). */
const LABELER_RULE: ModeVariablesRule<LabelerName, LabelerVariable> = {
  selector: 'LABELER',
  modes: LABELER_NAMES,
  variables: {
    vision: { required: [], read: ['VISION_API_ENDPOINT', 'VISION_TIMEOUT_MS'] },
    local: { required: ['LOCAL_BUCKET_DIR'], read: ['LOCAL_BUCKET_DIR'] },
    none: { required: [], read: [] },
  },
  expected: {
    LOCAL_BUCKET_DIR: 'the directory that holds <bucket>/<object name>',
    VISION_API_ENDPOINT: 'a Vision-compatible REST endpoint',
    VISION_TIMEOUT_MS: 'the deadline of one Vision call, in milliseconds',
  },
};

/** A value as an error message may quote it: the user information of a URL is masked. */
function quoted(value: string | undefined): string {
  return JSON.stringify(value?.replace(/\/\/[^/@]*@/, '//***@'));
}
