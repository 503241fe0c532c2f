/**
 * Knative Eventing Trigger and source rules the CRD schemas do not encode (MANIFESTS 2.4–2.5):
 * the Trigger's broker, filter attribute names, the shape of `filters` dialects, and the
 * knative-gcp source's event types.
 *
 * @see knative/eventing pkg/apis/eventing/v1/trigger_validation.go (ValidateSingleAttributeMap,
 *   ValidateOneOf)
 */
import { STORAGE_SOURCE, TRIGGER } from './eventing-kinds';
import type { ManifestDocument } from '../../core/manifest-document';
import {
  asList,
  asMapping,
  mappingAt,
  quote,
  valueAt,
  type Mapping,
} from '../../core/object-access';
import type { Path } from '../../core/path';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;
const SINGLE_ATTRIBUTE_DIALECTS = ['exact', 'prefix', 'suffix'] as const;
const STORAGE_TYPES: ReadonlySet<unknown> = new Set([
  'google.cloud.storage.object.v1.finalized',
  'google.cloud.storage.object.v1.deleted',
  'google.cloud.storage.object.v1.archived',
  'google.cloud.storage.object.v1.metadataUpdated',
]);

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
): DocumentRule => documentRule(id, summary, 'MANIFESTS.md 2.4, 2.5', appliesTo, check);

/** The Trigger and source rules. */
export const EVENTING_TRIGGER_RULES: readonly DocumentRule[] = [
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
    'eventing/source-event-types',
    'CloudStorageSource eventTypes are google.cloud.storage.object.v1.*',
    STORAGE_SOURCE,
    eventTypes,
  ),
];
