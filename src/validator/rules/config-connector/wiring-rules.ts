/**
 * Config Connector rules across objects (MANIFESTS 5.3, 8.10, 8.11): references by name resolve
 * to objects in the output; the notification's topic lets the Cloud Storage agent publish; the
 * Pub/Sub agent holds what dead-lettering needs.
 */
import type { ManifestSet } from '../../core/manifest-document';
import { asMapping, mappingAt, quote, valueAt, type Mapping } from '../../core/object-access';
import type { Path } from '../../core/path';
import { pushConfig } from './object-rules';
import {
  documentsOfKind,
  PUBSUB_AGENT,
  referenceKey,
  resolveReference,
  workerSubscriptions,
} from '../../core/references';
import { setRule, type LocatedViolation, type SetRule } from '../../core/rule';

const GCS_AGENT = /^serviceAccount:service-[^@]+@gs-project-accounts\.iam\.gserviceaccount\.com$/;

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
    (REFERENCES[document.kind] ?? []).flatMap(({ path, kind }): LocatedViolation[] => {
      const ref = mappingAt(document.object, path);
      const target = kind ?? (typeof ref?.['kind'] === 'string' ? ref['kind'] : '');
      if (ref === undefined || typeof ref['name'] !== 'string' || !MANAGED_KINDS.has(target))
        return [];
      return resolveReference(set, document, target, ref) === undefined
        ? [
            {
              subject: document,
              path: [...path, 'name'],
              message: `no ${target} named ${quote(ref['name'])} in the output (use external: for one managed elsewhere)`,
            },
          ]
        : [];
    }),
  );
}

/** Does an IAMPolicyMember grant `role` to a `member` matching `who` on `kind`/`resource`? */
function hasGrant(
  set: ManifestSet,
  who: RegExp,
  role: string,
  kind: string,
  resource: string | undefined,
): boolean {
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
  return documentsOfKind(set, 'PubSubSubscription').flatMap((subscription): LocatedViolation[] => {
    const topic = referenceKey(
      valueAt(subscription.object, ['spec', 'deadLetterPolicy', 'deadLetterTopicRef']),
    );
    if (topic === undefined) return [];
    const missing = [
      hasGrant(set, PUBSUB_AGENT, 'roles/pubsub.publisher', 'PubSubTopic', topic)
        ? undefined
        : `roles/pubsub.publisher on topic ${quote(topic)}`,
      hasGrant(
        set,
        PUBSUB_AGENT,
        'roles/pubsub.subscriber',
        'PubSubSubscription',
        subscription.name,
      )
        ? undefined
        : `roles/pubsub.subscriber on subscription ${quote(subscription.name)}`,
    ].filter((grant): grant is string => grant !== undefined);
    return missing.length === 0
      ? []
      : [
          {
            subject: subscription,
            path: ['spec', 'deadLetterPolicy'],
            message: `dead-lettering needs the Pub/Sub service agent to hold ${missing.join(' and ')}`,
          },
        ];
  });
}

function workerPushConfig(set: ManifestSet): LocatedViolation[] {
  return workerSubscriptions(set).flatMap((subscription) =>
    pushConfig(subscription).map((violation) => ({ subject: subscription, ...violation })),
  );
}

const rule = (id: string, summary: string, check: SetRule['check']): SetRule =>
  setRule(id, summary, 'MANIFESTS.md 5.3, 8.10, 8.11', check);

/** The Config Connector wiring rules. */
export const KCC_WIRING_RULES: readonly SetRule[] = [
  rule(
    'kcc/push-config',
    'policy: a subscription that delivers to the worker (not on a dead-letter topic) pushes to an https endpoint with an OIDC token',
    workerPushConfig,
  ),
  rule(
    'kcc/reference',
    'name references (topicRef, bucketRef, resourceRef…) resolve to objects in the output',
    unresolvedReferences,
  ),
  rule(
    'kcc/notification-publisher',
    'an IAMPolicyMember grants the GCS service agent publisher on the notification topic',
    notificationPublisher,
  ),
  rule(
    'kcc/dead-letter-iam',
    'the Pub/Sub service agent may publish to the dead-letter topic and subscribe to the subscription',
    deadLetterIam,
  ),
];
