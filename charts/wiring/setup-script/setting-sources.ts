/**
 * The config field each `setup.sh` setting comes from (through the wiring), per target, so that a
 * setting the script's own check refuses is reported against the field the user wrote.
 */
import type { SetupScriptTarget, SetupScriptVariable } from './settings';

/** Settings both targets read from the same fields. */
const SHARED = {
  TARGET: '(the target)',
  PROJECT_ID: 'google.projectId',
  PROJECT_NUMBER: 'google.projectNumber',
  BUCKET: 'google.bucket',
  BUCKET_LOCATION: 'google.region',
  TOPIC: 'pubsub.topic',
  DEAD_LETTER_TOPIC: 'pubsub.deadLetterTopic',
  DEAD_LETTER_SUBSCRIPTION: 'pubsub.deadLetterSubscription',
  MIN_RETRY_DELAY_SECONDS: 'pubsub.minRetryDelaySeconds',
  MAX_RETRY_DELAY_SECONDS: 'pubsub.maxRetryDelaySeconds',
  MAX_DELIVERY_ATTEMPTS: 'pubsub.maxDeliveryAttempts',
} as const satisfies Partial<Record<SetupScriptVariable, string>>;

/** Each target's settings and their config fields. */
export const SETTING_SOURCES: Readonly<
  Record<SetupScriptTarget, Readonly<Partial<Record<SetupScriptVariable, string>>>>
> = {
  'cloud-run': {
    ...SHARED,
    REGION: 'google.region',
    SERVICE_NAME: 'service.name',
    SERVICE_YAML: '(cloudrun/service.yaml path)',
    SUBSCRIPTION: 'pubsub.subscription',
    RESULTS_TOPIC: 'results.topic',
    INVOKER_SERVICE_ACCOUNT_ID: 'pubsub.invokerServiceAccountId',
    RUNTIME_SERVICE_ACCOUNT_EMAIL: 'cloudRun.serviceAccountEmail',
    PUSH_ENDPOINT: 'service.name',
    PUSH_AUDIENCE: 'pubsub.pushAudience',
    ACK_DEADLINE_SECONDS: 'pubsub.ackDeadlineSeconds',
  },
  knative: {
    ...SHARED,
    NAMESPACE: 'knative.namespace',
    SOURCE_KUBERNETES_SERVICE_ACCOUNT: 'knative.source.serviceAccountName',
    SUBSCRIPTION: 'knative.source.subscription',
    SOURCE_SERVICE_ACCOUNT_ID: 'knative.source.googleServiceAccount',
    RECEIVER_KUBERNETES_SERVICE_ACCOUNT:
      'knative.delivery.deadLetterSink.receiver.serviceAccountName',
    RECEIVER_SERVICE_ACCOUNT_ID: 'knative.delivery.deadLetterSink.receiver.googleServiceAccount',
    WORKER_KUBERNETES_SERVICE_ACCOUNT: 'knative.serviceAccountName',
    WORKER_SERVICE_ACCOUNT_ID: 'knative.googleServiceAccount',
    ACK_DEADLINE_SECONDS: 'knative.source.ackDeadlineSeconds',
  },
};
