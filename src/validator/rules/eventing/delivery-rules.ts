/**
 * Knative Eventing delivery rules the CRD schemas do not encode: the Broker class, DeliverySpec
 * fields of Brokers and Triggers, and destinations (subscriber, sink, dead-letter sink).
 *
 * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis/eventing/v1/broker_validation.go
 * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis/duck/v1/delivery_types.go
 */
import { KNATIVE_LIMITS } from '../../../../charts/limits/knative';
import {
  knativeRetryWindowSeconds,
  LONGEST_RETRY_AFTER_SECONDS,
  workerRetryAfterSumSeconds,
} from '../../../config/knative-retry-window';
import { parseIsoDurationMs } from '../../core/durations';
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, mappingAt, quote, valueAt, type Path } from '../../core/object-access';
import { defineRules, eachValue, violation, type Violation } from '../../core/rule';
import { CONTAINER_SOURCE } from '../../core/references';
import { SOURCES } from '../../sources';

/** Broker selector. */
export const BROKER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' } as const;
/** Trigger selector. */
export const TRIGGER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' } as const;
/** knative-gcp CloudStorageSource selector (knative-gcp is unmaintained since 2022). */
export const STORAGE_SOURCE = {
  apiVersion: 'events.cloud.google.com/v1',
  kind: 'CloudStorageSource',
} as const;

const BROKER_CLASS = 'eventing.knative.dev/broker.class';
/** Broker classes with a maintained implementation (in-tree, Kafka, RabbitMQ). */
const BROKER_CLASSES: ReadonlySet<unknown> = new Set([
  'MTChannelBasedBroker',
  'Kafka',
  'KafkaNamespaced',
  'RabbitMQBroker',
]);
const DELIVERY: Path = ['spec', 'delivery'];
const RETRY = KNATIVE_LIMITS.deliveryRetry;

/** The `spec.delivery` of a Broker or Trigger, or an empty mapping. */
const deliveryOf = (document: ManifestDocument) => mappingAt(document.object, DELIVERY);

function backoff(document: ManifestDocument): readonly Violation[] {
  const delivery = deliveryOf(document);
  const policy = delivery?.['backoffPolicy'];
  if (delivery === undefined) return [];
  if (
    policy !== undefined &&
    !(KNATIVE_LIMITS.backoffPolicies as readonly unknown[]).includes(policy)
  )
    return violation(
      [...DELIVERY, 'backoffPolicy'],
      `must be linear or exponential, not ${quote(policy)}`,
    );
  return (policy === undefined) === (delivery['backoffDelay'] === undefined)
    ? []
    : violation(DELIVERY, 'backoff applies only when both backoffPolicy and backoffDelay are set');
}

function durations(document: ManifestDocument): readonly Violation[] {
  const delivery = deliveryOf(document) ?? {};
  return ['backoffDelay', 'timeout', 'retryAfterMax'].flatMap((field) => {
    const value = delivery[field];
    const ms = typeof value === 'string' ? parseIsoDurationMs(value) : undefined;
    if (value === undefined) return [];
    if (ms === undefined)
      return violation(
        [...DELIVERY, field],
        `${quote(value)} is not an ISO-8601 duration (e.g. PT1S, PT0.2S)`,
      );
    return field === 'timeout' && ms <= 0
      ? violation([...DELIVERY, field], 'timeout must be > 0')
      : [];
  });
}

/**
 * The retry window (the sum of Knative's backoff waits over `retry` retries, counted from 0) must
 * be at least the worker's own Retry-After sum (`retry ×` its longest Retry-After): the Broker does
 * not read Retry-After, so a shorter window dead-letters events before a transient fault the worker
 * reported (Vision's exhausted quota) could pass. Checked when retry, backoffPolicy and backoffDelay
 * are all valid (the other delivery rules report them otherwise).
 */
function retryWindow(document: ManifestDocument): readonly Violation[] {
  const delivery = deliveryOf(document);
  const retry = delivery?.['retry'];
  const policy = delivery?.['backoffPolicy'];
  const delay = delivery?.['backoffDelay'];
  const delayMs = typeof delay === 'string' ? parseIsoDurationMs(delay) : undefined;
  if (
    typeof retry !== 'number' ||
    !Number.isInteger(retry) ||
    (policy !== 'exponential' && policy !== 'linear') ||
    delayMs === undefined
  )
    return [];
  const window = knativeRetryWindowSeconds({
    retry,
    backoffPolicy: policy,
    backoffDelaySeconds: delayMs / 1000,
  });
  const asked = workerRetryAfterSumSeconds(retry);
  return window >= asked
    ? []
    : violation(
        [...DELIVERY, 'retry'],
        `the retry window (retry ${retry}, ${policy} from ${String(delay)}: ${window} s in all) is shorter than the worker's own Retry-After over ${retry} retries (${retry} × ${LONGEST_RETRY_AFTER_SECONDS} s = ${asked} s); the Broker ignores Retry-After, so a transient fault would dead-letter events: raise retry or backoffDelay (the kit's default: retry 12, exponential, PT1S: 4,095 s)`,
      );
}

/** A Destination's problems: it needs `ref` (apiVersion, kind, name) and/or `uri`. */
function destinationProblems(destination: unknown, path: Path): Violation[] {
  const value = asMapping(destination);
  const ref = asMapping(value?.['ref']);
  if (value === undefined) return violation(path, 'a destination (ref and/or uri) is required');
  if (ref === undefined && value['uri'] === undefined)
    return violation(path, 'a destination needs ref or uri');
  return ['apiVersion', 'kind', 'name']
    .filter((field) => ref !== undefined && (ref[field] === undefined || ref[field] === ''))
    .map((field) => ({ path: [...path, 'ref', field], message: `ref.${field} is required` }));
}

/** Where each kind holds a destination, besides the dead-letter sink. */
const DESTINATIONS: Readonly<Record<string, Path>> = {
  Trigger: ['spec', 'subscriber'],
  CloudStorageSource: ['spec', 'sink'],
  ContainerSource: ['spec', 'sink'],
};

function destinations(document: ManifestDocument): readonly Violation[] {
  const own = DESTINATIONS[document.kind];
  const deadLetter: Path = [...DELIVERY, 'deadLetterSink'];
  const at = [
    ...(own === undefined ? [] : [own]),
    ...(valueAt(document.object, deadLetter) === undefined ? [] : [deadLetter]),
  ];
  return at.flatMap((path) => destinationProblems(valueAt(document.object, path), path));
}

const DELIVERING = [BROKER, TRIGGER];

/** The Eventing delivery rules. */
export const EVENTING_DELIVERY_RULES = [
  ...defineRules(BROKER, SOURCES.knativeBroker, {
    'eventing/broker-class': [
      'a Broker has the broker.class annotation with a known class',
      eachValue(['metadata', 'annotations', BROKER_CLASS], (value) =>
        BROKER_CLASSES.has(value)
          ? undefined
          : `${value === undefined ? 'missing' : `unknown class ${quote(value)}`}: set ${BROKER_CLASS} to one of ${[...BROKER_CLASSES].join(', ')} (the class is immutable)`,
      ),
    ],
  }),
  ...defineRules(DELIVERING, SOURCES.knativeDelivery, {
    'eventing/delivery-backoff': [
      'backoffPolicy is linear or exponential and set together with backoffDelay',
      backoff,
    ],
    'eventing/delivery-duration': [
      'backoffDelay, timeout, retryAfterMax are ISO-8601 durations; timeout > 0',
      durations,
    ],
    'eventing/delivery-retry': [
      `retry is an integer ≥ ${RETRY.min}`,
      eachValue([...DELIVERY, 'retry'], (retry) =>
        retry === undefined ||
        (typeof retry === 'number' && Number.isInteger(retry) && retry >= RETRY.min)
          ? undefined
          : `retry must be an integer ≥ ${RETRY.min}, not ${quote(retry)}`,
      ),
    ],
    'eventing/delivery-no-retry': [
      `policy: retry ≥ ${RETRY.policyMin} (retry 0 dead-letters a transient 429 or 503 at once)`,
      eachValue([...DELIVERY, 'retry'], (retry) =>
        typeof retry === 'number' && retry >= RETRY.min && retry < RETRY.policyMin
          ? `policy: retry ${retry} gives one attempt only: the worker's 429 (busy) or 503 (draining) would send the event to the dead-letter sink at once; set retry to at least ${RETRY.policyMin}`
          : undefined,
      ),
      SOURCES.knativeEventDelivery,
    ],
    'eventing/delivery-retry-window': [
      `policy: the retry window (Σ backoffDelay × 2^i, or × i, for i < retry) ≥ retry × the worker's longest Retry-After (${LONGEST_RETRY_AFTER_SECONDS} s)`,
      retryWindow,
      SOURCES.knativeEventDelivery,
    ],
    'eventing/delivery-retry-after-max': [
      'no retryAfterMax (feature delivery-retryafter is disabled by default)',
      eachValue([...DELIVERY, 'retryAfterMax'], (value) =>
        value === undefined
          ? undefined
          : 'retryAfterMax is rejected unless the delivery-retryafter feature is enabled (disabled by default)',
      ),
    ],
    'eventing/delivery-format': [
      'delivery format is json or binary',
      eachValue([...DELIVERY, 'format'], (format) =>
        format === undefined || format === 'json' || format === 'binary'
          ? undefined
          : `format must be json or binary, not ${quote(format)}`,
      ),
    ],
  }),
  ...defineRules([BROKER, TRIGGER, STORAGE_SOURCE, CONTAINER_SOURCE], SOURCES.knativeDestination, {
    'eventing/destination': [
      'subscriber, sink and deadLetterSink have ref (apiVersion, kind, name) or uri',
      destinations,
    ],
  }),
];
