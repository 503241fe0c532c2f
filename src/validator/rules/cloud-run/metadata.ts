/**
 * Cloud Run's rules on a Service's metadata and annotations (MANIFESTS 4.1, 4.3): the namespace
 * is the project, the region label is present, ingress is set, and only the annotations Cloud
 * Run accepts on each resource are used, with valid values.
 */
import {
  AUTOSCALING,
  CAMEL_CASE,
  REVISION_ANNOTATIONS,
  RUN,
  SERVICE_ANNOTATIONS,
  VALUE_CHECKS,
} from './annotations';
import type { ManifestDocument } from '../../core/manifest-document';
import { isProjectId, isProjectNumber } from '../../core/names';
import { quote, stringEntriesAt, valueAt } from '../../core/object-access';
import type { Path } from '../../core/path';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';
import { CLOUD_RUN_SERVICE, TEMPLATE_ANNOTATIONS } from '../kubernetes/workload';

const LOCATION_LABEL = 'cloud.googleapis.com/location';
const INGRESS = `${RUN}ingress`;
const INGRESS_VALUES = ['all', 'internal', 'internal-and-cloud-load-balancing'];

const restricted = (key: string): boolean => key.startsWith(RUN) || key.startsWith(AUTOSCALING);
const isBuildAnnotation = (key: string): boolean => key.startsWith(`${RUN}build-`);

function namespace(document: ManifestDocument): readonly Violation[] {
  const value = valueAt(document.object, ['metadata', 'namespace']);
  if (value === undefined) return [];
  if (typeof value === 'number') {
    return [
      {
        path: ['metadata', 'namespace'],
        message: `quote the project number: namespace: '${value}'`,
      },
    ];
  }
  return typeof value === 'string' && (isProjectId(value) || isProjectNumber(value))
    ? []
    : [
        {
          path: ['metadata', 'namespace'],
          message: `Namespace must be project ID or quoted number, not ${quote(value)}`,
        },
      ];
}

function locationLabel(document: ManifestDocument): readonly Violation[] {
  const value = valueAt(document.object, ['metadata', 'labels', LOCATION_LABEL]);
  return typeof value === 'string' && value !== ''
    ? []
    : [
        {
          path: ['metadata', 'labels', LOCATION_LABEL],
          message: `set the region label ${LOCATION_LABEL} (replace reads the region from it)`,
        },
      ];
}

function ingress(document: ManifestDocument): readonly Violation[] {
  const value = valueAt(document.object, ['metadata', 'annotations', INGRESS]);
  if (typeof value === 'string' && INGRESS_VALUES.includes(value)) return [];
  return [
    {
      path: ['metadata', 'annotations', INGRESS],
      message: `${value === undefined ? 'policy: set' : `${quote(value)} is not valid:`} ${INGRESS} to one of ${INGRESS_VALUES.join(', ')}`,
    },
  ];
}

function unaccepted(
  document: ManifestDocument,
  path: Path,
  accepted: ReadonlySet<string>,
  where: string,
): Violation[] {
  return stringEntriesAt(document.object, path)
    .filter(([key]) => restricted(key) && !accepted.has(key) && !isBuildAnnotation(key))
    .map(([key]) => {
      const camel = CAMEL_CASE[key];
      const hint = camel === undefined ? '' : `: Cloud Run accepts only the camelCase ${camel}`;
      return { path: [...path, key], message: `${key} is not accepted on ${where}${hint}` };
    });
}

function serviceAnnotations(document: ManifestDocument): readonly Violation[] {
  return unaccepted(
    document,
    ['metadata', 'annotations'],
    SERVICE_ANNOTATIONS,
    'the Service (autoscaling belongs on spec.template)',
  );
}

function revisionAnnotations(document: ManifestDocument): readonly Violation[] {
  return unaccepted(document, TEMPLATE_ANNOTATIONS, REVISION_ANNOTATIONS, 'the revision template');
}

function annotationValues(document: ManifestDocument): readonly Violation[] {
  const entries = [
    ...stringEntriesAt(document.object, ['metadata', 'annotations']).map((e) => ({
      e,
      path: ['metadata', 'annotations'],
    })),
    ...stringEntriesAt(document.object, TEMPLATE_ANNOTATIONS).map((e) => ({
      e,
      path: TEMPLATE_ANNOTATIONS,
    })),
  ];
  const violations: Violation[] = entries
    .filter(({ e: [key, value] }) => VALUE_CHECKS[key]?.(value) === false)
    .map(({ e: [key, value], path }) => ({
      path: [...path, key],
      message: `${quote(value)} is not a valid value for ${key}`,
    }));
  const min = valueAt(document.object, [...TEMPLATE_ANNOTATIONS, `${AUTOSCALING}minScale`]);
  const max = valueAt(document.object, [...TEMPLATE_ANNOTATIONS, `${AUTOSCALING}maxScale`]);
  if (
    typeof min === 'string' &&
    typeof max === 'string' &&
    Number(max) > 0 &&
    Number(min) > Number(max)
  ) {
    violations.push({
      path: [...TEMPLATE_ANNOTATIONS, `${AUTOSCALING}maxScale`],
      message: `maxScale ${max} is below minScale ${min}`,
    });
  }
  return violations;
}

const rule = (
  id: string,
  summary: string,
  see: string,
  check: DocumentRule['check'],
): DocumentRule => documentRule(id, summary, see, CLOUD_RUN_SERVICE, check);

/** The Cloud Run metadata rules. */
export const CLOUD_RUN_METADATA_RULES: readonly DocumentRule[] = [
  rule(
    'cloudrun/namespace',
    'metadata.namespace, if set, is the project id or the quoted project number',
    'MANIFESTS.md 4.1',
    namespace,
  ),
  rule(
    'cloudrun/location-label',
    'label cloud.googleapis.com/location is set',
    'MANIFESTS.md 4.1, 4.3',
    locationLabel,
  ),
  rule(
    'cloudrun/ingress',
    'annotation run.googleapis.com/ingress is set to all, internal or internal-and-cloud-load-balancing',
    'DESIGN.md 4.3, MANIFESTS.md 4.3',
    ingress,
  ),
  rule(
    'cloudrun/service-annotation',
    'Service run.googleapis.com/* and autoscaling.knative.dev/* annotations are from the accepted list',
    'MANIFESTS.md 4.3',
    serviceAnnotations,
  ),
  rule(
    'cloudrun/revision-annotation',
    'template annotations are from the accepted list (minScale/maxScale camelCase only)',
    'MANIFESTS.md 4.3, 4.4',
    revisionAnnotations,
  ),
  rule(
    'cloudrun/annotation-value',
    'annotation values are valid (launch-stage, scale integers min ≤ max, execution-environment…)',
    'MANIFESTS.md 4.3',
    annotationValues,
  ),
];
