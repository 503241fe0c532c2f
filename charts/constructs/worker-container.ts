/**
 * The worker container, built once for both targets. What differs is a table: Knative takes
 * requests, a readiness probe and the hardened security context; Cloud Run takes only limits, a
 * startup probe, and no security context (`gcloud run services replace` refuses every field of it
 * but `runAsUser`, and the image's USER already sets that).
 */
import {
  ServiceSpecTemplateSpecContainersResourcesLimits as Limit,
  ServiceSpecTemplateSpecContainersResourcesRequests as Request,
  type ServiceSpecTemplateSpecContainers,
  type ServiceSpecTemplateSpecContainersSecurityContext,
} from '../../cdk8s/imports/service-serving.knative.dev';
import { PROBE_PATHS, WORKER_PORT } from '../../src/config/worker-contract';
import type { DeploymentConfig } from '../config/deployment-config';
import { workerEnvironment, type WorkerTarget } from '../config/worker-env';

/** The container's name (Cloud Run ignores it; Knative reserves `queue-proxy`). */
export const WORKER_CONTAINER_NAME = 'worker';

/**
 * The non-root user and group of the worker image: the Dockerfile's `USER 10001:10001`. Above
 * 10000 so that it maps to no user of the node, as kube-score's user-group-id check asks.
 */
export const WORKER_IMAGE_USER = { uid: 10001, gid: 10001 } as const;

/**
 * The hardened container security context for Knative: every field the Knative webhook warns about
 * when missing (with `secure-pod-defaults` off), plus a read-only root filesystem (the worker writes
 * no files).
 *
 * @see https://knative.dev/docs/serving/configuration/feature-flags/#secure-pod-defaults
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export const HARDENED_SECURITY_CONTEXT: ServiceSpecTemplateSpecContainersSecurityContext = {
  runAsNonRoot: true,
  runAsUser: WORKER_IMAGE_USER.uid,
  runAsGroup: WORKER_IMAGE_USER.gid,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The parts of the container each target shapes its own way. */
type TargetPart = (config: DeploymentConfig) => Partial<ServiceSpecTemplateSpecContainers>;

const TARGET_PARTS: Record<WorkerTarget, TargetPart> = {
  knative: ({ service, knative }) => ({
    resources: {
      requests: {
        cpu: Request.fromString(knative.requests.cpu ?? service.cpu),
        memory: Request.fromString(knative.requests.memory ?? service.memory),
      },
      limits: { cpu: Limit.fromString(service.cpu), memory: Limit.fromString(service.memory) },
    },
    // No periodSeconds: Knative then probes readiness aggressively until the first success.
    readinessProbe: { httpGet: { path: PROBE_PATHS.readiness } },
    livenessProbe: { httpGet: { path: PROBE_PATHS.liveness } },
    securityContext: HARDENED_SECURITY_CONTEXT,
  }),
  'cloud-run': ({ service }) => ({
    resources: {
      limits: { cpu: Limit.fromString(service.cpu), memory: Limit.fromString(service.memory) },
    },
    // Cloud Run takes startup and liveness probes; the port defaults to the container port.
    startupProbe: { httpGet: { path: PROBE_PATHS.readiness } },
    livenessProbe: { httpGet: { path: PROBE_PATHS.liveness } },
  }),
};

/**
 * The worker container for `target`.
 *
 * @see https://knative.dev/docs/serving/services/ (Knative container rules)
 * @see https://cloud.google.com/run/docs/reference/yaml/v1 (Cloud Run container fields)
 */
export function workerContainer(
  config: DeploymentConfig,
  target: WorkerTarget,
): ServiceSpecTemplateSpecContainers {
  return {
    name: WORKER_CONTAINER_NAME,
    image: config.service.image,
    ports: [{ name: 'http1', containerPort: WORKER_PORT }],
    env: workerEnvironment(config, target).map(([name, value]) => ({ name, value })),
    ...TARGET_PARTS[target](config),
  };
}
