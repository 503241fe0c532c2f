/**
 * Who may call the service, and the labels: Knative's cluster-local visibility is Cloud Run's
 * internal ingress plus IAM (Cloud Run has no cluster, and checks IAM on every request); labels
 * follow Kubernetes' syntax on Knative and Google Cloud's on Cloud Run.
 */
import { GOOGLE_CLOUD_NAMES } from '../../../charts/limits/google-cloud';
import { isLabelValue, isQualifiedName } from '../../validator/core/names';
import { quote, stringAt, stringEntriesAt, type Path } from '../../validator/core/object-access';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { LOCATION_LABEL } from './metadata-rules';

const VISIBILITY = 'networking.knative.dev/visibility';
/** The label Knative read up to v0.20 (ignored since v0.21). */
const OBSOLETE_VISIBILITY = 'serving.knative.dev/visibility';
const CLUSTER_LOCAL = 'cluster-local';
const INGRESS = 'run.googleapis.com/ingress';
const LABELS: Path = ['metadata', 'labels'];
const INGRESS_PATH: Path = ['metadata', 'annotations', INGRESS];

/** The gcloud command that grants `member` the invoker role on the converted service. */
function invokerGrant(context: ConvertContext, member: string): string {
  const service = stringAt(context.source, ['metadata', 'name']) ?? 'SERVICE';
  const region = context.options.region ?? 'REGION';
  return `gcloud run services add-iam-policy-binding ${service} --region=${region} --member=${member} --role=roles/run.invoker`;
}

function toCloudRun(context: ConvertContext): void {
  const current = stringAt(context.source, [...LABELS, VISIBILITY]);
  const obsolete = stringAt(context.source, [...LABELS, OBSOLETE_VISIBILITY]);
  for (const key of [VISIBILITY, OBSOLETE_VISIBILITY]) removeAt(context.out, [...LABELS, key]);
  const labelKey = current !== undefined ? VISIBILITY : OBSOLETE_VISIBILITY;
  if ((current ?? obsolete) === CLUSTER_LOCAL) {
    setAt(context.out, INGRESS_PATH, 'internal');
    context.report(
      'change',
      [...LABELS, labelKey],
      `cluster-local → annotation ${INGRESS}: internal: Cloud Run has no cluster; internal ingress admits only requests from the project's VPC networks, internal load balancers and the Google services the ingress page lists${current === undefined ? ` (${OBSOLETE_VISIBILITY} is ignored since Knative v0.21; taken as meant)` : ''}`,
    );
    context.report(
      'action',
      INGRESS_PATH,
      `Cloud Run checks IAM on every request: grant roles/run.invoker to each caller's service account (${invokerGrant(context, 'serviceAccount:CALLER_EMAIL')}); a Pub/Sub push subscription or Eventarc trigger calls with its own account`,
    );
    return;
  }
  const ingress = stringAt(context.source, INGRESS_PATH);
  setAt(context.out, INGRESS_PATH, ingress ?? 'all');
  context.report(
    'change',
    INGRESS_PATH,
    `set to ${ingress ?? 'all'}: the Knative Service is public (no ${VISIBILITY}: ${CLUSTER_LOCAL})`,
  );
  context.report(
    'action',
    INGRESS_PATH,
    `Cloud Run checks IAM on every request: to keep the service public as on Knative, ${invokerGrant(context, 'allUsers')}; or grant each caller instead`,
  );
}

const INGRESS_MEANING: Readonly<Record<string, string>> = {
  internal: 'internal → cluster-local: only callers inside the cluster reach it',
  'internal-and-cloud-load-balancing':
    "internal-and-cloud-load-balancing → cluster-local: only callers inside the cluster reach it; expose it through the cluster's ingress for a load balancer",
};

function toKnative(context: ConvertContext): void {
  const ingress = stringAt(context.source, INGRESS_PATH);
  removeAt(context.out, INGRESS_PATH);
  setAt(context.out, [...LABELS, VISIBILITY], CLUSTER_LOCAL);
  const meaning =
    (ingress === undefined ? undefined : INGRESS_MEANING[ingress]) ??
    `${ingress ?? 'all (the default)'} → ${VISIBILITY}: ${CLUSTER_LOCAL}: on Cloud Run IAM decides who calls; Knative checks no IAM, so the Service stays private to the cluster (remove the label to expose it, only if the Cloud Run service let allUsers invoke it)`;
  context.report(
    ingress === 'internal-and-cloud-load-balancing' ? 'loss' : 'change',
    INGRESS_PATH,
    meaning,
  );
}

/** Is a label fit for the target: Google Cloud's label syntax, or Kubernetes'? */
const LABEL_FITS = {
  'cloud-run': (key: string, value: string) =>
    key.startsWith('cloud.googleapis.com/') ||
    ([key, value].every((text) => text.length <= GOOGLE_CLOUD_NAMES.label.maxLength) &&
      GOOGLE_CLOUD_NAMES.label.key.test(key) &&
      GOOGLE_CLOUD_NAMES.label.value.test(value)),
  knative: (key: string, value: string) => isQualifiedName(key) && isLabelValue(value),
} as const;

function labels(context: ConvertContext): void {
  for (const path of [LABELS, ['spec', 'template', 'metadata', 'labels']]) {
    for (const [key, value] of stringEntriesAt(context.out, path)) {
      if (key === LOCATION_LABEL) continue;
      if (key.startsWith('serving.knative.dev/')) {
        removeAt(context.out, [...path, key]);
        context.report(
          'change',
          [...path, key],
          'dropped: Knative sets it on the objects it creates',
        );
      } else if (!LABEL_FITS[context.to](key, value)) {
        removeAt(context.out, [...path, key]);
        context.report(
          'loss',
          [...path, key],
          context.to === 'cloud-run'
            ? `dropped (${quote(value)}): Cloud Run labels follow Google Cloud's rules (lower-case letters, digits, "_" and "-", the key from a letter, at most 63 each)`
            : `dropped (${quote(value)}): not a Kubernetes label (a qualified name and a value of at most 63 of [A-Za-z0-9-_.])`,
        );
      }
    }
  }
}

/** The visibility and label rules. */
export const VISIBILITY_RULES: readonly ConvertRule[] = [
  {
    id: 'visibility',
    field: `metadata.labels["${VISIBILITY}"] ↔ metadata.annotations["${INGRESS}"]`,
    to: BOTH,
    what: `${CLUSTER_LOCAL} → ingress internal plus an IAM run.invoker line; public → ingress all plus the allUsers grant line; any ingress → ${CLUSTER_LOCAL}`,
    see: { 'cloud-run': SEE.cloudRunIngress, knative: SEE.knativePrivateServices },
    apply: (context) => {
      if (context.to === 'cloud-run') toCloudRun(context);
      else toKnative(context);
    },
  },
  {
    id: 'labels',
    field: 'metadata.labels, spec.template.metadata.labels',
    to: BOTH,
    what: "kept when the target's label syntax allows them; Knative's own serving.knative.dev/* labels dropped",
    see: { 'cloud-run': SEE.cloudRunLabels, knative: SEE.kubernetesLabels },
    apply: labels,
  },
];
