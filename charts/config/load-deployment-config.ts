/**
 * Reads and checks a deployment config: YAML text → schema (field types, ranges, names) → the
 * worker's own rules for its `worker` settings → the cross-field rules. Every problem becomes a
 * {@link ConfigProblem} naming the field and quoting the value.
 */
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { loadConfig, type WorkerConfig, type WorkerVariable } from '../../src/config/load-config';
import { loadSourceConfig } from '../../src/config/source-config';
import { SOURCE_ENV } from '../../src/config/source-contract';
import { ConfigError } from '../../src/errors';
import { DeploymentConfigError, type ConfigProblem } from './deployment-config-error';
import {
  DERIVED_WORKER_VARIABLES,
  DeploymentConfigSchema,
  type DeploymentConfig,
} from './deployment-config';
import { checkRules } from './deployment-config-rules';
import { DERIVED_VARIABLE_SOURCES, WORKER_TARGETS, workerEnvironment } from './worker-env';
import { pubSubSource } from './derived-names';
import { SOURCE_VARIABLE_SOURCES, sourceEnvironment, type SourceVariable } from './source-env';

/**
 * Parses the YAML text of a deployment config and checks it.
 *
 * @param text - the file's content (YAML 1.2; one document)
 * @param source - the file's name, for messages
 * @throws DeploymentConfigError naming every problem found
 */
export function readDeploymentConfig(text: string, source?: string): DeploymentConfig {
  return parseDeploymentConfig(parseOneDocument(text, source), source);
}

/**
 * The one YAML document of `text` as a plain value (`null` when empty). Errors and warnings (an
 * unknown tag) are config errors, never printed warnings; more than one document is an error.
 */
function parseOneDocument(text: string, source: string | undefined): unknown {
  const fail = (reason: string) =>
    new DeploymentConfigError([{ path: '(file)', value: '…', reason }], source);
  const documents = Array.from(parseAllDocuments(text, { logLevel: 'silent' }));
  if (documents.length > 1) {
    throw fail(`expected one YAML document, found ${documents.length}`);
  }
  const [document] = documents;
  if (document === undefined) return null;
  const [problem] = [...document.errors, ...document.warnings];
  // The first line: the rest is the library's excerpt of the source, with a caret.
  if (problem !== undefined) throw fail(`expected YAML: ${problem.message.split('\n')[0] ?? ''}`);
  return document.toJS({ maxAliasCount: 100 });
}

/**
 * Checks a deployment config given as a plain value (e.g. parsed YAML) and fills in defaults.
 *
 * @throws DeploymentConfigError naming every problem of the first stage that finds any (schema,
 *   then the worker's settings, then the cross-field rules)
 */
export function parseDeploymentConfig(value: unknown, source?: string): DeploymentConfig {
  const result = DeploymentConfigSchema.safeParse(value, { error: fallbackMessage });
  if (!result.success) {
    throw new DeploymentConfigError(result.error.issues.flatMap(toProblems(value)), source);
  }
  const config = result.data;
  const worker = checkWorker(config, source);
  checkSource(config, source);
  const problems = checkRules({ config, worker });
  if (problems.length > 0) throw new DeploymentConfigError(problems, source);
  return config;
}

/**
 * The Pub/Sub source's environment through the source's own `loadSourceConfig`, so that the charts
 * never generate one the source refuses at start. `K_SINK` is Knative's: a stand-in is given.
 */
function checkSource(config: DeploymentConfig, file: string | undefined): void {
  const pubsub = pubSubSource(config);
  if (pubsub === undefined) return;
  const env = Object.fromEntries(sourceEnvironment(config, pubsub));
  try {
    loadSourceConfig({ ...env, [SOURCE_ENV.sink]: 'http://broker-ingress.knative-eventing.svc/' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const variable = error.variable as SourceVariable;
    const reason = error.message.includes(' is invalid: ')
      ? error.message.slice(error.message.indexOf(' is invalid: ') + ' is invalid: '.length)
      : error.message;
    const path = SOURCE_VARIABLE_SOURCES[variable] ?? `(source ${variable})`;
    const value = path
      .split('.')
      .reduce<unknown>(
        (object, key) => (object as Record<string, unknown> | undefined)?.[key],
        config,
      );
    throw new DeploymentConfigError(
      [{ path, value, reason: `${reason} (the source's ${variable})` }],
      file,
    );
  }
}

/**
 * The worker's settings through the worker's own `loadConfig`, with the environment each target
 * gets, so that the charts never generate an environment the worker refuses at start.
 */
function checkWorker(config: DeploymentConfig, source: string | undefined): WorkerConfig {
  const [worker] = WORKER_TARGETS.map((target) => {
    try {
      return loadConfig(Object.fromEntries(workerEnvironment(config, target)));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const variable = error.variable as WorkerVariable;
      const reason = error.message.includes(' is invalid: ')
        ? error.message.slice(error.message.indexOf(' is invalid: ') + ' is invalid: '.length)
        : error.message;
      const [path, value] = DERIVED_VARIABLE_SOURCES[target][variable]?.(config) ?? [
        `worker.${variable}`,
        config.worker[variable],
      ];
      throw new DeploymentConfigError([{ path, value, reason }], source);
    }
  });
  return worker as WorkerConfig;
}

/** Messages for issues no field schema words itself (a section of the wrong type). */
function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  return issue.expected === 'object'
    ? 'expected a mapping of fields'
    : `expected ${issue.expected}`;
}

/** One zod issue as config problems (an unknown-keys issue gives one problem per key). */
function toProblems(root: unknown, prefix: readonly PropertyKey[] = []) {
  return (issue: z.core.$ZodIssue): ConfigProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: dotted([...path, key]),
        value: valueAt(root, [...path, key]),
        reason:
          (dotted(path) === 'worker'
            ? DERIVED_WORKER_VARIABLES[key as WorkerVariable]
            : undefined) ?? `unknown field: expected one of ${knownFields(root, path).join(', ')}`,
      }));
    }
    if (issue.code === 'invalid_union' && isMapping(valueAt(root, path))) {
      // For a mapping, the branch whose fields match (no unknown keys) says best what is wrong.
      const branch = issue.errors.find((issues) =>
        issues.every((inner) => inner.code !== 'unrecognized_keys'),
      );
      if (branch !== undefined) return branch.flatMap(toProblems(root, path));
    }
    return [{ path: dotted(path), value: valueAt(root, path), reason: issue.message }];
  };
}

/** A YAML mapping (not a list, not null). */
function isMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dotted(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The field names the schema knows at `path` of `root`, for the unknown-field message. */
function knownFields(root: unknown, path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = DeploymentConfigSchema;
  for (const [index, key] of path.entries()) {
    const shape = objectShape(schema, valueAt(root, path.slice(0, index)));
    const next = shape?.[String(key)];
    if (next === undefined) return [];
    schema = next;
  }
  return Object.keys(objectShape(schema, valueAt(root, path)) ?? {});
}

/**
 * The fields of an object schema (under defaults and optionals); of a discriminated union, those of
 * the option `value`'s discriminator selects (the option whose discriminator has a default when
 * `value` names none).
 */
function objectShape(
  schema: z.core.$ZodType,
  value: unknown,
): Record<string, z.core.$ZodType> | undefined {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) {
    current = current.unwrap();
  }
  if (current instanceof z.ZodDiscriminatedUnion) {
    const { discriminator, options } = current.def;
    const chosen = isMapping(value) ? (value as Record<string, unknown>)[discriminator] : undefined;
    const option = (options as z.core.$ZodType[]).find((candidate) => {
      const field = objectShape(candidate, undefined)?.[discriminator];
      return field !== undefined && z.safeParse(field, chosen).success;
    });
    return option === undefined ? undefined : objectShape(option, value);
  }
  return current instanceof z.ZodObject ? current.shape : undefined;
}
