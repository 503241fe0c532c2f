/**
 * Knative Eventing delivery rules the CRD schemas do not encode (MANIFESTS 2.1–2.2): the Broker
 * class, DeliverySpec fields of Brokers and Triggers, and destinations (subscriber, sink,
 * dead-letter sink).
 *
 * @see knative/eventing pkg/apis/eventing/v1/broker_validation.go,
 *   pkg/apis/duck/v1/delivery_types.go, pkg/apis/duck/v1/destination.go
 */
import { parseIsoDurationMs } from '../../core/durations';
import { BROKER, STORAGE_SOURCE, TRIGGER } from './eventing-kinds';
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, mappingAt, quote, valueAt, type Mapping } from '../../core/object-access';
import type { Path } from '../../core/path';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';

const BROKER_CLASS = 'eventing.knative.dev/broker.class';
/** Broker classes with a maintained implementation (in-tree, Kafka, RabbitMQ). */
const BROKER_CLASSES: ReadonlySet<unknown> = new Set([
  'MTChannelBasedBroker',
  'Kafka',
  'KafkaNamespaced',
  'RabbitMQBroker',
]);
/** The delivery specs of a Broker or Trigger. */
function deliveryOf(document: ManifestDocument): { delivery: Mapping; path: Path } | undefined {
  const delivery = mappingAt(document.object, ['spec', 'delivery']);
  return delivery === undefined ? undefined : { delivery, path: ['spec', 'delivery'] };
}

function brokerClass(document: ManifestDocument): readonly Violation[] {
  const value = valueAt(document.object, ['metadata', 'annotations', BROKER_CLASS]);
  if (BROKER_CLASSES.has(value)) return [];
  return [
    {
      path: ['metadata', 'annotations', BROKER_CLASS],
      message: `${value === undefined ? 'missing' : `unknown class ${quote(value)}`}: set ${BROKER_CLASS} to one of ${[...BROKER_CLASSES].join(', ')} (the class is immutable)`,
    },
  ];
}

function backoff(document: ManifestDocument): readonly Violation[] {
  const found = deliveryOf(document);
  if (found === undefined) return [];
  const { delivery, path } = found;
  const policy = delivery['backoffPolicy'];
  if (policy !== undefined && policy !== 'linear' && policy !== 'exponential') {
    return [
      {
        path: [...path, 'backoffPolicy'],
        message: `must be linear or exponential, not ${quote(policy)}`,
      },
    ];
  }
  if ((policy === undefined) !== (delivery['backoffDelay'] === undefined)) {
    return [
      { path, message: 'backoff applies only when both backoffPolicy and backoffDelay are set' },
    ];
  }
  return [];
}

function durations(document: ManifestDocument): readonly Violation[] {
  const found = deliveryOf(document);
  if (found === undefined) return [];
  return ['backoffDelay', 'timeout', 'retryAfterMax'].flatMap((field) => {
    const value = found.delivery[field];
    if (value === undefined) return [];
    const ms = typeof value === 'string' ? parseIsoDurationMs(value) : undefined;
    if (ms === undefined)
      return [
        {
          path: [...found.path, field],
          message: `${quote(value)} is not an ISO-8601 duration (e.g. PT1S, PT0.2S)`,
        },
      ];
    return field === 'timeout' && ms <= 0
      ? [{ path: [...found.path, field], message: 'timeout must be > 0' }]
      : [];
  });
}

function retry(document: ManifestDocument): readonly Violation[] {
  const found = deliveryOf(document);
  const value = found?.delivery['retry'];
  if (found === undefined || value === undefined) return [];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? []
    : [
        {
          path: [...found.path, 'retry'],
          message: `retry must be an integer ≥ 0, not ${quote(value)}`,
        },
      ];
}

function retryAfterMax(document: ManifestDocument): readonly Violation[] {
  const found = deliveryOf(document);
  return found?.delivery['retryAfterMax'] === undefined
    ? []
    : [
        {
          path: [...found.path, 'retryAfterMax'],
          message:
            'retryAfterMax is rejected unless the delivery-retryafter feature is enabled (disabled by default)',
        },
      ];
}

function deliveryFormat(document: ManifestDocument): readonly Violation[] {
  const found = deliveryOf(document);
  const format = found?.delivery['format'];
  return found === undefined || format === undefined || format === 'json' || format === 'binary'
    ? []
    : [
        {
          path: [...found.path, 'format'],
          message: `format must be json or binary, not ${quote(format)}`,
        },
      ];
}

/** A Destination (`ref` and/or `uri`) and where it sits in each kind. */
function destinationProblems(destination: unknown, path: Path): Violation[] {
  const value = asMapping(destination);
  if (value === undefined) return [{ path, message: 'a destination (ref and/or uri) is required' }];
  const ref = asMapping(value['ref']);
  if (ref === undefined && value['uri'] === undefined)
    return [{ path, message: 'a destination needs ref or uri' }];
  return ['apiVersion', 'kind', 'name']
    .filter((field) => ref !== undefined && (ref[field] === undefined || ref[field] === ''))
    .map((field) => ({ path: [...path, 'ref', field], message: `ref.${field} is required` }));
}

function destinations(document: ManifestDocument): readonly Violation[] {
  const at: Path[] =
    document.kind === 'Trigger'
      ? [['spec', 'subscriber']]
      : document.kind === 'CloudStorageSource'
        ? [['spec', 'sink']]
        : [];
  const deadLetter: Path = ['spec', 'delivery', 'deadLetterSink'];
  if (valueAt(document.object, deadLetter) !== undefined) at.push(deadLetter);
  return at.flatMap((path) => destinationProblems(valueAt(document.object, path), path));
}

const rule = (
  id: string,
  summary: string,
  appliesTo: DocumentRule['appliesTo'],
  check: DocumentRule['check'],
): DocumentRule => documentRule(id, summary, 'MANIFESTS.md 2.1, 2.2', appliesTo, check);

/** The Eventing delivery rules. */
export const EVENTING_DELIVERY_RULES: readonly DocumentRule[] = [
  rule(
    'eventing/broker-class',
    'a Broker has the broker.class annotation with a known class',
    BROKER,
    brokerClass,
  ),
  rule(
    'eventing/delivery-backoff',
    'backoffPolicy is linear or exponential and set together with backoffDelay',
    [BROKER, TRIGGER],
    backoff,
  ),
  rule(
    'eventing/delivery-duration',
    'backoffDelay, timeout, retryAfterMax are ISO-8601 durations; timeout > 0',
    [BROKER, TRIGGER],
    durations,
  ),
  rule('eventing/delivery-retry', 'retry is an integer ≥ 0', [BROKER, TRIGGER], retry),
  rule(
    'eventing/delivery-retry-after-max',
    'no retryAfterMax (feature delivery-retryafter is disabled by default)',
    [BROKER, TRIGGER],
    retryAfterMax,
  ),
  rule(
    'eventing/delivery-format',
    'delivery format is json or binary',
    [BROKER, TRIGGER],
    deliveryFormat,
  ),
  rule(
    'eventing/destination',
    'subscriber, sink and deadLetterSink have ref (apiVersion, kind, name) or uri',
    [BROKER, TRIGGER, STORAGE_SOURCE],
    destinations,
  ),
];
