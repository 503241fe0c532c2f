/**
 * Config Connector rules on single objects of the Pub/Sub wiring: bounded retry and dead-lettering,
 * a valid notification, no public invoker (our policy: the worker is private), and the push config
 * of a subscription that delivers to the worker (authenticated push, read by `wiring-rules.ts`).
 *
 * @see https://cloud.google.com/config-connector/docs/reference/resource-docs/pubsub/pubsubsubscription
 */
import { CLOUD_STORAGE_NOTIFICATIONS } from '../../../../charts/limits/cloud-storage';
import { PUBSUB_LIMITS } from '../../../../charts/limits/pubsub';
import { parseProtoDurationMs } from '../../core/durations';
import type { ManifestDocument } from '../../core/manifest-document';
import { isEmail } from '../../core/names';
import { asList, mappingAt, quote, valueAt } from '../../core/object-access';
import { defineRules, eachValue, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';

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

const NOTIFICATION_TYPES: ReadonlySet<unknown> = new Set(CLOUD_STORAGE_NOTIFICATIONS.eventTypes);
const PAYLOAD_FORMATS: ReadonlySet<unknown> = new Set(CLOUD_STORAGE_NOTIFICATIONS.payloadFormats);
const DELIVERY_ATTEMPTS = PUBSUB_LIMITS.maxDeliveryAttempts;
const BACKOFF_SECONDS = PUBSUB_LIMITS.retryDelaySeconds;

/** `spec.pushConfig` of a subscription that delivers to the worker: https endpoint, OIDC token. */
export function pushConfig(document: ManifestDocument): readonly Violation[] {
  const path = ['spec', 'pushConfig'];
  const push = mappingAt(document.object, path);
  if (push === undefined)
    return violation(
      path,
      'policy: the worker takes push deliveries: set pushConfig (pushEndpoint, oidcToken)',
    );
  const endpoint = push['pushEndpoint'];
  const email = valueAt(push, ['oidcToken', 'serviceAccountEmail']);
  return [
    ...(typeof endpoint === 'string' && endpoint.startsWith('https://')
      ? []
      : violation(
          [...path, 'pushEndpoint'],
          `pushEndpoint must be the service's https:// URL, not ${quote(endpoint)}`,
        )),
    ...(typeof email === 'string' && isEmail(email)
      ? []
      : violation(
          [...path, 'oidcToken', 'serviceAccountEmail'],
          'policy: authenticated push: oidcToken.serviceAccountEmail must be the invoker service account e-mail',
        )),
  ];
}

function retryPolicy(document: ManifestDocument): readonly Violation[] {
  const path = ['spec', 'retryPolicy'];
  const policy = mappingAt(document.object, path) ?? {};
  const bounds = ['minimumBackoff', 'maximumBackoff'].map((field) => {
    const value = policy[field];
    const ms = typeof value === 'string' ? parseProtoDurationMs(value) : undefined;
    return { field, value, ms };
  });
  const [min, max] = bounds.map((bound) => bound.ms);
  return [
    ...bounds
      .filter(
        ({ value, ms }) =>
          value !== undefined &&
          (ms === undefined || ms < BACKOFF_SECONDS.min * 1000 || ms > BACKOFF_SECONDS.max * 1000),
      )
      .map(({ field, value }) => ({
        path: [...path, field],
        message: `${quote(value)} must be a duration like "10s" in [${BACKOFF_SECONDS.min}s, ${BACKOFF_SECONDS.max}s]`,
      })),
    ...(min !== undefined && max !== undefined && min > max
      ? violation(path, 'minimumBackoff must not exceed maximumBackoff')
      : []),
  ];
}

function storageNotification(document: ManifestDocument): readonly Violation[] {
  const format = valueAt(document.object, ['spec', 'payloadFormat']);
  return [
    ...(PAYLOAD_FORMATS.has(format)
      ? []
      : violation(
          ['spec', 'payloadFormat'],
          `payloadFormat must be ${[...PAYLOAD_FORMATS].join(' or ')}, not ${quote(format)}`,
        )),
    ...asList(valueAt(document.object, ['spec', 'eventTypes'])).flatMap((type, i) =>
      NOTIFICATION_TYPES.has(type)
        ? []
        : violation(
            ['spec', 'eventTypes', i],
            `${quote(type)} is not one of ${[...NOTIFICATION_TYPES].join(', ')}`,
          ),
    ),
  ];
}

/** The Config Connector object rules. */
export const KCC_OBJECT_RULES = [
  ...defineRules(SUBSCRIPTION, SOURCES.pubSubHandlingFailures, {
    'kcc/retry-policy': [
      `retryPolicy backoffs are durations in [${BACKOFF_SECONDS.min}s, ${BACKOFF_SECONDS.max}s], minimum ≤ maximum`,
      retryPolicy,
    ],
    'kcc/dead-letter-attempts': [
      `deadLetterPolicy.maxDeliveryAttempts in [${DELIVERY_ATTEMPTS.min}, ${DELIVERY_ATTEMPTS.max}]`,
      eachValue(['spec', 'deadLetterPolicy', 'maxDeliveryAttempts'], (attempts) =>
        attempts === undefined ||
        (typeof attempts === 'number' &&
          attempts >= DELIVERY_ATTEMPTS.min &&
          attempts <= DELIVERY_ATTEMPTS.max)
          ? undefined
          : `${quote(attempts)} is outside [${DELIVERY_ATTEMPTS.min}, ${DELIVERY_ATTEMPTS.max}]`,
      ),
    ],
  }),
  ...defineRules(NOTIFICATION, SOURCES.kccNotification, {
    'kcc/storage-notification': [
      'payloadFormat JSON_API_V1 or NONE; eventTypes OBJECT_*',
      storageNotification,
    ],
  }),
  ...defineRules(POLICY_MEMBER, SOURCES.cloudRunAccess, {
    'kcc/public-invoker': [
      'policy: no allUsers/allAuthenticatedUsers with roles/run.invoker',
      eachValue(['spec', 'member'], (member, _, { object }) =>
        valueAt(object, ['spec', 'role']) === 'roles/run.invoker' &&
        (member === 'allUsers' || member === 'allAuthenticatedUsers')
          ? `policy: the worker is private: ${member} must not hold roles/run.invoker`
          : undefined,
      ),
    ],
  }),
];
