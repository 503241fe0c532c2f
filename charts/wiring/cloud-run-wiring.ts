/**
 * The Cloud Run target's wiring, derived from the deployment config: the bucket notifies a topic,
 * a push subscription with an OIDC token delivers it to the service, dead letters go to a second
 * topic and stay in a pull subscription, the service publishes its result events to a third, and
 * the grants each step needs.
 */
import type { DeploymentConfig } from '../config/deployment-config';
import { invokerEmail, pushEndpoint, runServiceResourceName } from '../config/derived-names';
import { sharedWiring } from './shared-wiring';
import type { WiringModel } from './wiring-model';

/**
 * The wiring of `config`'s Cloud Run service, in creation order. The bucket notification comes
 * last, after the push subscription: an upload between the two would reach a topic with no
 * subscription, and a topic keeps nothing.
 *
 * @see https://cloud.google.com/run/docs/triggering/pubsub-push
 * @see https://cloud.google.com/pubsub/docs/access-control#roles
 * @see https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions
 * @see https://cloud.google.com/storage/docs/reporting-changes#prereqs
 */
export function cloudRunWiring(config: DeploymentConfig): WiringModel {
  const { service, google, cloudRun, pubsub } = config;
  const shared = sharedWiring(config);
  const { grant, pubSubAgent } = shared;
  const invoker = { kind: 'service-account', email: invokerEmail(config) } as const;
  return {
    ...shared.place,
    destination: {
      kind: 'cloud-run-service',
      name: service.name,
      region: google.region,
      resourceName: runServiceResourceName(config),
      serviceAccountEmail: cloudRun.serviceAccountEmail,
    },
    resources: [
      // Vision reads gs://bucket/name with the caller's credentials: the runtime account reads it.
      grant(
        'object-viewer',
        { kind: 'service-account', email: cloudRun.serviceAccountEmail },
        'roles/storage.objectViewer',
        { kind: 'bucket', name: google.bucket },
      ),
      ...shared.topics,
      // Before the service is deployed: its first labeled upload publishes a result event there.
      { kind: 'topic', purpose: 'results', name: config.results.topic },
      grant(
        'results-publisher',
        { kind: 'service-account', email: cloudRun.serviceAccountEmail },
        'roles/pubsub.publisher',
        { kind: 'topic', name: config.results.topic },
      ),
      {
        kind: 'service-account',
        purpose: 'push-invoker',
        accountId: pubsub.invokerServiceAccountId,
        email: invokerEmail(config),
        displayName: `Pub/Sub push invoker of ${service.name}`,
      },
      grant('run-invoker', invoker, 'roles/run.invoker', {
        kind: 'run-service',
        resourceName: runServiceResourceName(config),
      }),
      // Needed by projects that enabled Pub/Sub before 2021-04-08 to mint the push's OIDC token;
      // harmless elsewhere, and narrower than a project-wide grant.
      grant('token-creator', pubSubAgent, 'roles/iam.serviceAccountTokenCreator', {
        kind: 'service-account',
        accountId: pubsub.invokerServiceAccountId,
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
        retry: shared.retry,
        deadLetter: shared.deadLetter,
        expires: 'never',
      },
      grant('dead-letter-subscriber', pubSubAgent, 'roles/pubsub.subscriber', {
        kind: 'subscription',
        name: pubsub.subscription,
      }),
      ...shared.notification,
    ],
  };
}
