/**
 * The steps a moved secret needs outside the manifest: the value copied into the other platform's
 * store, and read access for the service's identity on Cloud Run.
 */
import { stringAt, type Path } from '../../validator/core/object-access';
import type { ConvertContext } from '../convert-rule';
import type { KubernetesKey } from '../secret-names';
import { POD_SPEC } from './revision-rules';

/** Reports how to create Secret Manager secret `id` from a Kubernetes Secret's or ConfigMap's key. */
export function secretManagerAction(
  context: ConvertContext,
  path: Path,
  kind: 'Secret' | 'ConfigMap',
  { name, key }: KubernetesKey,
  id: string,
): void {
  const namespace = stringAt(context.source, ['metadata', 'namespace']) ?? 'default';
  const account =
    stringAt(context.out, [...POD_SPEC, 'serviceAccountName']) ??
    `${context.options.projectNumber ?? 'PROJECT_NUMBER'}-compute@developer.gserviceaccount.com`;
  const read = `kubectl get ${kind.toLowerCase()} ${name} -n ${namespace} -o jsonpath='{.data.${key.replaceAll('.', '\\.')}}'${kind === 'Secret' ? ' | base64 -d' : ''}`;
  context.report(
    'action',
    path,
    `create Secret Manager secret ${id} from ${kind} ${name} key ${key} and let the service read it: ${read} | gcloud secrets create ${id} --data-file=-; gcloud secrets add-iam-policy-binding ${id} --member=serviceAccount:${account} --role=roles/secretmanager.secretAccessor`,
  );
}

/** Reports how to create the Kubernetes Secret key `target` from Secret Manager secret `id`. */
export function kubernetesSecretAction(
  context: ConvertContext,
  path: Path,
  id: string,
  version: string,
  target: KubernetesKey,
): void {
  context.report(
    'action',
    path,
    `create Secret ${target.name} key ${target.key} in namespace ${context.options.namespace} from Secret Manager secret ${id}: gcloud secrets versions access ${version} --secret=${id} | kubectl create secret generic ${target.name} -n ${context.options.namespace} --from-file=${target.key}=/dev/stdin`,
  );
}
