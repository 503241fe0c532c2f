/**
 * Config Connector rules for the Pub/Sub wiring (MANIFESTS 5.2, 5.3, 8.10–8.11; DESIGN 4.3):
 * authenticated push, bounded retry and dead-lettering, a notification that can publish, the IAM
 * the Pub/Sub service agent needs for dead-lettering, references that resolve, no public invoker.
 */
import { parseProtoDurationMs } from './durations';
import type { ManifestDocument, ManifestSet } from './manifest-document';
import { isEmail } from './names';
import { asList, asMapping, mappingAt, quote, valueAt, type Mapping } from './object-access';
import type { Path } from './path';
import { documentsOfKind, referenceKey, resolveReference } from './references';
import type { DocumentRule, LocatedViolation, SetRule, Violation } from './rule';

const SUBSCRIPTION = {
  apiVersion: 'pubsub.cnrm.cloud.google.com/v1beta1',
  kind: 'PubSubSubscription',
} as const;
const NOTIFICATION = {
  apiVersion: 'storage.cnrm.cloud.google.com/v1beta1',
  kind: 'StorageNotification',
} as const;
const POLICY_MEMBER = {
  apiVersion: 'iam.cnrm.cloud.google.com/v1beta1',
  kind: 'IAMPolicyMember',
} as const;

const GCS_AGENT = /^serviceAccount:service-[^@]+@gs-project-accounts\.iam\.gserviceaccount\.com$/;
const PUBSUB_AGENT = /^serviceAccount:service-[^@]+@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/;
const NOTIFICATION_TYPES: ReadonlySet<unknown> = new Set([
  'OBJECT_FINALIZE',
  'OBJECT_METADATA_UPDATE',
  'OBJECT_DELETE',
  'OBJECT_ARCHIVE',
]);
const MAX_BACKOFF_MS = 600_000;

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

function pushConfig(document: ManifestDocument): readonly Violation[] {
  const push = mappingAt(document.object, ['spec', 'pushConfig']);
  const path = ['spec', 'pushConfig'];
  if (push === undefined)
    return [
      {
        path,
        message:
          'policy: the worker takes push deliveries: set pushConfig (pushEndpoint, oidcToken)',
      },
    ];
  const violations: Violation[] = [];
  const endpoint = push['pushEndpoint'];
  if (typeof endpoint !== 'string' || !endpoint.startsWith('https://'))
    violations.push({
      path: [...path, 'pushEndpoint'],
      message: `pushEndpoint must be the service's https:// URL, not ${quote(endpoint)}`,
    });
  const email = valueAt(push, ['oidcToken', 'serviceAccountEmail']);
  if (typeof email !== 'string' || !isEmail(email))
    violations.push({
      path: [...path, 'oidcToken', 'serviceAccountEmail'],
      message:
        'policy: authenticated push: oidcToken.serviceAccountEmail must be the invoker service account e-mail',
    });
  return violations;
}

function retryPolicy(document: ManifestDocument): readonly Violation[] {
  const policy = mappingAt(document.object, ['spec', 'retryPolicy']);
  if (policy === undefined) return [];
  const read = (field: string) => {
    const value = policy[field];
    return {
      field,
      value,
      ms: typeof value === 'string' ? parseProtoDurationMs(value) : undefined,
    };
  };
  const bounds = [read('minimumBackoff'), read('maximumBackoff')];
  const violations: Violation[] = bounds
    .filter(
      ({ value, ms }) => value !== undefined && (ms === undefined || ms < 0 || ms > MAX_BACKOFF_MS),
    )
    .map(({ field, value }) => ({
      path: ['spec', 'retryPolicy', field],
      message: `${quote(value)} must be a duration like "10s" in [0s, 600s]`,
    }));
  const [min, max] = bounds.map((bound) => bound.ms);
  if (min !== undefined && max !== undefined && min > max)
    violations.push({
      path: ['spec', 'retryPolicy'],
      message: 'minimumBackoff must not exceed maximumBackoff',
    });
  return violations;
}

function deadLetterAttempts(document: ManifestDocument): readonly Violation[] {
  const attempts = valueAt(document.object, ['spec', 'deadLetterPolicy', 'maxDeliveryAttempts']);
  return attempts === undefined ||
    (typeof attempts === 'number' && attempts >= 5 && attempts <= 100)
    ? []
    : [
        {
          path: ['spec', 'deadLetterPolicy', 'maxDeliveryAttempts'],
          message: `${quote(attempts)} is outside [5, 100]`,
        },
      ];
}

function storageNotification(document: ManifestDocument): readonly Violation[] {
  const format = valueAt(document.object, ['spec', 'payloadFormat']);
  const violations: Violation[] =
    format === 'JSON_API_V1' || format === 'NONE'
      ? []
      : [
          {
            path: ['spec', 'payloadFormat'],
            message: `payloadFormat must be JSON_API_V1 or NONE, not ${quote(format)}`,
          },
        ];
  asList(valueAt(document.object, ['spec', 'eventTypes'])).forEach((type, i) => {
    if (!NOTIFICATION_TYPES.has(type))
      violations.push({
        path: ['spec', 'eventTypes', i],
        message: `${quote(type)} is not one of ${[...NOTIFICATION_TYPES].join(', ')}`,
      });
  });
  return violations;
}

function publicInvoker(document: ManifestDocument): readonly Violation[] {
  const member = valueAt(document.object, ['spec', 'member']);
  const role = valueAt(document.object, ['spec', 'role']);
  return role === 'roles/run.invoker' &&
    (member === 'allUsers' || member === 'allAuthenticatedUsers')
    ? [
        {
          path: ['spec', 'member'],
          message: `policy: the worker is private: ${member} must not hold roles/run.invoker`,
        },
      ]
    : [];
}

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

const documentRule = (
  id: string,
  summary: string,
  appliesTo: DocumentRule['appliesTo'],
  check: DocumentRule['check'],
): DocumentRule => ({
  scope: 'document',
  id,
  summary,
  see: 'MANIFESTS.md 5.2, 5.3; DESIGN.md 4.3',
  appliesTo,
  check,
});
const setRule = (
  id: string,
  summary: string,
  check: (set: ManifestSet) => LocatedViolation[],
): SetRule => ({
  scope: 'set',
  id,
  summary,
  see: 'MANIFESTS.md 5.2, 5.3, 8.10, 8.11',
  check,
});

/** The Config Connector rules. */
export const CONFIG_CONNECTOR_RULES: readonly (DocumentRule | SetRule)[] = [
  documentRule(
    'kcc/push-config',
    'policy: the subscription pushes to an https endpoint with an OIDC token',
    SUBSCRIPTION,
    pushConfig,
  ),
  documentRule(
    'kcc/retry-policy',
    'retryPolicy backoffs are durations in [0s, 600s], minimum ≤ maximum',
    SUBSCRIPTION,
    retryPolicy,
  ),
  documentRule(
    'kcc/dead-letter-attempts',
    'deadLetterPolicy.maxDeliveryAttempts in [5, 100]',
    SUBSCRIPTION,
    deadLetterAttempts,
  ),
  documentRule(
    'kcc/storage-notification',
    'payloadFormat JSON_API_V1 or NONE; eventTypes OBJECT_*',
    NOTIFICATION,
    storageNotification,
  ),
  documentRule(
    'kcc/public-invoker',
    'policy: no allUsers/allAuthenticatedUsers with roles/run.invoker',
    POLICY_MEMBER,
    publicInvoker,
  ),
  setRule(
    'kcc/reference',
    'name references (topicRef, bucketRef, resourceRef…) resolve to objects in the output',
    unresolvedReferences,
  ),
  setRule(
    'kcc/notification-publisher',
    'an IAMPolicyMember grants the GCS service agent publisher on the notification topic',
    notificationPublisher,
  ),
  setRule(
    'kcc/dead-letter-iam',
    'the Pub/Sub service agent may publish to the dead-letter topic and subscribe to the subscription',
    deadLetterIam,
  ),
];
