/**
 * The worker's environment on each target: the config's `worker` settings (DESIGN 3.5), the
 * project, and push authentication, which differs by target.
 */
import type { WorkerVariable } from '../src/config/load-config';
import { SETTABLE_WORKER_VARIABLES, type DeploymentConfig } from './deployment-config';
import { invokerEmail } from './derived-names';

/** The targets the worker container is generated for. */
export const WORKER_TARGETS = ['knative', 'cloud-run'] as const;
export type WorkerTarget = (typeof WORKER_TARGETS)[number];

/** The push-authentication variables the kit sets (README "Authentication"). */
const AUTH_VARIABLES = {
  mode: 'AUTH_MODE',
  audience: 'AUTH_AUDIENCE',
  allowedEmails: 'AUTH_ALLOWED_EMAILS',
} as const satisfies Record<string, WorkerVariable>;

/** One environment variable: name and value. */
export type EnvEntry = readonly [name: string, value: string];

/**
 * Authentication by target. Knative: none, the Service is cluster-local and only the Broker reaches
 * it. Cloud Run: the platform checks the push's OIDC token (IAM `run.invoker`), and the worker
 * checks it again: audience and the invoker's e-mail.
 */
const AUTH_BY_TARGET: Record<WorkerTarget, (config: DeploymentConfig) => EnvEntry[]> = {
  knative: () => [[AUTH_VARIABLES.mode, 'none']],
  'cloud-run': (config) => [
    [AUTH_VARIABLES.mode, 'cloud-run-iam'],
    [AUTH_VARIABLES.audience, config.pubsub.pushAudience],
    [AUTH_VARIABLES.allowedEmails, invokerEmail(config)],
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
  GOOGLE_CLOUD_PROJECT: (config) => ['google.projectId', config.google.projectId],
  AUTH_AUDIENCE: (config) => ['pubsub.pushAudience', config.pubsub.pushAudience],
  AUTH_ALLOWED_EMAILS: (config) => [
    'pubsub.invokerServiceAccountId',
    config.pubsub.invokerServiceAccountId,
  ],
};

/** `GOOGLE_CLOUD_PROJECT`, typed against the worker's own variable names. */
const PROJECT_VARIABLE: WorkerVariable = 'GOOGLE_CLOUD_PROJECT';

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
    [PROJECT_VARIABLE, config.google.projectId],
    ...AUTH_BY_TARGET[target](config),
  ];
}
