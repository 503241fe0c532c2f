/**
 * The Service's identity and shape: its name, the fields the API server writes (dropped), the
 * namespace (a Kubernetes namespace on Knative, the project on Cloud Run) and the region label.
 */
import { CLOUD_RUN_LIMITS, CLOUD_RUN_REGIONS } from '../../../charts/limits/cloud-run';
import { GOOGLE_CLOUD_NAMES } from '../../../charts/limits/google-cloud';
import { KUBERNETES_NAMES } from '../../../charts/limits/kubernetes';
import { isDns1035Label } from '../../validator/core/names';
import { listAt, quote, stringAt, valueAt, type Path } from '../../validator/core/object-access';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { mapAt, removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';

/** The label Cloud Run reads the region from. */
export const LOCATION_LABEL = 'cloud.googleapis.com/location';
const TEMPLATE_METADATA: Path = ['spec', 'template', 'metadata'];

/** The fields a manifest may carry at each level; the rest is the API server's or unknown. */
const KEPT_FIELDS: readonly (readonly [path: Path, fields: ReadonlySet<string>])[] = [
  [[], new Set(['apiVersion', 'kind', 'metadata', 'spec'])],
  [['metadata'], new Set(['name', 'namespace', 'labels', 'annotations'])],
  [['spec'], new Set(['template', 'traffic'])],
  [['spec', 'template'], new Set(['metadata', 'spec'])],
  [TEMPLATE_METADATA, new Set(['name', 'labels', 'annotations'])],
];

/** Fields the API server (Kubernetes or Cloud Run's) writes: exported, never applied. */
const SERVER_SET: ReadonlySet<string> = new Set([
  'status',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'ownerReferences',
  'finalizers',
  'clusterName',
]);

const looksLikePlaceholder = (name: string) => /[%${}<>]|^[A-Z0-9_]+$/.test(name);

function name(context: ConvertContext): void {
  const value = stringAt(context.source, ['metadata', 'name']);
  const max =
    context.to === 'cloud-run'
      ? CLOUD_RUN_LIMITS.serviceName.maxLength
      : KUBERNETES_NAMES.dns1035Label.maxLength;
  if (value === undefined) {
    context.report('refusal', ['metadata', 'name'], 'the Service has no name: give it one');
  } else if (!isDns1035Label(value) || value.length > max) {
    const hint = looksLikePlaceholder(value)
      ? ': it looks like a template placeholder; substitute it first'
      : '';
    context.report(
      'refusal',
      ['metadata', 'name'],
      `${quote(value)} is not a service name on ${context.to === 'cloud-run' ? 'Cloud Run' : 'Knative'} (a DNS-1035 label: lower-case letters, digits and "-", from a letter, at most ${max} characters)${hint}`,
    );
  }
}

function revisionName(context: ConvertContext): void {
  const path = [...TEMPLATE_METADATA, 'name'];
  const value = stringAt(context.source, path);
  const service = stringAt(context.source, ['metadata', 'name']) ?? '';
  if (value === undefined || (value.startsWith(`${service}-`) && isDns1035Label(value))) return;
  removeAt(context.out, path);
  context.report(
    'change',
    path,
    `${quote(value)} dropped: a revision name must start with ${quote(`${service}-`)}; the platform names the revision`,
  );
}

/** The mappings whose values Kubernetes and Cloud Run take as strings only. */
const STRING_MAPS: readonly Path[] = [
  ['metadata', 'labels'],
  ['metadata', 'annotations'],
  [...TEMPLATE_METADATA, 'labels'],
  [...TEMPLATE_METADATA, 'annotations'],
];

function stringValues(context: ConvertContext): void {
  const envValues = listAt(context.source, ['spec', 'template', 'spec', 'containers']).flatMap(
    (container, index) =>
      listAt(container, ['env']).map((env, at): [Path, unknown] => [
        ['spec', 'template', 'spec', 'containers', index, 'env', at, 'value'],
        valueAt(env, ['value']),
      ]),
  );
  const mapValues = STRING_MAPS.flatMap((path) =>
    Object.entries(mapAt(context.out, path) ?? {}).map(([key, value]): [Path, unknown] => [
      [...path, key],
      value,
    ]),
  );
  for (const [path, value] of [...mapValues, ...envValues])
    if (value !== undefined && typeof value !== 'string')
      context.report(
        'refusal',
        path,
        `${quote(value)} is no string to kubectl and gcloud, which read YAML 1.1: quote it`,
      );
}

function serverSetFields(context: ConvertContext): void {
  for (const [path, kept] of KEPT_FIELDS) {
    const mapping = mapAt(context.out, path);
    for (const field of Object.keys(mapping ?? {}).filter((key) => !kept.has(key))) {
      removeAt(context.out, [...path, field]);
      const serverSet = SERVER_SET.has(field);
      context.report(
        serverSet ? 'change' : 'loss',
        [...path, field],
        serverSet
          ? 'dropped: the API server writes it; a manifest does not set it'
          : `dropped: not a field of a serving.knative.dev/v1 Service at ${path.join('.') || 'the top level'}`,
      );
    }
  }
}

function namespace(context: ConvertContext): void {
  const path = ['metadata', 'namespace'];
  const from = stringAt(context.source, path);
  if (context.to === 'knative') {
    const to = context.options.namespace;
    if (!KUBERNETES_NAMES.dns1123Label.pattern.test(to)) {
      context.report(
        'refusal',
        path,
        `--namespace ${quote(to)} is not a Kubernetes namespace name`,
      );
      return;
    }
    setAt(context.out, path, to);
    if (from === to) return;
    context.report(
      'change',
      path,
      `${from === undefined ? 'set to' : `${quote(from)} (the project) →`} ${quote(to)} (--namespace${context.options.namespace === 'default' ? ', default' : ''}): a Knative Service lives in a Kubernetes namespace; Cloud Run's namespace is the project`,
    );
    return;
  }
  const fromInput = from !== undefined && GOOGLE_CLOUD_NAMES.projectNumber.pattern.test(from);
  const to = context.options.projectNumber ?? (fromInput ? from : undefined);
  if (to === undefined || !GOOGLE_CLOUD_NAMES.projectNumber.pattern.test(to)) {
    context.report(
      'refusal',
      path,
      to === undefined
        ? `--project-number is missing: Cloud Run's namespace is the project number (gcloud projects describe PROJECT_ID --format='value(projectNumber)')`
        : `--project-number ${quote(to)} is not a project number (decimal digits)`,
    );
    return;
  }
  setAt(context.out, path, to);
  if (from !== to)
    context.report(
      'change',
      path,
      `${from === undefined ? 'set to' : `${quote(from)} →`} ${quote(to)} (--project-number): Cloud Run's namespace is the project; the Kubernetes namespace has no counterpart`,
    );
}

function region(context: ConvertContext): void {
  const path = ['metadata', 'labels', LOCATION_LABEL];
  const from = stringAt(context.source, path);
  if (context.to === 'knative') {
    if (from === undefined) return;
    removeAt(context.out, path);
    context.report(
      'change',
      path,
      `dropped (${quote(from)}): on Knative the cluster's location is the region`,
    );
    return;
  }
  const to = context.options.region ?? from;
  const regions: readonly string[] = CLOUD_RUN_REGIONS;
  if (to === undefined || !regions.includes(to)) {
    context.report(
      'refusal',
      path,
      to === undefined
        ? `--region is missing: gcloud run services replace reads the region from the ${LOCATION_LABEL} label`
        : `--region ${quote(to)} is not a Cloud Run region (${SEE.cloudRunLocations})`,
    );
    return;
  }
  setAt(context.out, path, to);
  if (from !== to)
    context.report(
      'change',
      path,
      `set to ${quote(to)} (--region): gcloud run services replace reads the region from it`,
    );
}

/** The metadata rules, in the order they run. */
export const METADATA_RULES: readonly ConvertRule[] = [
  {
    id: 'service-name',
    field: 'metadata.name',
    to: BOTH,
    what: `kept; refused when it is no DNS-1035 label (a template placeholder) or, for Cloud Run, longer than ${CLOUD_RUN_LIMITS.serviceName.maxLength} characters`,
    see: SEE.cloudRunYaml,
    apply: name,
  },
  {
    id: 'revision-name',
    field: 'spec.template.metadata.name',
    to: BOTH,
    what: 'kept when it starts with the service name and "-" (both platforms require it), else dropped',
    see: SEE.knativeRevision,
    apply: revisionName,
  },
  {
    id: 'string-values',
    field: 'labels, annotations, env values',
    to: BOTH,
    what: 'refused when not a string (an unquoted on, yes, 10 is a boolean or number to YAML 1.1 readers)',
    see: SEE.yaml11Types,
    apply: stringValues,
  },
  {
    id: 'server-set-fields',
    field: 'status, metadata.uid, resourceVersion, creationTimestamp…',
    to: BOTH,
    what: 'dropped (what an export carries and the API server writes); unknown fields dropped as losses',
    see: SEE.kubernetesObjectMeta,
    apply: serverSetFields,
  },
  {
    id: 'namespace',
    field: 'metadata.namespace',
    to: BOTH,
    what: 'Knative namespace → the project number (--project-number, required); project → --namespace (default "default")',
    see: { 'cloud-run': SEE.cloudRunYaml, knative: SEE.kubernetesNamespaces },
    apply: namespace,
  },
  {
    id: 'region',
    field: `metadata.labels["${LOCATION_LABEL}"]`,
    to: BOTH,
    what: 'set from --region (required, one of the Cloud Run regions); dropped for Knative',
    see: SEE.cloudRunReplace,
    apply: region,
  },
];
