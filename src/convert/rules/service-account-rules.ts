/**
 * Who the service runs as: a Kubernetes ServiceAccount on Knative (bound to a Google service
 * account by Workload Identity, when it calls Google APIs), an IAM service account e-mail on Cloud
 * Run.
 *
 * @see https://cloud.google.com/run/docs/securing/service-identity
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */
import { GOOGLE_CLOUD_NAMES } from '../../../charts/limits/google-cloud';
import { isDns1123Subdomain } from '../../validator/core/names';
import { quote, stringAt, valueAt, type Path } from '../../validator/core/object-access';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { POD_SPEC } from './revision-rules';

/** The Google service account a Kubernetes ServiceAccount of the file is bound to. */
const WORKLOAD_IDENTITY = 'iam.gke.io/gcp-service-account';

function serviceAccountToCloudRun(context: ConvertContext, path: Path, from?: string): void {
  const bound =
    from === undefined
      ? undefined
      : stringAt(context.companions.serviceAccount(from), [
          'metadata',
          'annotations',
          WORKLOAD_IDENTITY,
        ]);
  const email = context.options.serviceAccount ?? bound;
  const was = from === undefined ? 'none' : quote(from);
  if (email !== undefined && !GOOGLE_CLOUD_NAMES.anyServiceAccountEmail.pattern.test(email)) {
    context.report(
      'refusal',
      path,
      `${quote(email)} is not a service account e-mail (--service-account)`,
    );
    return;
  }
  if (email !== undefined) {
    setAt(context.out, path, email);
    if (email === from) return;
    context.report(
      'change',
      path,
      context.options.serviceAccount !== undefined
        ? `${was} → ${quote(email)} (--service-account): Cloud Run runs the service as an IAM service account`
        : `${was} → ${quote(email)}: the Google service account the file's ServiceAccount ${quote(from)} is bound to (${WORKLOAD_IDENTITY}, Workload Identity)`,
    );
    return;
  }
  removeAt(context.out, path);
  const fallback = `Cloud Run runs it as the Compute Engine default service account (${context.options.projectNumber ?? 'PROJECT_NUMBER'}-compute@developer.gserviceaccount.com): pass --service-account EMAIL for a dedicated one`;
  if (from === undefined) context.report('change', path, `none: ${fallback}`);
  else
    context.report(
      'loss',
      path,
      `${was} dropped: a Kubernetes ServiceAccount means nothing on Cloud Run and the file binds it to no Google service account (${WORKLOAD_IDENTITY}); ${fallback}`,
    );
}

function serviceAccountToKnative(context: ConvertContext, path: Path, from?: string): void {
  const namespace = context.options.namespace;
  const name = context.options.serviceAccount ?? from?.split('@')[0];
  if (name === undefined) {
    context.report(
      'change',
      path,
      `none (Cloud Run's default, the Compute Engine default service account) → the namespace's default ServiceAccount, which has no Google identity unless Workload Identity binds it`,
    );
    return;
  }
  if (!isDns1123Subdomain(name)) {
    context.report(
      'refusal',
      path,
      `${quote(name)} is not a Kubernetes ServiceAccount name: pass --service-account NAME`,
    );
    return;
  }
  if (name === from) return;
  setAt(context.out, path, name);
  context.report(
    'change',
    path,
    `${quote(from)} → ${quote(name)} (${context.options.serviceAccount === undefined ? 'the part before "@"' : '--service-account'}): Knative runs pods as a Kubernetes ServiceAccount`,
  );
  if (from?.includes('@') === true)
    context.report(
      'action',
      path,
      `create ServiceAccount ${name} in namespace ${namespace} and bind it to ${from} with Workload Identity: kubectl annotate serviceaccount ${name} -n ${namespace} ${WORKLOAD_IDENTITY}=${from}; gcloud iam service-accounts add-iam-policy-binding ${from} --role=roles/iam.workloadIdentityUser --member="serviceAccount:PROJECT_ID.svc.id.goog[${namespace}/${name}]"`,
    );
}

function serviceAccount(context: ConvertContext): void {
  const path = [...POD_SPEC, 'serviceAccountName'];
  const value = valueAt(context.source, path);
  if (value !== undefined && typeof value !== 'string') {
    context.report('refusal', path, `${quote(value)} is not a service account name`);
    return;
  }
  if (context.to === 'cloud-run') serviceAccountToCloudRun(context, path, value);
  else serviceAccountToKnative(context, path, value);
}

/** The service account rule. */
export const SERVICE_ACCOUNT_RULES: readonly ConvertRule[] = [
  {
    id: 'service-account',
    field: 'spec.template.spec.serviceAccountName',
    to: BOTH,
    what: 'Kubernetes name → IAM e-mail (--service-account, or the file\'s ServiceAccount Workload Identity annotation; else dropped as a loss); e-mail → the part before "@", plus a Workload Identity line',
    see: { 'cloud-run': SEE.cloudRunServiceIdentity, knative: SEE.workloadIdentity },
    apply: serviceAccount,
  },
];
