/**
 * Maps the deployment config onto `cloudrun/setup.sh`'s settings, so the script and
 * `config-connector.yaml` wire the same names, accounts and deadlines.
 */
import type { DeploymentConfig } from '../config/deployment-config';
import type { SetupScriptInput } from './setup-script-input';

/**
 * The config field each setup-script setting comes from, so that a setting the script's own check
 * refuses is reported against the config field (`serviceYamlPath` is the kit's, not the config's).
 */
export const SETUP_INPUT_SOURCES: { readonly [K in keyof SetupScriptInput]-?: string } = {
  projectId: 'google.projectId',
  projectNumber: 'google.projectNumber',
  region: 'google.region',
  serviceName: 'service.name',
  serviceYamlPath: '(cloudrun/service.yaml path)',
  bucket: 'google.bucket',
  bucketLocation: 'google.region',
  topic: 'pubsub.topic',
  deadLetterTopic: 'pubsub.deadLetterTopic',
  deadLetterSubscription: 'pubsub.deadLetterSubscription',
  subscription: 'pubsub.subscription',
  invokerServiceAccountId: 'pubsub.invokerServiceAccountId',
  runtimeServiceAccountEmail: 'cloudRun.serviceAccountEmail',
  pushAudience: 'pubsub.pushAudience',
  ackDeadlineSeconds: 'pubsub.ackDeadlineSeconds',
  minRetryDelaySeconds: 'pubsub.minRetryDelaySeconds',
  maxRetryDelaySeconds: 'pubsub.maxRetryDelaySeconds',
  maxDeliveryAttempts: 'pubsub.maxDeliveryAttempts',
};

/**
 * The setup script's settings for `config`.
 *
 * @param serviceYamlPath - the Cloud Run service YAML, relative to the script (`service.yaml`)
 */
export function setupScriptInput(
  config: DeploymentConfig,
  serviceYamlPath: string,
): SetupScriptInput {
  const { google, service, cloudRun, pubsub } = config;
  return {
    projectId: google.projectId,
    projectNumber: google.projectNumber,
    region: google.region,
    serviceName: service.name,
    serviceYamlPath,
    bucket: google.bucket,
    topic: pubsub.topic,
    deadLetterTopic: pubsub.deadLetterTopic,
    deadLetterSubscription: pubsub.deadLetterSubscription,
    subscription: pubsub.subscription,
    invokerServiceAccountId: pubsub.invokerServiceAccountId,
    runtimeServiceAccountEmail: cloudRun.serviceAccountEmail,
    pushAudience: pubsub.pushAudience,
    ackDeadlineSeconds: pubsub.ackDeadlineSeconds,
    minRetryDelaySeconds: pubsub.minRetryDelaySeconds,
    maxRetryDelaySeconds: pubsub.maxRetryDelaySeconds,
    maxDeliveryAttempts: pubsub.maxDeliveryAttempts,
  };
}
