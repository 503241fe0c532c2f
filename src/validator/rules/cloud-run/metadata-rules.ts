/**
 * Cloud Run's rules on a Service's metadata and annotations: the namespace is the project, the
 * region label is present, ingress is set (our policy: the worker says who may reach it), and only
 * the annotations Cloud Run accepts on each resource are used, with valid values.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 */
import { CLOUD_RUN_LIMITS } from '../../../../charts/limits/cloud-run';
import type { ManifestDocument } from '../../core/manifest-document';
import { isProjectId, isProjectNumber } from '../../core/names';
import { quote, stringEntriesAt, valueAt, type Path } from '../../core/object-access';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { CLOUD_RUN_SERVICE, TEMPLATE_ANNOTATIONS } from '../kubernetes/workload';
import {
  AUTOSCALING,
  CAMEL_CASE,
  REVISION_ANNOTATIONS,
  RUN,
  SERVICE_ANNOTATIONS,
  VALUE_CHECKS,
} from './annotations';

const LOCATION_LABEL = 'cloud.googleapis.com/location';
const INGRESS = `${RUN}ingress`;
const INGRESS_VALUES: readonly string[] = CLOUD_RUN_LIMITS.ingress;
const SERVICE_ANNOTATIONS_PATH: Path = ['metadata', 'annotations'];

const restricted = (key: string): boolean => key.startsWith(RUN) || key.startsWith(AUTOSCALING);
const isBuildAnnotation = (key: string): boolean => key.startsWith(`${RUN}build-`);

function namespace(document: ManifestDocument): readonly Violation[] {
  const path = ['metadata', 'namespace'];
  const value = valueAt(document.object, path);
  if (typeof value === 'number')
    return violation(path, `quote the project number: namespace: '${value}'`);
  return value === undefined ||
    (typeof value === 'string' && (isProjectId(value) || isProjectNumber(value)))
    ? []
    : violation(path, `Namespace must be project ID or quoted number, not ${quote(value)}`);
}

function locationLabel(document: ManifestDocument): readonly Violation[] {
  const path = ['metadata', 'labels', LOCATION_LABEL];
  const value = valueAt(document.object, path);
  return typeof value === 'string' && value !== ''
    ? []
    : violation(path, `set the region label ${LOCATION_LABEL} (replace reads the region from it)`);
}

function ingress(document: ManifestDocument): readonly Violation[] {
  const path = [...SERVICE_ANNOTATIONS_PATH, INGRESS];
  const value = valueAt(document.object, path);
  return typeof value === 'string' && INGRESS_VALUES.includes(value)
    ? []
    : violation(
        path,
        `${value === undefined ? 'policy: set' : `${quote(value)} is not valid:`} ${INGRESS} to one of ${INGRESS_VALUES.join(', ')}`,
      );
}

/** Where an annotation is written: on the Service's own metadata or on the revision template. */
type AnnotationPlace = 'service' | 'revision';

/** What each place is called in a message, and the annotations Cloud Run accepts there. */
const PLACES: Readonly<
  Record<AnnotationPlace, { readonly name: string; readonly accepted: ReadonlySet<string> }>
> = {
  service: { name: "the Service's metadata.annotations", accepted: SERVICE_ANNOTATIONS },
  revision: { name: 'spec.template.metadata.annotations', accepted: REVISION_ANNOTATIONS },
};

/**
 * Why `key` is refused at `place`, in words that fit the annotation: the camelCase spelling Cloud
 * Run wants, the other place when the annotation belongs there, or that Cloud Run knows no such
 * annotation at all.
 */
function refusal(key: string, place: AnnotationPlace): string {
  const here = PLACES[place].name;
  const camel = CAMEL_CASE[key];
  if (camel !== undefined)
    return `${key} is not accepted: Cloud Run accepts only the camelCase ${camel} (on spec.template.metadata.annotations)`;
  const other: AnnotationPlace = place === 'service' ? 'revision' : 'service';
  if (PLACES[other].accepted.has(key))
    return `${key} is not accepted on ${here}: it belongs on ${PLACES[other].name}`;
  if (place === 'service' && key.startsWith(AUTOSCALING))
    return `${key} is not accepted on ${here}: Cloud Run takes only autoscaling.knative.dev/minScale and maxScale, on spec.template.metadata.annotations`;
  return `${key} is not an annotation Cloud Run accepts on ${here}`;
}

function unaccepted(document: ManifestDocument, path: Path, place: AnnotationPlace): Violation[] {
  return stringEntriesAt(document.object, path)
    .filter(
      ([key]) => restricted(key) && !PLACES[place].accepted.has(key) && !isBuildAnnotation(key),
    )
    .map(([key]) => ({ path: [...path, key], message: refusal(key, place) }));
}

function serviceAnnotations(document: ManifestDocument): readonly Violation[] {
  return unaccepted(document, SERVICE_ANNOTATIONS_PATH, 'service');
}

function revisionAnnotations(document: ManifestDocument): readonly Violation[] {
  return unaccepted(document, TEMPLATE_ANNOTATIONS, 'revision');
}

function annotationValues(document: ManifestDocument): readonly Violation[] {
  const violations = [SERVICE_ANNOTATIONS_PATH, TEMPLATE_ANNOTATIONS].flatMap((path) =>
    stringEntriesAt(document.object, path)
      .filter(([key, value]) => VALUE_CHECKS[key]?.(value) === false)
      .map(([key, value]) => ({
        path: [...path, key],
        message: `${quote(value)} is not a valid value for ${key}`,
      })),
  );
  const maxPath = [...TEMPLATE_ANNOTATIONS, `${AUTOSCALING}maxScale`];
  const min = valueAt(document.object, [...TEMPLATE_ANNOTATIONS, `${AUTOSCALING}minScale`]);
  const max = valueAt(document.object, maxPath);
  const inverted =
    typeof min === 'string' &&
    typeof max === 'string' &&
    Number(max) > 0 &&
    Number(min) > Number(max);
  return inverted
    ? [...violations, ...violation(maxPath, `maxScale ${max} is below minScale ${min}`)]
    : violations;
}

/** The Cloud Run metadata rules. */
export const CLOUD_RUN_METADATA_RULES = defineRules(CLOUD_RUN_SERVICE, SOURCES.cloudRunYaml, {
  'cloudrun/namespace': [
    'metadata.namespace, if set, is the project id or the quoted project number',
    namespace,
  ],
  'cloudrun/location-label': [
    'label cloud.googleapis.com/location is set',
    locationLabel,
    SOURCES.cloudRunReplace,
  ],
  'cloudrun/ingress': [
    'annotation run.googleapis.com/ingress is set to all, internal or internal-and-cloud-load-balancing',
    ingress,
    SOURCES.cloudRunIngress,
  ],
  'cloudrun/service-annotation': [
    'Service run.googleapis.com/* and autoscaling.knative.dev/* annotations are from the accepted list',
    serviceAnnotations,
  ],
  'cloudrun/revision-annotation': [
    'template annotations are from the accepted list (minScale/maxScale camelCase only)',
    revisionAnnotations,
  ],
  'cloudrun/annotation-value': [
    'annotation values are valid (launch-stage, scale integers min ≤ max, execution-environment…)',
    annotationValues,
  ],
});
