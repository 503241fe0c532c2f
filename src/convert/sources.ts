/**
 * The public sources the conversion rules apply, one entry per page or source file (each rule's
 * `see`). The validator's sources, plus the pages only a migration needs.
 */
import { SOURCES } from '../validator/sources';

const SERVING = 'https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis';

/** Every source a conversion rule names. */
export const CONVERT_SOURCES = {
  ...SOURCES,
  knativeConfigDefaults: 'https://knative.dev/docs/serving/configuration/config-defaults/',
  knativeAutoscalingRegister: `${SERVING}/autoscaling/register.go`,
  knativeRevisionHelpers: `${SERVING}/serving/v1/revision_helpers.go`,
  knativeRuntimeContract:
    'https://github.com/knative/specs/blob/main/specs/serving/runtime-contract.md',
  kubernetesServiceAccounts: 'https://kubernetes.io/docs/concepts/security/service-accounts/',
  kubernetesObjectMeta:
    'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/',
  kubernetesProbes:
    'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/',
  kubernetesVolumes: 'https://kubernetes.io/docs/concepts/storage/volumes/',
  kubernetesConfigMapEnv:
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/',
  cloudRunLabels: 'https://cloud.google.com/run/docs/configuring/services/labels',
  cloudRunServiceIdentity: 'https://cloud.google.com/run/docs/securing/service-identity',
  knativeConcurrency: 'https://knative.dev/docs/serving/autoscaling/concurrency/',
  kubernetesNamespaces:
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
  cloudRunRequestTimeout: 'https://cloud.google.com/run/docs/configuring/request-timeout',
  cloudRunVolumes:
    'https://cloud.google.com/run/docs/configuring/services/secrets#mounting-secrets',
  cloudRunConcurrency: 'https://cloud.google.com/run/docs/about-concurrency',
  cloudRunMinInstances: 'https://cloud.google.com/run/docs/configuring/min-instances',
  cloudRunMaxInstances: 'https://cloud.google.com/run/docs/configuring/max-instances',
  cloudRunMemory: 'https://cloud.google.com/run/docs/configuring/services/memory-limits',
  cloudRunInMemoryVolumes:
    'https://cloud.google.com/run/docs/configuring/services/in-memory-volume-mounts',
  cloudRunSidecars: 'https://cloud.google.com/run/docs/deploying#sidecars',
  cloudRunRollouts: 'https://cloud.google.com/run/docs/rollouts-rollbacks-traffic-migration',
  cloudRunLocations: 'https://cloud.google.com/run/docs/locations',
  workloadIdentity: 'https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity',
  secretManagerIds:
    'https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create',
  googleCloudLabels: 'https://cloud.google.com/resource-manager/docs/labels-overview#requirements',
  googleCloudProjects:
    'https://cloud.google.com/resource-manager/docs/creating-managing-projects#identifying_projects',
} as const;
