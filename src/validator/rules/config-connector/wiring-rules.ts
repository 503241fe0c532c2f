/**
 * Config Connector rules across objects: references by name resolve to objects in the output; the
 * notification's topic lets the Cloud Storage agent publish and has a subscription; the
 * subscription that delivers the notifications has a dead-letter policy, and the Pub/Sub agent
 * holds what dead-lettering needs; the worker's push subscription pushes with authentication; the
 * delivery subscription never expires; the notification sends the event the worker labels
 * (OBJECT_FINALIZE).
 *
 * @see https://cloud.google.com/config-connector/docs/how-to/creating-resource-references
 */
import { CLOUD_STORAGE_NAMES } from '../../../../charts/limits/cloud-storage';
import type { ManifestSet } from '../../core/manifest-document';
import {
  asList,
  asMapping,
  mappingAt,
  quote,
  valueAt,
  type Mapping,
  type Path,
} from '../../core/object-access';
import {
  documentsOfKind,
  PUBSUB_AGENT,
  referenceKey,
  resolveReference,
  serviceAgentMember,
  deliverySubscriptions,
  pushSubscriptions,
} from '../../core/references';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { pushConfig } from './object-rules';

const GCS_AGENT = serviceAgentMember(CLOUD_STORAGE_NAMES.serviceAgentDomain);

/** Name references of each kind: where they sit and which kind they point at. */
const REFERENCES: Readonly<
  Record<string, readonly { readonly path: Path; readonly kind?: string }[]>
> = {
  PubSubSubscription: [
    { path: ['spec', 'topicRef'], kind: 'PubSubTopic' },
    { path: ['spec', 'deadLetterPolicy', 'deadLetterTopicRef'], kind: 'PubSubTopic' },
  ],
  StorageNotification: [
    { path: ['spec', 'bucketRef'], kind: 'StorageBucket' },
    { path: ['spec', 'topicRef'], kind: 'PubSubTopic' },
  ],
  IAMPolicyMember: [
    { path: ['spec', 'resourceRef'] },
    { path: ['spec', 'memberFrom', 'serviceAccountRef'], kind: 'IAMServiceAccount' },
  ],
};
/** Kinds a reference by name must find in the output (others, e.g. Project, are outside it). */
const MANAGED_KINDS: ReadonlySet<string> = new Set([
  'PubSubTopic',
  'PubSubSubscription',
  'StorageBucket',
  'IAMServiceAccount',
  'StorageNotification',
]);

function unresolvedReferences(set: ManifestSet): LocatedViolation[] {
  return set.documents.flatMap((document) =>
    (REFERENCES[document.kind] ?? []).flatMap(({ path, kind }) => {
      const ref = mappingAt(document.object, path);
      const target = kind ?? (typeof ref?.['kind'] === 'string' ? ref['kind'] : '');
      return ref === undefined ||
        typeof ref['name'] !== 'string' ||
        !MANAGED_KINDS.has(target) ||
        resolveReference(set, document, target, ref) !== undefined
        ? []
        : [
            {
              subject: document,
              path: [...path, 'name'],
              message: `no ${target} named ${quote(ref['name'])} in the output (use external: for one managed elsewhere)`,
            },
          ];
    }),
  );
}

/** Does an IAMPolicyMember grant `role` to a `member` matching `who` on `kind`/`resource`? */
function hasGrant(set: ManifestSet, who: RegExp, role: string, kind: string, resource: unknown) {
  return documentsOfKind(set, 'IAMPolicyMember').some((grant) => {
    const spec: Mapping = mappingAt(grant.object, ['spec']) ?? {};
    const member = spec['member'];
    const ref = asMapping(spec['resourceRef']);
    return (
      spec['role'] === role &&
      typeof member === 'string' &&
      who.test(member) &&
      ref?.['kind'] === kind &&
      referenceKey(ref) === resource
    );
  });
}

function notificationPublisher(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'StorageNotification').flatMap((notification) => {
    const topic = referenceKey(valueAt(notification.object, ['spec', 'topicRef']));
    return topic === undefined ||
      hasGrant(set, GCS_AGENT, 'roles/pubsub.publisher', 'PubSubTopic', topic)
      ? []
      : [
          {
            subject: notification,
            path: ['spec', 'topicRef'],
            message: `no IAMPolicyMember grants the Cloud Storage service agent roles/pubsub.publisher on topic ${quote(topic)} (Config Connector does not, unlike gcloud)`,
          },
        ];
  });
}

function deadLetterIam(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'PubSubSubscription').flatMap((subscription) => {
    const policy = ['spec', 'deadLetterPolicy'];
    const topic = referenceKey(valueAt(subscription.object, [...policy, 'deadLetterTopicRef']));
    const { name } = subscription;
    const missing = [
      hasGrant(set, PUBSUB_AGENT, 'roles/pubsub.publisher', 'PubSubTopic', topic)
        ? []
        : [`roles/pubsub.publisher on topic ${quote(topic)}`],
      hasGrant(set, PUBSUB_AGENT, 'roles/pubsub.subscriber', 'PubSubSubscription', name)
        ? []
        : [`roles/pubsub.subscriber on subscription ${quote(name)}`],
    ].flat();
    return topic === undefined || missing.length === 0
      ? []
      : [
          {
            subject: subscription,
            path: policy,
            message: `dead-lettering needs the Pub/Sub service agent to hold ${missing.join(' and ')}`,
          },
        ];
  });
}

function workerPushConfig(set: ManifestSet): LocatedViolation[] {
  return pushSubscriptions(set).flatMap((subscription) =>
    pushConfig(subscription).map((violation) => ({ subject: subscription, ...violation })),
  );
}

function deadLetterPolicy(set: ManifestSet): LocatedViolation[] {
  return deliverySubscriptions(set).flatMap((subscription) => {
    const policy = ['spec', 'deadLetterPolicy'];
    const topic = referenceKey(valueAt(subscription.object, [...policy, 'deadLetterTopicRef']));
    return topic !== undefined
      ? []
      : [
          {
            subject: subscription,
            path: valueAt(subscription.object, policy) === undefined ? ['spec'] : policy,
            message: `subscription ${quote(subscription.name)} delivers the bucket's notifications but has no deadLetterPolicy.deadLetterTopicRef: a message that can never be delivered would be retried until it expires (7 days) instead of going to a dead-letter topic after maxDeliveryAttempts`,
          },
        ];
  });
}

function notificationSubscription(set: ManifestSet): LocatedViolation[] {
  const subscribed = new Set(
    documentsOfKind(set, 'PubSubSubscription').map((s) =>
      referenceKey(valueAt(s.object, ['spec', 'topicRef'])),
    ),
  );
  return documentsOfKind(set, 'StorageNotification').flatMap((notification) => {
    const topic = referenceKey(valueAt(notification.object, ['spec', 'topicRef']));
    return topic === undefined || subscribed.has(topic)
      ? []
      : [
          {
            subject: notification,
            path: ['spec', 'topicRef'],
            message: `no PubSubSubscription in the output subscribes to topic ${quote(topic)}: a topic keeps nothing by itself, so every notification would be lost`,
          },
        ];
  });
}

function finalizeEvents(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'StorageNotification').flatMap((notification) => {
    const types = valueAt(notification.object, ['spec', 'eventTypes']);
    return types === undefined || asList(types).includes('OBJECT_FINALIZE')
      ? []
      : [
          {
            subject: notification,
            path: ['spec', 'eventTypes'],
            message: `eventTypes ${quote(types)} leave out OBJECT_FINALIZE: the worker labels finalized uploads only`,
          },
        ];
  });
}

function neverExpires(set: ManifestSet): LocatedViolation[] {
  return deliverySubscriptions(set).flatMap((subscription) => {
    const ttl = valueAt(subscription.object, ['spec', 'expirationPolicy', 'ttl']);
    return ttl === ''
      ? []
      : [
          {
            subject: subscription,
            path: ['spec', 'expirationPolicy'],
            message: `expirationPolicy.ttl is ${quote(ttl)}: set ttl: "" so the subscription never expires (the default is 31 idle days)`,
          },
        ];
  });
}

/** The Config Connector wiring rules. */
export const KCC_WIRING_RULES = defineRules('set', SOURCES.kccReferences, {
  'kcc/push-config': [
    'policy: a subscription that delivers to the worker (not the one the Pub/Sub source pulls, not a dead-letter hold) pushes to an https endpoint with an OIDC token',
    workerPushConfig,
    SOURCES.pubSubPushAuth,
  ],
  'kcc/reference': [
    'name references (topicRef, bucketRef, resourceRef…) resolve to objects in the output',
    unresolvedReferences,
  ],
  'kcc/notification-publisher': [
    'an IAMPolicyMember grants the GCS service agent publisher on the notification topic',
    notificationPublisher,
    SOURCES.storageNotifications,
  ],
  'kcc/dead-letter-policy': [
    'a subscription that delivers the notifications has a deadLetterPolicy with a deadLetterTopicRef',
    deadLetterPolicy,
    SOURCES.pubSubDeadLetter,
  ],
  'kcc/notification-subscription': [
    "a PubSubSubscription subscribes to the StorageNotification's topic",
    notificationSubscription,
    SOURCES.storageNotifications,
  ],
  'kcc/dead-letter-iam': [
    'the Pub/Sub service agent may publish to the dead-letter topic and subscribe to the subscription',
    deadLetterIam,
    SOURCES.pubSubDeadLetter,
  ],
});

/** The wiring's delivery rules: the event the worker labels, a subscription that never expires. */
export const KCC_DELIVERY_RULES = defineRules('set', SOURCES.storageNotifications, {
  'kcc/notification-finalize': [
    'StorageNotification eventTypes include OBJECT_FINALIZE (or are left unset)',
    finalizeEvents,
  ],
  'kcc/push-expiration': [
    'the subscription that delivers the notifications (push or pull) never expires: expirationPolicy.ttl ""',
    neverExpires,
    SOURCES.pubSubSubscriptionProperties,
  ],
});
