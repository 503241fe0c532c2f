/**
 * Cross-object rules on Knative objects: references between the Trigger, Broker, Service and source
 * resolve; a dead-letter sink names an object of the output or a known Addressable kind (so a typo
 * such as `Brokr` is caught before events are lost); the Trigger's exact filters match what its
 * CloudStorageSource emits; delivery timeouts fit the subscriber's request timeout and leave it its
 * processing budget.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import { parseIsoDurationMs } from '../../core/durations';
import type { ManifestDocument, ManifestSet } from '../../core/manifest-document';
import {
  asList,
  asMapping,
  mappingAt,
  quote,
  valueAt,
  type Mapping,
  type Path,
} from '../../core/object-access';
import { documentsOfKind, resolveReference, sourceEnv } from '../../core/references';
import { SOURCE_ENV } from '../../../config/source-contract';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { isServingService, timeoutSecondsOf, workerBudgetSeconds } from '../kubernetes/workload';
import { serviceEnv } from './cloud-run-deployment';
import { isResultTrigger } from './results-rules';

const STORAGE_SOURCE_PREFIX = '//storage.googleapis.com/projects/_/buckets/';
/** Kinds the Knative output holds: a dead-letter reference to one must resolve within it. */
const OUTPUT_KINDS: ReadonlySet<string> = new Set(['Broker', 'Service']);
/** Addressable kinds that may live outside the output. */
const EXTERNAL_KINDS: ReadonlySet<string> = new Set([
  'Channel',
  'InMemoryChannel',
  'KafkaChannel',
  'KafkaSink',
  'Sequence',
  'Parallel',
]);
const DEAD_LETTER_REF = ['spec', 'delivery', 'deadLetterSink', 'ref'];
const DELIVERY_TIMEOUT: Path = ['spec', 'delivery', 'timeout'];

/** The Broker a Trigger belongs to. */
function brokerOf(set: ManifestSet, trigger: ManifestDocument): ManifestDocument | undefined {
  const ref: Mapping = mappingAt(trigger.object, ['spec', 'brokerRef']) ?? {
    name: valueAt(trigger.object, ['spec', 'broker']),
  };
  return resolveReference(set, trigger, 'Broker', ref);
}

/** A violation when `ref` (at `path` of `document`) names no object of its apiVersion and kind. */
function unresolved(
  set: ManifestSet,
  document: ManifestDocument,
  path: Path,
  ref: Mapping,
  kind: string,
  consequence: string,
): LocatedViolation[] {
  const target = resolveReference(set, document, kind, ref);
  return target !== undefined && target.apiVersion === ref['apiVersion']
    ? []
    : [
        {
          subject: document,
          path,
          message: `no ${String(ref['apiVersion'])} ${kind} named ${quote(ref['name'])} in the output${consequence}`,
        },
      ];
}

function references(set: ManifestSet): LocatedViolation[] {
  const checks = [
    // A result Trigger's subscriber is the user's consumer, which the output need not hold.
    ...documentsOfKind(set, 'Trigger')
      .filter((document) => !isResultTrigger(document))
      .map((document) => ({ document, path: ['spec', 'subscriber', 'ref'] })),
    ...[
      ...documentsOfKind(set, 'CloudStorageSource'),
      ...documentsOfKind(set, 'ContainerSource'),
    ].map((document) => ({ document, path: ['spec', 'sink', 'ref'] })),
  ];
  const refs = checks.flatMap(({ document, path }) => {
    const ref = mappingAt(document.object, path);
    const kind = ref?.['kind'];
    return ref === undefined || typeof kind !== 'string'
      ? []
      : unresolved(set, document, path, ref, kind, '');
  });
  const brokers = documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    const named =
      valueAt(trigger.object, ['spec', 'broker']) ??
      valueAt(trigger.object, ['spec', 'brokerRef', 'name']);
    return named === undefined || brokerOf(set, trigger) !== undefined
      ? []
      : [
          {
            subject: trigger,
            path: ['spec', 'broker'],
            message: `no Broker named ${quote(named)} in the output`,
          },
        ];
  });
  return [...refs, ...brokers];
}

function deadLetterSinks(set: ManifestSet): LocatedViolation[] {
  return [...documentsOfKind(set, 'Broker'), ...documentsOfKind(set, 'Trigger')].flatMap(
    (document) => {
      const ref = mappingAt(document.object, DEAD_LETTER_REF);
      const kind = ref?.['kind'];
      if (ref === undefined || typeof kind !== 'string') return [];
      if (OUTPUT_KINDS.has(kind))
        return unresolved(
          set,
          document,
          DEAD_LETTER_REF,
          ref,
          kind,
          ': dead letters would be lost',
        );
      return EXTERNAL_KINDS.has(kind)
        ? []
        : [
            {
              subject: document,
              path: [...DEAD_LETTER_REF, 'kind'],
              message: `deadLetterSink kind ${quote(kind)} is not an Addressable kind (${[...OUTPUT_KINDS, ...EXTERNAL_KINDS].join(', ')})`,
            },
          ];
    },
  );
}

/** A Trigger's delivery timeout (its own, else its Broker's), where it is set and the subscriber. */
interface TriggerTimeout {
  readonly text: string;
  readonly seconds: number;
  /** The object whose `spec.delivery.timeout` sets it: the Trigger, or its Broker. */
  readonly subject: ManifestDocument;
  /** The subscriber, a `serving.knative.dev/v1` Service of the output. */
  readonly service: ManifestDocument;
}

function triggerTimeouts(set: ManifestSet): TriggerTimeout[] {
  return documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    const own = valueAt(trigger.object, ['spec', 'delivery', 'timeout']);
    const broker = brokerOf(set, trigger);
    const timeout =
      own ??
      (broker === undefined ? undefined : valueAt(broker.object, ['spec', 'delivery', 'timeout']));
    const ms = typeof timeout === 'string' ? parseIsoDurationMs(timeout) : undefined;
    const ref = mappingAt(trigger.object, ['spec', 'subscriber', 'ref']);
    const service = ref === undefined ? undefined : resolveReference(set, trigger, 'Service', ref);
    if (ms === undefined || service === undefined || !isServingService(service)) return [];
    const subject = own === undefined && broker !== undefined ? broker : trigger;
    return [{ text: String(timeout), seconds: ms / 1000, subject, service }];
  });
}

function triggerTimeout(set: ManifestSet): LocatedViolation[] {
  return triggerTimeouts(set).flatMap(({ text, seconds, subject, service }) => {
    const limit = timeoutSecondsOf(service);
    return seconds <= limit
      ? []
      : [
          {
            subject,
            path: DELIVERY_TIMEOUT,
            message: `delivery timeout ${text} exceeds the subscriber's timeoutSeconds ${limit}`,
          },
        ];
  });
}

function triggerTimeoutBudget(set: ManifestSet): LocatedViolation[] {
  return triggerTimeouts(set).flatMap(({ text, seconds, subject, service }) => {
    const budget = workerBudgetSeconds(service);
    return seconds >= budget
      ? []
      : [
          {
            subject,
            path: DELIVERY_TIMEOUT,
            message: `delivery timeout ${text} is below the worker's processing budget of ${budget} s (ceil(VISION_TIMEOUT_MS / 1000) + 10, VISION_TIMEOUT_MS of Service ${quote(service.name)}): a slow label would be cut off and delivered again`,
          },
        ];
  });
}

/** The exact type/source filters of a Trigger, with their paths. */
function exactFilters(trigger: ManifestDocument) {
  const fromAttributes = Object.entries(
    mappingAt(trigger.object, ['spec', 'filter', 'attributes']) ?? {},
  ).map(([attribute, value]) => ({
    attribute,
    value,
    path: ['spec', 'filter', 'attributes', attribute] as Path,
  }));
  const fromFilters = asList(valueAt(trigger.object, ['spec', 'filters'])).flatMap((filter, i) =>
    Object.entries(asMapping(asMapping(filter)?.['exact']) ?? {}).map(([attribute, value]) => ({
      attribute,
      value,
      path: ['spec', 'filters', i, 'exact', attribute] as Path,
    })),
  );
  return [...fromAttributes, ...fromFilters];
}

/** The storage event types the sources emit (knative-gcp's v1 names; the kit's source sends the same). */
const STORAGE_TYPES: ReadonlySet<unknown> = new Set(
  ['finalized', 'deleted', 'archived', 'metadataUpdated'].map(
    (event) => `google.cloud.storage.object.v1.${event}`,
  ),
);

/** The bucket whose events a source emits: a CloudStorageSource's `spec.bucket`, the kit's `BUCKET`. */
function bucketOf(source: ManifestDocument): unknown {
  return source.kind === 'ContainerSource'
    ? sourceEnv(source, SOURCE_ENV.bucket)
    : valueAt(source.object, ['spec', 'bucket']);
}

/** Does one of `sources` emit events whose `attribute` is `value`? (Attributes not checked: yes.) */
function emits(sources: readonly ManifestDocument[], attribute: string, value: unknown): boolean {
  if (attribute === 'type')
    return sources.some((s) => {
      if (s.kind === 'ContainerSource') return STORAGE_TYPES.has(value);
      const types = asList(valueAt(s.object, ['spec', 'eventTypes']));
      return types.length === 0 || types.includes(value);
    });
  if (attribute === 'source')
    return sources.some((s) => value === STORAGE_SOURCE_PREFIX + String(bucketOf(s)));
  return true;
}

function triggerFilterSource(set: ManifestSet): LocatedViolation[] {
  // A result Trigger takes the worker's replies, which no source emits (cross/results-no-loop).
  return documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    if (isResultTrigger(trigger)) return [];
    const broker = brokerOf(set, trigger);
    const storageSources = [
      ...documentsOfKind(set, 'CloudStorageSource'),
      ...documentsOfKind(set, 'ContainerSource').filter(
        (source) => sourceEnv(source, SOURCE_ENV.bucket) !== undefined,
      ),
    ];
    const sources = storageSources.filter((source) => {
      const sink = mappingAt(source.object, ['spec', 'sink', 'ref']);
      return (
        broker !== undefined &&
        sink?.['kind'] === 'Broker' &&
        resolveReference(set, source, 'Broker', sink) === broker
      );
    });
    if (sources.length === 0) return [];
    return exactFilters(trigger)
      .filter(({ attribute, value }) => value !== '' && !emits(sources, attribute, value))
      .map(({ attribute, value, path }) => ({
        subject: trigger,
        path,
        message: `no source sinking into this Trigger's Broker (a CloudStorageSource, the kit's ContainerSource) emits ${attribute} ${quote(value)}: the Trigger would never fire`,
      }));
  });
}

/** A Trigger's subscriber when it is a Service of the output, with where the Trigger names it. */
function triggerSubscribers(set: ManifestSet) {
  return documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    const ref = mappingAt(trigger.object, ['spec', 'subscriber', 'ref']);
    const service = ref === undefined ? undefined : resolveReference(set, trigger, 'Service', ref);
    return service === undefined || !isServingService(service) ? [] : [{ trigger, service }];
  });
}

const SUBSCRIBER_AUDIENCE: Path = ['spec', 'subscriber', 'audience'];

/**
 * A worker with `AUTH_MODE=oidc` behind a Trigger needs the Trigger to name its audience: a
 * Knative Service announces none, so without `spec.subscriber.audience` the dispatcher sends no
 * token and the worker refuses every event with 401, which Knative dead-letters at once. With one,
 * the token's audience is the Trigger's, and the worker must expect that one.
 */
function triggerOidcAudience(set: ManifestSet): LocatedViolation[] {
  return triggerSubscribers(set).flatMap(({ trigger, service }): LocatedViolation[] => {
    if (serviceEnv(service, 'AUTH_MODE')?.value !== 'oidc') return [];
    const audience = valueAt(trigger.object, SUBSCRIBER_AUDIENCE);
    const expected = serviceEnv(service, 'AUTH_AUDIENCE')?.value;
    if (audience === undefined) {
      return [
        {
          subject: trigger,
          path: ['spec', 'subscriber'],
          message: `Service ${quote(service.name)} checks OIDC tokens (AUTH_MODE oidc) but the Trigger names no subscriber audience: the Broker's dispatcher would send no token (a Knative Service announces no audience) and the worker would refuse every event with 401${expected === undefined ? '' : `; set audience ${quote(expected)}`}`,
        },
      ];
    }
    return audience === expected
      ? []
      : [
          {
            subject: trigger,
            path: SUBSCRIBER_AUDIENCE,
            message: `subscriber audience ${quote(audience)} is not the AUTH_AUDIENCE ${quote(expected)} of Service ${quote(service.name)}: the worker would refuse every token with 401`,
          },
        ];
  });
}

/** The Knative cross-object rules. */
export const CROSS_KNATIVE_RULES = defineRules('set', SOURCES.knativeEventDelivery, {
  'cross/reference': [
    "Trigger broker and subscriber, and the sources' sinks (ContainerSource, CloudStorageSource), are objects in the output",
    references,
    SOURCES.knativeDestination,
  ],
  'cross/trigger-timeout': [
    "a Trigger's delivery timeout (or its Broker's) ≤ the subscriber's timeoutSeconds",
    triggerTimeout,
  ],
  'cross/trigger-timeout-budget': [
    "a Trigger's delivery timeout (or its Broker's) ≥ the subscriber's processing budget ceil(VISION_TIMEOUT_MS / 1000) + 10, as synth requires",
    triggerTimeoutBudget,
    SOURCES.workerTimeouts,
  ],
  'cross/trigger-filter-source': [
    "the Trigger's exact type/source filters match what its sources emit (the kit's ContainerSource, a CloudStorageSource)",
    triggerFilterSource,
    SOURCES.knativeGcpStorageSource,
  ],
  'cross/trigger-oidc-audience': [
    "a worker with AUTH_MODE oidc is the subscriber of Triggers whose spec.subscriber.audience is its AUTH_AUDIENCE (Knative Eventing's authentication-oidc)",
    triggerOidcAudience,
    SOURCES.knativeSenderIdentity,
  ],
  'cross/dead-letter-sink': [
    'deadLetterSink.ref names a Broker or Service of the output, or a known Addressable kind',
    deadLetterSinks,
  ],
});
