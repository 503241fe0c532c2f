/**
 * Reads `cloudrun/setup.sh`'s settings from the wiring model, so the script and
 * `config-connector.yaml` wire the same names, accounts and deadlines.
 */
import type { SetupScriptInput } from './setup-script-input';
import { resourceFor, type WiringModel } from './wiring-model';

/**
 * The config field each setup-script setting comes from (through the wiring), so that a setting
 * the script's own check refuses is reported against the config field (`serviceYamlPath` is the
 * kit's, not the config's).
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
 * The setup script's settings for a Cloud Run wiring (`cloudRunWiring(config)`): the same names,
 * accounts and deadlines `config-connector.yaml` writes, read from the same model.
 *
 * @param serviceYamlPath - the Cloud Run service YAML, relative to the script (`service.yaml`)
 * @throws Error when the wiring lacks a resource or setting the script needs (a push delivery
 *   subscription with its deadline, retry policy and dead-letter topic; the invoker account)
 */
export function deriveSetupScriptInput(
  wiring: WiringModel,
  serviceYamlPath: string,
): SetupScriptInput {
  const { project, bucket, destination } = wiring;
  const delivery = resourceFor(wiring, 'subscription', 'delivery');
  const { push, ackDeadlineSeconds, retry, deadLetter } = delivery;
  if (
    push === undefined ||
    ackDeadlineSeconds === undefined ||
    retry === undefined ||
    deadLetter === undefined
  ) {
    throw new Error(
      `setup.sh writes a push subscription with an ack deadline, a retry policy and a dead-letter topic; ${delivery.name} lacks one`,
    );
  }
  return {
    projectId: project.id,
    projectNumber: project.number,
    region: destination.region,
    serviceName: destination.name,
    serviceYamlPath,
    bucket,
    topic: resourceFor(wiring, 'topic', 'notifications').name,
    deadLetterTopic: deadLetter.topic,
    deadLetterSubscription: resourceFor(wiring, 'subscription', 'dead-letter-hold').name,
    subscription: delivery.name,
    invokerServiceAccountId: resourceFor(wiring, 'service-account', 'push-invoker').accountId,
    runtimeServiceAccountEmail: destination.serviceAccountEmail,
    pushAudience: push.audience,
    ackDeadlineSeconds,
    minRetryDelaySeconds: retry.minimumBackoffSeconds,
    maxRetryDelaySeconds: retry.maximumBackoffSeconds,
    maxDeliveryAttempts: deadLetter.maxDeliveryAttempts,
  };
}
