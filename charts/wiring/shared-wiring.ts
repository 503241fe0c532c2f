/**
 * What the wirings of both targets share, resource for resource: the topic the bucket notifies,
 * the dead-letter topic with the pull subscription that keeps dead letters, the Pub/Sub agent's
 * right to publish there, and the bucket notification with the Cloud Storage agent's right to
 * publish. Both wirings write these with the same names and settings, so applying both (both
 * targets side by side) creates each once, and each upload reaches both delivery subscriptions.
 */
import type { DeploymentConfig } from '../config/deployment-config';
import { pubSubServiceAgent, storageServiceAgent } from '../config/derived-names';
import type {
  GrantPurpose,
  WiringGrant,
  WiringGrantResource,
  WiringMember,
  WiringModel,
  WiringResource,
  WiringSubscription,
} from './wiring-model';

/** The shared parts of a wiring, and the helpers both derivations build their own parts with. */
export interface SharedWiring {
  /** The project and the bucket. */
  readonly place: Pick<WiringModel, 'project' | 'bucket' | 'bucketLocation'>;
  /** The topic, the dead-letter topic, its hold subscription, the Pub/Sub agent's publisher grant. */
  readonly topics: readonly WiringResource[];
  /** The Cloud Storage agent's publisher grant and the notification: created last. */
  readonly notification: readonly WiringResource[];
  /** The delivery subscription's retry policy (`pubsub.minRetryDelaySeconds`, `max…`). */
  readonly retry: NonNullable<WiringSubscription['retry']>;
  /** The delivery subscription's dead-letter policy (`pubsub.deadLetterTopic`, attempts). */
  readonly deadLetter: NonNullable<WiringSubscription['deadLetter']>;
  /** The Pub/Sub service agent, which moves messages to the dead-letter topic. */
  readonly pubSubAgent: WiringMember;
  /** A grant named `<service>-<purpose>`. */
  readonly grant: (
    purpose: GrantPurpose,
    member: WiringMember,
    role: string,
    resource: WiringGrantResource,
  ) => WiringGrant;
}

/**
 * The parts of `config`'s wiring that do not depend on the target.
 *
 * @see https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions
 * @see https://cloud.google.com/storage/docs/reporting-changes#prereqs
 */
export function sharedWiring(config: DeploymentConfig): SharedWiring {
  const { service, google, pubsub } = config;
  const grant: SharedWiring['grant'] = (purpose, member, role, resource) => ({
    kind: 'grant',
    purpose,
    name: `${service.name}-${purpose}`,
    member,
    role,
    resource,
  });
  const pubSubAgent: WiringMember = {
    kind: 'service-agent',
    service: 'pubsub',
    email: pubSubServiceAgent(config),
  };
  const storageAgent: WiringMember = {
    kind: 'service-agent',
    service: 'storage',
    email: storageServiceAgent(config),
  };
  return {
    place: {
      project: { id: google.projectId, number: google.projectNumber },
      bucket: google.bucket,
      bucketLocation: google.region,
    },
    topics: [
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
      grant('dead-letter-publisher', pubSubAgent, 'roles/pubsub.publisher', {
        kind: 'topic',
        name: pubsub.deadLetterTopic,
      }),
    ],
    notification: [
      // gcloud grants this when it creates a notification; Config Connector does not.
      grant('storage-publisher', storageAgent, 'roles/pubsub.publisher', {
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
    ],
    retry: {
      minimumBackoffSeconds: pubsub.minRetryDelaySeconds,
      maximumBackoffSeconds: pubsub.maxRetryDelaySeconds,
    },
    deadLetter: { topic: pubsub.deadLetterTopic, maxDeliveryAttempts: pubsub.maxDeliveryAttempts },
    pubSubAgent,
    grant,
  };
}
