/**
 * Knative Eventing rules the CRD schemas do not encode (MANIFESTS 2): the Broker class, delivery
 * specs, Trigger broker and filters, destinations, and the knative-gcp source's event types.
 *
 * @see knative/eventing pkg/apis/eventing/v1/broker_validation.go, trigger_validation.go,
 *   pkg/apis/duck/v1/delivery_types.go, pkg/apis/duck/v1/destination.go
 */
import { parseIsoDurationMs } from './durations';
import type { ManifestDocument } from './manifest-document';
import { asList, asMapping, mappingAt, quote, valueAt, type Mapping } from './object-access';
import type { Path } from './path';
import type { DocumentRule, Violation } from './rule';

const BROKER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' } as const;
const TRIGGER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' } as const;
const STORAGE_SOURCE = {
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
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;
const SINGLE_ATTRIBUTE_DIALECTS = ['exact', 'prefix', 'suffix'] as const;
const STORAGE_TYPES: ReadonlySet<unknown> = new Set([
  'google.cloud.storage.object.v1.finalized',
  'google.cloud.storage.object.v1.deleted',
  'google.cloud.storage.object.v1.archived',
  'google.cloud.storage.object.v1.metadataUpdated',
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

function triggerBroker(document: ManifestDocument): readonly Violation[] {
  const broker = valueAt(document.object, ['spec', 'broker']);
  const brokerRef = mappingAt(document.object, ['spec', 'brokerRef']);
  if ((broker === undefined || broker === '') && brokerRef === undefined) {
    return [
      { path: ['spec', 'broker'], message: 'a Trigger needs spec.broker (or spec.brokerRef)' },
    ];
  }
  if (broker !== undefined && brokerRef !== undefined) {
    return [
      { path: ['spec', 'brokerRef'], message: 'set spec.broker or spec.brokerRef, not both' },
    ];
  }
  const namespace = brokerRef?.['namespace'];
  return namespace !== undefined && namespace !== document.namespace
    ? [
        {
          path: ['spec', 'brokerRef', 'namespace'],
          message: 'a Broker in another namespace needs the cross-namespace-event-links feature',
        },
      ]
    : [];
}

/** Every filter map of a Trigger (filter.attributes and each dialect map), recursively. */
function filterMaps(filter: unknown, path: Path): { map: Mapping; path: Path }[] {
  const entry = asMapping(filter);
  if (entry === undefined) return [];
  return [
    ...SINGLE_ATTRIBUTE_DIALECTS.flatMap((dialect) => {
      const map = asMapping(entry[dialect]);
      return map === undefined ? [] : [{ map, path: [...path, dialect] }];
    }),
    ...(['all', 'any'] as const).flatMap((dialect) =>
      asList(entry[dialect]).flatMap((child, i) => filterMaps(child, [...path, dialect, i])),
    ),
    ...filterMaps(entry['not'], [...path, 'not']),
  ];
}

function allFilterMaps(document: ManifestDocument): { map: Mapping; path: Path }[] {
  const attributes = mappingAt(document.object, ['spec', 'filter', 'attributes']);
  return [
    ...(attributes === undefined
      ? []
      : [{ map: attributes, path: ['spec', 'filter', 'attributes'] }]),
    ...asList(valueAt(document.object, ['spec', 'filters'])).flatMap((filter, i) =>
      filterMaps(filter, ['spec', 'filters', i]),
    ),
  ];
}

function attributeKeys(document: ManifestDocument): readonly Violation[] {
  return allFilterMaps(document).flatMap(({ map, path }) =>
    Object.keys(map)
      .filter((key) => !ATTRIBUTE_NAME.test(key))
      .map((key) => ({
        path: [...path, key],
        message: `attribute name ${quote(key)} must match ^[a-z][a-z0-9]*$`,
      })),
  );
}

function dialectShape(filter: unknown, path: Path): Violation[] {
  const entry = asMapping(filter) ?? {};
  const set = DIALECTS.filter((dialect) => entry[dialect] !== undefined && entry[dialect] !== '');
  const violations: Violation[] =
    set.length === 1
      ? []
      : [
          {
            path,
            message: `a filter needs exactly one dialect of ${DIALECTS.join(', ')}; has ${set.length}`,
          },
        ];
  for (const dialect of SINGLE_ATTRIBUTE_DIALECTS) {
    const size = Object.keys(asMapping(entry[dialect]) ?? {}).length;
    if (entry[dialect] !== undefined && size !== 1) {
      violations.push({
        path: [...path, dialect],
        message: `${dialect} can have only one key-value (has ${size}): use one filter per attribute, the list is an AND`,
      });
    }
  }
  for (const dialect of ['all', 'any'] as const) {
    const children = asList(entry[dialect]);
    if (entry[dialect] !== undefined && children.length === 0)
      violations.push({
        path: [...path, dialect],
        message: `${dialect} needs at least one nested filter`,
      });
    children.forEach((child, i) => violations.push(...dialectShape(child, [...path, dialect, i])));
  }
  if (entry['not'] !== undefined) violations.push(...dialectShape(entry['not'], [...path, 'not']));
  return violations;
}

function filtersDialect(document: ManifestDocument): readonly Violation[] {
  return asList(valueAt(document.object, ['spec', 'filters'])).flatMap((filter, i) =>
    dialectShape(filter, ['spec', 'filters', i]),
  );
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

function eventTypes(document: ManifestDocument): readonly Violation[] {
  return asList(valueAt(document.object, ['spec', 'eventTypes'])).flatMap((type, i) =>
    STORAGE_TYPES.has(type)
      ? []
      : [
          {
            path: ['spec', 'eventTypes', i],
            message: `${quote(type)} is not one of ${[...STORAGE_TYPES].join(', ')}`,
          },
        ],
  );
}

const rule = (
  id: string,
  summary: string,
  appliesTo: DocumentRule['appliesTo'],
  check: DocumentRule['check'],
): DocumentRule => ({
  scope: 'document',
  id,
  summary,
  see: 'MANIFESTS.md 2',
  appliesTo,
  check,
});

/** The Eventing rules. */
export const EVENTING_RULES: readonly DocumentRule[] = [
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
    'eventing/trigger-broker',
    'a Trigger names its broker (broker or brokerRef, same namespace)',
    TRIGGER,
    triggerBroker,
  ),
  rule(
    'eventing/filter-attribute-key',
    'filter attribute names match ^[a-z][a-z0-9]*$',
    TRIGGER,
    attributeKeys,
  ),
  rule(
    'eventing/filters-dialect',
    'each filters entry has one dialect; exact/prefix/suffix one key; all/any non-empty',
    TRIGGER,
    filtersDialect,
  ),
  rule(
    'eventing/destination',
    'subscriber, sink and deadLetterSink have ref (apiVersion, kind, name) or uri',
    [BROKER, TRIGGER, STORAGE_SOURCE],
    destinations,
  ),
  rule(
    'eventing/source-event-types',
    'CloudStorageSource eventTypes are google.cloud.storage.object.v1.*',
    STORAGE_SOURCE,
    eventTypes,
  ),
];
