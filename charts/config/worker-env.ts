/**
 * The worker's environment on each target: the config's `worker` settings (README "Configuration"), the
 * project, and push authentication, which differs by target.
 */
import type { WorkerVariable } from '../../src/config/load-config';
import { WORKER_ENV } from '../../src/config/worker-contract';
import { SETTABLE_WORKER_VARIABLES, type DeploymentConfig } from './deployment-config';
import { invokerEmail } from './derived-names';

/** The targets the worker container is generated for. */
export const WORKER_TARGETS = ['knative', 'cloud-run'] as const;
/** A target the worker container is generated for. */
export type WorkerTarget = (typeof WORKER_TARGETS)[number];

/** One environment variable: name and value. */
export type EnvEntry = readonly [name: string, value: string];

/** One of the worker's variables and its value (the name checked against the worker's table). */
function entry(name: WorkerVariable, value: string): EnvEntry {
  return [name, value];
}

/**
 * Authentication by target. Knative: none, the Service is cluster-local and only the Broker reaches
 * it. Cloud Run: the platform checks the push's OIDC token (IAM `run.invoker`), and the worker
 * checks it again: audience and the invoker's e-mail.
 */
const AUTH_BY_TARGET: Record<WorkerTarget, (config: DeploymentConfig) => EnvEntry[]> = {
  knative: () => [entry(WORKER_ENV.authMode, 'none')],
  'cloud-run': (config) => [
    entry(WORKER_ENV.authMode, 'cloud-run-iam'),
    entry(WORKER_ENV.authAudience, config.pubsub.pushAudience),
    entry(WORKER_ENV.authAllowedEmails, invokerEmail(config)),
  ],
};

/**
 * The config field each variable the kit derives comes from, so that a value the worker refuses
 * is blamed on the field the user wrote (never on a `worker.AUTH_*` the user cannot set).
 */
export const DERIVED_VARIABLE_SOURCES: Readonly<
  Partial<
    Record<WorkerVariable, (config: DeploymentConfig) => readonly [path: string, value: unknown]>
  >
> = {
  [WORKER_ENV.googleCloudProject]: (config) => ['google.projectId', config.google.projectId],
  [WORKER_ENV.authAudience]: (config) => ['pubsub.pushAudience', config.pubsub.pushAudience],
  [WORKER_ENV.authAllowedEmails]: (config) => [
    'pubsub.invokerServiceAccountId',
    config.pubsub.invokerServiceAccountId,
  ],
};

/**
 * The environment of the worker container on `target`, in a stable order: the config's settings
 * in the worker's table order, the project, then authentication. Never `PORT` (the platform's).
 */
export function workerEnvironment(config: DeploymentConfig, target: WorkerTarget): EnvEntry[] {
  const settings = SETTABLE_WORKER_VARIABLES.flatMap((name): EnvEntry[] => {
    const value = config.worker[name];
    return value === undefined ? [] : [[name, String(value)]];
  });
  return [
    ...settings,
    entry(WORKER_ENV.googleCloudProject, config.google.projectId),
    ...AUTH_BY_TARGET[target](config),
  ];
}
