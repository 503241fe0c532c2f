/**
 * Maps the deployment config onto `cloudrun/setup.sh`'s settings, so the script and
 * `config-connector.yaml` wire the same names, accounts and deadlines.
 */
import type { DeploymentConfig } from './deployment-config';
import type { SetupScriptInput } from './setup-script';

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
