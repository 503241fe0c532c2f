/**
 * The rows of the worker's configuration table (`load-config.ts`) for result events: the mode,
 * its topic and emulator, and the service name that names the worker in the events' `source`;
 * which variables each `RESULTS_MODE` requires and reads, and the `ResultsSettings` they build.
 */
import * as z from 'zod';
import { DEFAULT_SERVICE_NAME } from '../events/result-event';
import { RESULTS_MODES, type ResultsMode, type ResultsSettings } from '../results/results-settings';
import { checkModeVariables, type ModeVariablesRule } from './mode-variables';
import { PUBSUB_EMULATOR_HOST_ROW, TOPIC_NAME } from './pubsub-names';

/** The rows that result events add. */
export const RESULTS_VARIABLES = {
  RESULTS_MODE: {
    schema: z.enum(RESULTS_MODES).default('none'),
    accepted: RESULTS_MODES.join(', '),
  },
  RESULTS_TOPIC: {
    schema: z.string().regex(TOPIC_NAME).optional(),
    accepted: 'the full topic name projects/PROJECT/topics/TOPIC',
  },
  PUBSUB_EMULATOR_HOST: PUBSUB_EMULATOR_HOST_ROW,
  /**
   * Set by both platforms to the service's name (Knative: the Service; Cloud Run: the service).
   * Characters a URI path segment takes as they are, so that the `source` needs no escaping.
   *
   * @see https://cloud.google.com/run/docs/container-contract#env-vars
   * @see https://github.com/knative/specs/blob/main/specs/serving/runtime-contract.md#process
   */
  K_SERVICE: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9._~-]{1,253}$/)
      .default(DEFAULT_SERVICE_NAME),
    accepted: 'a service name (letters, digits, - . _ ~)',
  },
} as const;

export type ResultsVariable = keyof typeof RESULTS_VARIABLES;

/** The names of the result variables, in table order. */
export const RESULTS_VARIABLE_NAMES = Object.keys(RESULTS_VARIABLES) as readonly ResultsVariable[];

/** The parsed values of {@link RESULTS_VARIABLES}. */
export type ResultsValues = {
  [K in ResultsVariable]: z.output<(typeof RESULTS_VARIABLES)[K]['schema']>;
};

/**
 * Variables that only some modes read. Not `PUBSUB_EMULATOR_HOST`: it is the Google client
 * library's own variable, which a developer's shell often exports for other programs; only
 * `pubsub` reads it, and the other modes ignore it rather than refuse to start.
 *
 * @see https://cloud.google.com/pubsub/docs/emulator#env
 */
type ModeVariable = 'RESULTS_TOPIC';

/** Which variables each `RESULTS_MODE` requires and reads (the rule of `./mode-variables.ts`). */
const RESULTS_MODE_RULE: ModeVariablesRule<ResultsMode, ModeVariable> = {
  selector: 'RESULTS_MODE',
  modes: RESULTS_MODES,
  variables: {
    none: { required: [], read: [] },
    reply: { required: [], read: [] },
    pubsub: { required: ['RESULTS_TOPIC'], read: ['RESULTS_TOPIC'] },
  },
  expected: {
    RESULTS_TOPIC: 'the full topic name projects/PROJECT/topics/TOPIC the result events go to',
  },
};

/**
 * Builds the settings of the chosen `RESULTS_MODE`.
 *
 * @throws ConfigError naming the variable: one the mode requires is unset, or one it does not
 *   read is set (a topic the user expects results on would silently stay empty)
 */
export function toResultsSettings(values: ResultsValues): ResultsSettings {
  const mode = values.RESULTS_MODE;
  checkModeVariables(RESULTS_MODE_RULE, mode, (name) => values[name] !== undefined);
  if (mode !== 'pubsub') return { mode };
  return {
    mode,
    topic: values.RESULTS_TOPIC ?? '',
    emulatorHost: values.PUBSUB_EMULATOR_HOST,
  };
}
