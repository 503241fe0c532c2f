/**
 * The Cloud Run target's wiring, derived from the deployment config: the bucket notifies a topic,
 * a push subscription with an OIDC token delivers it to the service, dead letters go to a second
 * topic and stay in a pull subscription, and the grants each step needs.
 */
import type { DeploymentConfig } from '../config/deployment-config';
import {
  invokerEmail,
  pubSubServiceAgent,
  pushEndpoint,
  runServiceResourceName,
  storageServiceAgent,
} from '../config/derived-names';
import type { GrantPurpose, WiringGrant, WiringGrantResource, WiringModel } from './wiring-model';

/**
 * The wiring of `config`'s Cloud Run service, in creation order.
 *
 * @see https://cloud.google.com/run/docs/triggering/pubsub-push
 * @see https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions
 * @see https://cloud.google.com/storage/docs/reporting-changes#prereqs
 */
export function cloudRunWiring(config: DeploymentConfig): WiringModel {
  const { service, google, cloudRun, pubsub } = config;
  const grant = (
    purpose: GrantPurpose,
    member: string,
    role: string,
    resource: WiringGrantResource,
  ): WiringGrant => ({
    kind: 'grant',
    purpose,
    name: `${service.name}-${purpose}`,
    member,
    role,
    resource,
  });
  const pubSubAgent = pubSubServiceAgent(config);
  return {
    project: { id: google.projectId, number: google.projectNumber },
    bucket: google.bucket,
    destination: {
      kind: 'cloud-run-service',
      name: service.name,
      region: google.region,
      resourceName: runServiceResourceName(config),
      serviceAccountEmail: cloudRun.serviceAccountEmail,
    },
    resources: [
      { kind: 'topic', purpose: 'notifications', name: pubsub.topic },
      { kind: 'topic', purpose: 'dead-letters', name: pubsub.deadLetterTopic },
      // A topic keeps nothing by itself: this pull subscription holds dead letters for inspection.
      {
        kind: 'subscription',
        purpose: 'dead-letter-hold',
        name: pubsub.deadLetterSubscription,
        topic: pubsub.deadLetterTopic,
        expires: 'never',
      },
      // gcloud grants this when it creates a notification; Config Connector does not.
      grant('storage-publisher', storageServiceAgent(config), 'roles/pubsub.publisher', {
        kind: 'topic',
        name: pubsub.topic,
      }),
      {
        kind: 'notification',
        name: `${service.name}-finalize-notification`,
        bucket: google.bucket,
        topic: pubsub.topic,
        payloadFormat: 'JSON_API_V1',
        eventTypes: ['OBJECT_FINALIZE'],
      },
      {
        kind: 'service-account',
        purpose: 'push-invoker',
        accountId: pubsub.invokerServiceAccountId,
        email: invokerEmail(config),
        displayName: `Pub/Sub push invoker of ${service.name}`,
      },
      grant('run-invoker', invokerEmail(config), 'roles/run.invoker', {
        kind: 'run-service',
        resourceName: runServiceResourceName(config),
      }),
      // Needed by projects that enabled Pub/Sub before 2021-04-08 to mint the push's OIDC token;
      // harmless elsewhere, and narrower than a project-wide grant.
      grant('token-creator', pubSubAgent, 'roles/iam.serviceAccountTokenCreator', {
        kind: 'service-account',
        accountId: pubsub.invokerServiceAccountId,
      }),
      grant('dead-letter-publisher', pubSubAgent, 'roles/pubsub.publisher', {
        kind: 'topic',
        name: pubsub.deadLetterTopic,
      }),
      {
        kind: 'subscription',
        purpose: 'delivery',
        name: pubsub.subscription,
        topic: pubsub.topic,
        push: {
          endpoint: pushEndpoint(config),
          serviceAccountEmail: invokerEmail(config),
          audience: pubsub.pushAudience,
        },
        ackDeadlineSeconds: pubsub.ackDeadlineSeconds,
        retry: {
          minimumBackoffSeconds: pubsub.minRetryDelaySeconds,
          maximumBackoffSeconds: pubsub.maxRetryDelaySeconds,
        },
        deadLetter: {
          topic: pubsub.deadLetterTopic,
          maxDeliveryAttempts: pubsub.maxDeliveryAttempts,
        },
        expires: 'never',
      },
      grant('dead-letter-subscriber', pubSubAgent, 'roles/pubsub.subscriber', {
        kind: 'subscription',
        name: pubsub.subscription,
      }),
      // Vision reads gs://bucket/name with the caller's credentials: the runtime account reads it.
      grant('object-viewer', cloudRun.serviceAccountEmail, 'roles/storage.objectViewer', {
        kind: 'bucket',
        name: google.bucket,
      }),
    ],
  };
}
