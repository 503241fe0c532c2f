/**
 * What becomes of each annotation that one platform reads and the other does not: data read by
 * `annotation-rules.ts`. A row is a key, or a key prefix ending in `*`; the first row that matches
 * decides.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1 (the annotations Cloud Run accepts)
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/metadata_validation.go
 */
import type { LineKind } from '../convert-line';

/** One row: which keys, the kind of line, and why. */
export type AnnotationRow = readonly [pattern: string, kind: LineKind, why: string];

/** Does `key` match a row's pattern? */
export function matches(pattern: string, key: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;
}

/** The first row of `table` that matches `key`. */
export function rowOf(table: readonly AnnotationRow[], key: string): AnnotationRow | undefined {
  return table.find(([pattern]) => matches(pattern, key));
}

/** Rows both directions share: bookkeeping that describes the source object, not the service. */
const BOOKKEEPING: readonly AnnotationRow[] = [
  [
    'kubectl.kubernetes.io/last-applied-configuration',
    'change',
    "kubectl's copy of the last applied manifest (the source's, now stale)",
  ],
  ['serving.knative.dev/creator', 'change', 'the platform records who created it'],
  ['serving.knative.dev/lastModifier', 'change', 'the platform records who changed it'],
];

/**
 * Knative annotations Cloud Run does not accept (after `autoscaling-keys` has renamed min-scale and
 * max-scale). `run.googleapis.com/*` keys Cloud Run does not accept at their level are handled by
 * the rule itself.
 */
export const KNATIVE_ONLY: readonly AnnotationRow[] = [
  ...BOOKKEEPING,
  [
    'serving.knative.dev/rollout-duration',
    'loss',
    'Cloud Run moves all traffic to a new revision at once: roll out gradually with traffic percentages',
  ],
  [
    'serving.knative.dev/progress-deadline',
    'loss',
    'Cloud Run has no progress deadline for a revision',
  ],
  [
    'autoscaling.knative.dev/*',
    'loss',
    "Cloud Run takes only minScale and maxScale of Knative's autoscaling annotations (on the template); it scales on concurrency and CPU by itself",
  ],
  ['queue.sidecar.serving.knative.dev/*', 'loss', 'Cloud Run has no queue-proxy sidecar to size'],
  [
    'networking.knative.dev/*',
    'loss',
    "a Knative networking setting (ingress class, TLS); Cloud Run's ingress is its own",
  ],
  ['features.knative.dev/*', 'loss', 'a Knative feature flag for one Service'],
];

/** Knative's own annotation domains (`serving.knative.dev`, …); `client.knative.dev` (kn) is kept. */
export function isKnativeKey(key: string): boolean {
  const domain = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
  return domain.endsWith('knative.dev') && domain !== 'client.knative.dev';
}

/** The `run.googleapis.com/*` annotations and what each means on Knative (after `visibility`). */
export const CLOUD_RUN_ONLY: readonly AnnotationRow[] = [
  ...BOOKKEEPING,
  ...['ingress-status', 'client-name', 'client-version', 'operation-id'].map(
    (name): AnnotationRow => [
      `run.googleapis.com/${name}`,
      'change',
      'written by gcloud or Cloud Run, not read back',
    ],
  ),
  ['run.googleapis.com/launch-stage', 'change', "the Cloud Run API's launch stage gate"],
  ['run.googleapis.com/build-*', 'change', "Cloud Run's source-deploy settings"],
  ['run.googleapis.com/base-images', 'change', "Cloud Run's automatic base image updates"],
  [
    'run.googleapis.com/cpu-throttling',
    'change',
    'a Kubernetes pod keeps its CPU between requests (cpu-throttling "false")',
  ],
  ['run.googleapis.com/execution-environment', 'change', "the cluster's container runtime decides"],
  ['run.googleapis.com/description', 'loss', 'Knative Services have no description'],
  [
    'run.googleapis.com/startup-cpu-boost',
    'loss',
    'Knative has no startup CPU boost: raise the CPU request instead',
  ],
  [
    'run.googleapis.com/vpc-access-*',
    'loss',
    "a pod's egress is the cluster's network: connect the cluster to the VPC instead",
  ],
  [
    'run.googleapis.com/network-interfaces',
    'loss',
    "a pod's egress is the cluster's network: connect the cluster to the VPC instead",
  ],
  [
    'run.googleapis.com/cloudsql-instances',
    'loss',
    'Knative does not connect Cloud SQL: run the Cloud SQL Auth Proxy as a sidecar',
  ],
  [
    'run.googleapis.com/container-dependencies',
    'loss',
    'Knative starts all containers together: make the serving container wait for its sidecars',
  ],
  [
    'run.googleapis.com/scaling-*',
    'loss',
    'set autoscaling.knative.dev/metric and target on Knative instead',
  ],
  [
    'run.googleapis.com/minScale',
    'loss',
    'a service-wide instance minimum: set autoscaling.knative.dev/min-scale on the template',
  ],
  [
    'run.googleapis.com/maxScale',
    'loss',
    'a service-wide instance maximum: set autoscaling.knative.dev/max-scale on the template',
  ],
  [
    'run.googleapis.com/custom-audiences',
    'loss',
    'Knative checks no ID tokens: the callers inside the cluster are not authenticated by the platform',
  ],
  [
    'run.googleapis.com/binary-authorization*',
    'loss',
    'enforce Binary Authorization on the cluster instead',
  ],
  ['run.googleapis.com/*', 'loss', 'a Cloud Run setting with no Knative counterpart'],
];
