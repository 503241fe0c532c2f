/**
 * The public sources the rules encode, one entry per document or source file (each rule's `see`).
 * The Knative files are read at the releases the kit targets: Serving knative-v1.23.0, Eventing
 * knative-v1.22.2, knative-gcp v0.23.0 (its last). `README.md#…` and `docs/….md#…` mark the kit's
 * own contract.
 */
const SERVING = 'https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis';
const EVENTING = 'https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis';
const KCC = 'https://cloud.google.com/config-connector/docs/reference/resource-docs';

/** Every source a rule names. */
export const SOURCES = {
  yamlSpec: 'https://yaml.org/spec/1.2.2/',
  yaml11Types: 'https://yaml.org/type/',
  yaml11Merge: 'https://yaml.org/type/merge.html',
  kubernetesObjects: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/',
  kubernetesNames: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
  kubernetesLabels:
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set',
  kubectlStrict: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
  crdValidation:
    'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation',
  kubernetesEnv:
    'https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/',
  kubernetesSecretEnv:
    'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
  kubernetesSecurityContext:
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  knativeConcurrency: 'https://knative.dev/docs/serving/autoscaling/concurrency/',
  kubernetesResources:
    'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits',
  podSecurityRestricted:
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  imageReference: 'https://github.com/distribution/reference/blob/main/reference.go',
  knativePrivateServices: 'https://knative.dev/docs/serving/services/private-services/',
  knativeTraffic: 'https://knative.dev/docs/serving/traffic-management/',
  knativeAutoscaling: `${SERVING}/autoscaling/annotation_validation.go`,
  knativeMetadata: `${SERVING}/serving/metadata_validation.go`,
  knativeRevision: `${SERVING}/serving/v1/revision_validation.go`,
  knativeFieldMask: `${SERVING}/serving/fieldmask.go`,
  knativePodSpec: `${SERVING}/serving/k8s_validation.go`,
  knativeSecureDefaults: `${SERVING}/serving/v1/revision_defaults.go`,
  knativeBroker: `${EVENTING}/eventing/v1/broker_validation.go`,
  knativeDelivery: `${EVENTING}/duck/v1/delivery_types.go`,
  knativeTrigger: `${EVENTING}/eventing/v1/trigger_validation.go`,
  knativeDestination: 'https://knative.dev/docs/eventing/sinks/',
  knativeContainerSource: `${EVENTING}/sources/v1/container_validation.go`,
  knativeContainerSourceDocs:
    'https://knative.dev/docs/eventing/custom-event-source/containersource/',
  kubernetesProbes:
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  workloadIdentity: 'https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity',
  pubSubAccessControl: 'https://cloud.google.com/pubsub/docs/access-control',
  pubSubLeaseManagement: 'https://cloud.google.com/pubsub/docs/lease-management',
  knativeEventDelivery: 'https://knative.dev/docs/eventing/event-delivery/',
  knativeSenderIdentity: 'https://knative.dev/docs/eventing/features/sender-identity/',
  knativeGcpStorageSource:
    'https://github.com/google/knative-gcp/blob/v0.23.0/pkg/apis/events/v1/cloudstoragesource_types.go',
  cloudRunYaml: 'https://cloud.google.com/run/docs/reference/yaml/v1',
  cloudRunReplace: 'https://cloud.google.com/sdk/gcloud/reference/run/services/replace',
  cloudRunIngress: 'https://cloud.google.com/run/docs/securing/ingress',
  cloudRunContainerContract: 'https://cloud.google.com/run/docs/container-contract',
  cloudRunCpu: 'https://cloud.google.com/run/docs/configuring/services/cpu',
  cloudRunHealthChecks: 'https://cloud.google.com/run/docs/configuring/healthchecks',
  cloudRunSecrets: 'https://cloud.google.com/run/docs/configuring/services/secrets',
  cloudRunCustomAudiences: 'https://cloud.google.com/run/docs/configuring/custom-audiences',
  cloudRunPubSubPush: 'https://cloud.google.com/run/docs/triggering/pubsub-push',
  cloudRunAccess: 'https://cloud.google.com/run/docs/securing/managing-access',
  pubSubSubscriptionProperties: 'https://cloud.google.com/pubsub/docs/subscription-properties',
  pubSubHandlingFailures: 'https://cloud.google.com/pubsub/docs/handling-failures',
  pubSubDeadLetter: 'https://cloud.google.com/pubsub/docs/dead-letter-topics',
  pubSubPushAuth: 'https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions',
  storageNotifications: 'https://cloud.google.com/storage/docs/pubsub-notifications',
  kccSubscription: `${KCC}/pubsub/pubsubsubscription`,
  kccNotification: `${KCC}/storage/storagenotification`,
  kccPolicyMember: `${KCC}/iam/iampolicymember`,
  kccReferences:
    'https://cloud.google.com/config-connector/docs/how-to/creating-resource-references',
  bashInvoking: 'https://www.gnu.org/software/bash/manual/bash.html#Invoking-Bash',
  workerTimeouts: 'docs/deploying.md#the-config-and-synth',
  setupScript: 'docs/cloud-run-wiring.md#setupsh-cloud-run-wiring',
  pubSubSource: 'docs/pubsub-source.md#the-pubsub-source',
  deadLetterReceiver: 'docs/dead-letters.md#on-knative',
} as const;
