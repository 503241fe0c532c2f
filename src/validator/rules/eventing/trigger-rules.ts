/**
 * Knative Eventing Trigger and source rules the CRD schemas do not encode: the Trigger's broker,
 * filter attribute names, the shape of `filters` dialects, and the knative-gcp source's event types.
 *
 * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis/eventing/v1/trigger_validation.go
 */
import { KNATIVE_LIMITS } from '../../../../charts/limits/knative';
import type { ManifestDocument } from '../../core/manifest-document';
import {
  asList,
  asMapping,
  ITEM,
  mappingAt,
  quote,
  valueAt,
  type Mapping,
  type Path,
} from '../../core/object-access';
import { defineRules, eachValue, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { STORAGE_SOURCE, TRIGGER } from './delivery-rules';

const ATTRIBUTE_NAME = KNATIVE_LIMITS.filterAttributeName;
const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;
const SINGLE_ATTRIBUTE_DIALECTS = ['exact', 'prefix', 'suffix'] as const;
const STORAGE_TYPES: ReadonlySet<unknown> = new Set(
  ['finalized', 'deleted', 'archived', 'metadataUpdated'].map(
    (event) => `google.cloud.storage.object.v1.${event}`,
  ),
);

function triggerBroker(document: ManifestDocument): readonly Violation[] {
  const broker = valueAt(document.object, ['spec', 'broker']);
  const brokerRef = mappingAt(document.object, ['spec', 'brokerRef']);
  const namespace = brokerRef?.['namespace'];
  if ((broker === undefined || broker === '') && brokerRef === undefined)
    return violation(['spec', 'broker'], 'a Trigger needs spec.broker (or spec.brokerRef)');
  if (broker !== undefined && brokerRef !== undefined)
    return violation(['spec', 'brokerRef'], 'set spec.broker or spec.brokerRef, not both');
  return namespace !== undefined && namespace !== document.namespace
    ? violation(
        ['spec', 'brokerRef', 'namespace'],
        'a Broker in another namespace needs the cross-namespace-event-links feature',
      )
    : [];
}

/** Every filter map of a Trigger's `filters` entry (each dialect map), recursively. */
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

function attributeKeys(document: ManifestDocument): readonly Violation[] {
  const attributes: Path = ['spec', 'filter', 'attributes'];
  const map = mappingAt(document.object, attributes);
  const maps = [
    ...(map === undefined ? [] : [{ map, path: attributes }]),
    ...asList(valueAt(document.object, ['spec', 'filters'])).flatMap((filter, i) =>
      filterMaps(filter, ['spec', 'filters', i]),
    ),
  ];
  return maps.flatMap(({ map, path }) =>
    Object.keys(map)
      .filter((key) => !ATTRIBUTE_NAME.test(key))
      .map((key) => ({
        path: [...path, key],
        message: `attribute name ${quote(key)} must match ${ATTRIBUTE_NAME.source}`,
      })),
  );
}

function dialectShape(filter: unknown, path: Path): Violation[] {
  const entry = asMapping(filter) ?? {};
  const set = DIALECTS.filter((dialect) => entry[dialect] !== undefined && entry[dialect] !== '');
  const violations =
    set.length === 1
      ? []
      : violation(
          path,
          `a filter needs exactly one dialect of ${DIALECTS.join(', ')}; has ${set.length}`,
        );
  for (const dialect of SINGLE_ATTRIBUTE_DIALECTS) {
    const size = Object.keys(asMapping(entry[dialect]) ?? {}).length;
    if (entry[dialect] !== undefined && size !== 1)
      violations.push({
        path: [...path, dialect],
        message: `${dialect} can have only one key-value (has ${size}): use one filter per attribute, the list is an AND`,
      });
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

/** The Trigger and source rules. */
export const EVENTING_TRIGGER_RULES = [
  ...defineRules(TRIGGER, SOURCES.knativeTrigger, {
    'eventing/trigger-broker': [
      'a Trigger names its broker (broker or brokerRef, same namespace)',
      triggerBroker,
    ],
    'eventing/filter-attribute-key': [
      `filter attribute names match ${ATTRIBUTE_NAME.source}`,
      attributeKeys,
    ],
    'eventing/filters-dialect': [
      'each filters entry has one dialect; exact/prefix/suffix one key; all/any non-empty',
      filtersDialect,
    ],
  }),
  ...defineRules(STORAGE_SOURCE, SOURCES.knativeGcpStorageSource, {
    'eventing/source-event-types': [
      'CloudStorageSource eventTypes are google.cloud.storage.object.v1.*',
      eachValue(['spec', 'eventTypes', ITEM], (type) =>
        STORAGE_TYPES.has(type)
          ? undefined
          : `${quote(type)} is not one of ${[...STORAGE_TYPES].join(', ')}`,
      ),
    ],
  }),
];
