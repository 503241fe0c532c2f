/**
 * Cross-object rules on the Knative output (DESIGN 4.2; MANIFESTS 2.2, 2.5, 8.4): references
 * between the Trigger, Broker, Service and source resolve; the Trigger's exact filters match what
 * its CloudStorageSource emits; delivery timeouts fit the subscriber's request timeout.
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
} from '../../core/object-access';
import type { Path } from '../../core/path';
import { documentsOfKind, resolveReference } from '../../core/references';
import { setRule, type LocatedViolation, type SetRule } from '../../core/rule';
import { isServingService, timeoutSecondsOf } from '../kubernetes/workload';

const STORAGE_SOURCE_PREFIX = '//storage.googleapis.com/projects/_/buckets/';

/** The Broker a Trigger belongs to. */
function brokerOf(set: ManifestSet, trigger: ManifestDocument): ManifestDocument | undefined {
  const ref: Mapping = mappingAt(trigger.object, ['spec', 'brokerRef']) ?? {
    name: valueAt(trigger.object, ['spec', 'broker']),
  };
  return resolveReference(set, trigger, 'Broker', ref);
}

function references(set: ManifestSet): LocatedViolation[] {
  const checks: { document: ManifestDocument; path: Path }[] = [
    ...documentsOfKind(set, 'Trigger').map((document) => ({
      document,
      path: ['spec', 'subscriber', 'ref'] as Path,
    })),
    ...documentsOfKind(set, 'CloudStorageSource').map((document) => ({
      document,
      path: ['spec', 'sink', 'ref'] as Path,
    })),
  ];
  const violations: LocatedViolation[] = checks.flatMap(({ document, path }) => {
    const ref = mappingAt(document.object, path);
    if (ref === undefined || typeof ref['kind'] !== 'string') return [];
    const target = resolveReference(set, document, ref['kind'], ref);
    const sameApi = target !== undefined && target.apiVersion === ref['apiVersion'];
    return sameApi
      ? []
      : [
          {
            subject: document,
            path,
            message: `no ${String(ref['apiVersion'])} ${ref['kind']} named ${quote(ref['name'])} in the output`,
          },
        ];
  });
  for (const trigger of documentsOfKind(set, 'Trigger')) {
    const named =
      valueAt(trigger.object, ['spec', 'broker']) ??
      valueAt(trigger.object, ['spec', 'brokerRef', 'name']);
    if (named !== undefined && brokerOf(set, trigger) === undefined) {
      violations.push({
        subject: trigger,
        path: ['spec', 'broker'],
        message: `no Broker named ${quote(named)} in the output`,
      });
    }
  }
  return violations;
}

function triggerTimeout(set: ManifestSet): LocatedViolation[] {
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
    const limit = timeoutSecondsOf(service);
    return ms / 1000 <= limit
      ? []
      : [
          {
            subject: own === undefined && broker !== undefined ? broker : trigger,
            path: ['spec', 'delivery', 'timeout'],
            message: `delivery timeout ${String(timeout)} exceeds the subscriber's timeoutSeconds ${limit}`,
          },
        ];
  });
}

/** The exact type/source filters of a Trigger, with their paths. */
function exactFilters(
  trigger: ManifestDocument,
): { attribute: string; value: unknown; path: Path }[] {
  const fromAttributes = Object.entries(
    mappingAt(trigger.object, ['spec', 'filter', 'attributes']) ?? {},
  ).map(([attribute, value]) => ({
    attribute,
    value,
    path: ['spec', 'filter', 'attributes', attribute],
  }));
  const fromFilters = asList(valueAt(trigger.object, ['spec', 'filters'])).flatMap((filter, i) =>
    Object.entries(asMapping(asMapping(filter)?.['exact']) ?? {}).map(([attribute, value]) => ({
      attribute,
      value,
      path: ['spec', 'filters', i, 'exact', attribute],
    })),
  );
  return [...fromAttributes, ...fromFilters];
}

function triggerFilterSource(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    const broker = brokerOf(set, trigger);
    const sources = documentsOfKind(set, 'CloudStorageSource').filter((source) => {
      const sink = mappingAt(source.object, ['spec', 'sink', 'ref']);
      return (
        broker !== undefined &&
        sink?.['kind'] === 'Broker' &&
        resolveReference(set, source, 'Broker', sink) === broker
      );
    });
    if (sources.length === 0) return [];
    return exactFilters(trigger).flatMap(({ attribute, value, path }): LocatedViolation[] => {
      const emitted =
        attribute === 'type'
          ? sources.some((s) => {
              const types = asList(valueAt(s.object, ['spec', 'eventTypes']));
              return types.length === 0 || types.includes(value);
            })
          : attribute === 'source'
            ? sources.some(
                (s) =>
                  value === STORAGE_SOURCE_PREFIX + String(valueAt(s.object, ['spec', 'bucket'])),
              )
            : true;
      return emitted || value === ''
        ? []
        : [
            {
              subject: trigger,
              path,
              message: `no CloudStorageSource sinking into this Trigger's Broker emits ${attribute} ${quote(value)}: the Trigger would never fire`,
            },
          ];
    });
  });
}

/** The Knative cross-object rules. */
export const CROSS_KNATIVE_RULES: readonly SetRule[] = [
  setRule(
    'cross/reference',
    'Trigger broker and subscriber, and the source sink, are objects in the output',
    'DESIGN.md 4.2',
    references,
  ),
  setRule(
    'cross/trigger-timeout',
    "a Trigger's delivery timeout (or its Broker's) ≤ the subscriber's timeoutSeconds",
    'MANIFESTS.md 2.2, 8.4',
    triggerTimeout,
  ),
  setRule(
    'cross/trigger-filter-source',
    "the Trigger's exact type/source filters match what its CloudStorageSource emits",
    'MANIFESTS.md 2.5; DESIGN.md 4.2',
    triggerFilterSource,
  ),
];
