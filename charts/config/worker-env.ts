/**
 * The worker's environment on each target: the config's `worker` settings (README "Configuration"), the
 * project, and sender authentication, which differs by target.
 */
import type { WorkerVariable } from '../../src/config/load-config';
import { WORKER_ENV } from '../../src/config/worker-contract';
import { SETTABLE_WORKER_VARIABLES, type DeploymentConfig } from './deployment-config';
import { invokerEmail, knativeWorkerAudience, resultsTopicPath } from './derived-names';

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
 * Where the pods of a Knative Service find the cluster's CA: the service account volume Kubernetes
 * mounts into every pod unless told not to.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/#directly-accessing-the-rest-api
 */
export const CLUSTER_CA_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/**
 * Node's variable for certificates trusted besides its bundled roots: read once at start.
 *
 * @see https://nodejs.org/api/cli.html#node_extra_ca_certsfile
 */
const NODE_EXTRA_CA_CERTS = 'NODE_EXTRA_CA_CERTS';

/** A host that only the cluster's DNS resolves: the API server, a Service (`*.svc`). */
function isClusterHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'kubernetes.default' || /\.svc(\.cluster\.local)?$/.test(host);
}

/**
 * Sender authentication by target. Knative: `none` (a cluster-local Service, no token checked) or,
 * with `knative.senderAuth.mode: oidc`, the cluster's tokens: its issuer and key set, the
 * Trigger's subject and audience; a key set served inside the cluster is fetched over TLS with the
 * cluster's CA. Cloud Run: the platform checks the push's OIDC token (IAM `run.invoker`), and the
 * worker checks it again: audience and the invoker's e-mail.
 *
 * @see https://knative.dev/docs/eventing/features/sender-identity/
 */
const AUTH_BY_TARGET: Record<WorkerTarget, (config: DeploymentConfig) => EnvEntry[]> = {
  knative: (config) => {
    const auth = config.knative.senderAuth;
    if (auth.mode === 'none') return [entry(WORKER_ENV.authMode, 'none')];
    return [
      entry(WORKER_ENV.authMode, 'oidc'),
      entry(WORKER_ENV.authAudience, knativeWorkerAudience(config) ?? ''),
      entry(WORKER_ENV.authIssuers, auth.issuer),
      entry(WORKER_ENV.authJwksUrl, auth.jwksUrl),
      entry(WORKER_ENV.authAllowedSubjects, auth.subjects.join(',')),
      ...(isClusterHost(auth.jwksUrl) ? [[NODE_EXTRA_CA_CERTS, CLUSTER_CA_FILE] as const] : []),
    ];
  },
  'cloud-run': (config) => [
    entry(WORKER_ENV.authMode, 'cloud-run-iam'),
    entry(WORKER_ENV.authAudience, config.pubsub.pushAudience),
    entry(WORKER_ENV.authAllowedEmails, invokerEmail(config)),
  ],
};

/**
 * Result events by target (docs/results.md). Knative: `reply`, the result event is the answer to
 * the delivery and the Broker routes it (no topic, no Google credentials). Cloud Run: `pubsub`, to
 * `results.topic`, which the wiring creates and lets the runtime account publish to.
 *
 * @see https://knative.dev/docs/eventing/brokers/broker-event-delivery/
 */
const RESULTS_BY_TARGET: Record<WorkerTarget, (config: DeploymentConfig) => EnvEntry[]> = {
  knative: () => [entry(WORKER_ENV.resultsMode, 'reply')],
  'cloud-run': (config) => [
    entry(WORKER_ENV.resultsMode, 'pubsub'),
    entry(WORKER_ENV.resultsTopic, resultsTopicPath(config)),
  ],
};

/** Where a derived variable's value comes from: a config field and its value. */
type VariableSource = (config: DeploymentConfig) => readonly [path: string, value: unknown];

/** The config field of `knative.senderAuth.FIELD`. */
const senderAuthField =
  (field: 'issuer' | 'jwksUrl' | 'subjects' | 'audience'): VariableSource =>
  ({ knative }) => [
    `knative.senderAuth.${field}`,
    knative.senderAuth.mode === 'oidc' ? knative.senderAuth[field] : undefined,
  ];

/**
 * The config field each variable the kit derives comes from, per target, so that a value the
 * worker refuses is blamed on the field the user wrote (never on a `worker.AUTH_*` the user cannot
 * set).
 */
export const DERIVED_VARIABLE_SOURCES: Readonly<
  Record<WorkerTarget, Readonly<Partial<Record<WorkerVariable, VariableSource>>>>
> = {
  knative: {
    [WORKER_ENV.googleCloudProject]: (config) => ['google.projectId', config.google.projectId],
    [WORKER_ENV.authAudience]: senderAuthField('audience'),
    [WORKER_ENV.authIssuers]: senderAuthField('issuer'),
    [WORKER_ENV.authJwksUrl]: senderAuthField('jwksUrl'),
    [WORKER_ENV.authAllowedSubjects]: senderAuthField('subjects'),
  },
  'cloud-run': {
    [WORKER_ENV.googleCloudProject]: (config) => ['google.projectId', config.google.projectId],
    [WORKER_ENV.authAudience]: (config) => ['pubsub.pushAudience', config.pubsub.pushAudience],
    [WORKER_ENV.authAllowedEmails]: (config) => [
      'pubsub.invokerServiceAccountId',
      config.pubsub.invokerServiceAccountId,
    ],
    [WORKER_ENV.resultsTopic]: (config) => ['results.topic', config.results.topic],
  },
};

/**
 * The environment of the worker container on `target`, in a stable order: the config's settings
 * in the worker's table order, the project, authentication, then result events. Never `PORT` (the platform's).
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
    ...RESULTS_BY_TARGET[target](config),
  ];
}
