/**
 * Config Connector rules on single objects of the Pub/Sub wiring (MANIFESTS 5.2, 5.3; DESIGN
 * 4.3): authenticated push, bounded retry and dead-lettering, a valid notification, no public
 * invoker.
 */
import { PUBSUB_LIMITS } from '../../../../charts/pubsub-limits';
import { parseProtoDurationMs } from '../../core/durations';
import type { ManifestDocument } from '../../core/manifest-document';
import { isEmail } from '../../core/names';
import { asList, mappingAt, quote, valueAt } from '../../core/object-access';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';

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

const NOTIFICATION_TYPES: ReadonlySet<unknown> = new Set([
  'OBJECT_FINALIZE',
  'OBJECT_METADATA_UPDATE',
  'OBJECT_DELETE',
  'OBJECT_ARCHIVE',
]);
const DELIVERY_ATTEMPTS = PUBSUB_LIMITS.maxDeliveryAttempts;
const MIN_BACKOFF_MS = PUBSUB_LIMITS.retryDelaySeconds.min * 1000;
const MAX_BACKOFF_MS = PUBSUB_LIMITS.retryDelaySeconds.max * 1000;

/** `spec.pushConfig` of a subscription that delivers to the worker: https endpoint, OIDC token. */
export function pushConfig(document: ManifestDocument): readonly Violation[] {
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
      ({ value, ms }) =>
        value !== undefined && (ms === undefined || ms < MIN_BACKOFF_MS || ms > MAX_BACKOFF_MS),
    )
    .map(({ field, value }) => ({
      path: ['spec', 'retryPolicy', field],
      message: `${quote(value)} must be a duration like "10s" in [${MIN_BACKOFF_MS / 1000}s, ${MAX_BACKOFF_MS / 1000}s]`,
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
    (typeof attempts === 'number' &&
      attempts >= DELIVERY_ATTEMPTS.min &&
      attempts <= DELIVERY_ATTEMPTS.max)
    ? []
    : [
        {
          path: ['spec', 'deadLetterPolicy', 'maxDeliveryAttempts'],
          message: `${quote(attempts)} is outside [${DELIVERY_ATTEMPTS.min}, ${DELIVERY_ATTEMPTS.max}]`,
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

const rule = (
  id: string,
  summary: string,
  appliesTo: DocumentRule['appliesTo'],
  check: DocumentRule['check'],
): DocumentRule =>
  documentRule(id, summary, 'MANIFESTS.md 5.2, 5.3; DESIGN.md 4.3', appliesTo, check);

/** The Config Connector object rules. */
export const KCC_OBJECT_RULES: readonly DocumentRule[] = [
  rule(
    'kcc/retry-policy',
    `retryPolicy backoffs are durations in [${MIN_BACKOFF_MS / 1000}s, ${MAX_BACKOFF_MS / 1000}s], minimum ≤ maximum`,
    SUBSCRIPTION,
    retryPolicy,
  ),
  rule(
    'kcc/dead-letter-attempts',
    `deadLetterPolicy.maxDeliveryAttempts in [${DELIVERY_ATTEMPTS.min}, ${DELIVERY_ATTEMPTS.max}]`,
    SUBSCRIPTION,
    deadLetterAttempts,
  ),
  rule(
    'kcc/storage-notification',
    'payloadFormat JSON_API_V1 or NONE; eventTypes OBJECT_*',
    NOTIFICATION,
    storageNotification,
  ),
  rule(
    'kcc/public-invoker',
    'policy: no allUsers/allAuthenticatedUsers with roles/run.invoker',
    POLICY_MEMBER,
    publicInvoker,
  ),
];
