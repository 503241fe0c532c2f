/**
 * Where a secret value lives on each platform, and how convert names it on the other: a key of a
 * Kubernetes Secret (or ConfigMap) on Knative, a version of a Secret Manager secret on Cloud Run.
 * One Secret Manager secret holds one value, so a Kubernetes Secret `db` with the key `password`
 * becomes the Secret Manager secret `db__password`; back, a name with `__` splits there (Kubernetes
 * names have no `_`), and any other name becomes a Secret of that name (lower case, `_` → `-`)
 * holding the key of the same name.
 *
 * @see https://cloud.google.com/run/docs/configuring/services/secrets
 * @see https://kubernetes.io/docs/concepts/configuration/secret/
 */
import { GOOGLE_CLOUD_NAMES } from '../../charts/limits/google-cloud';
import { KUBERNETES_NAMES } from '../../charts/limits/kubernetes';
import { isDns1123Subdomain } from '../validator/core/names';

/** Between the Secret's name and the key in a Secret Manager secret ID convert writes. */
const SEPARATOR = '__';
/** The Secret Manager version convert refers to: the latest. */
export const LATEST_VERSION = 'latest';

/** A key of a Kubernetes Secret or ConfigMap. */
export interface KubernetesKey {
  readonly name: string;
  readonly key: string;
}

/**
 * The Secret Manager secret ID for a Kubernetes Secret's (or ConfigMap's) key: `NAME__KEY`, with
 * the `.` Secret Manager IDs lack written as `-`; `undefined` when the result is no valid ID.
 */
export function toSecretManagerId({ name, key }: KubernetesKey): string | undefined {
  const id = `${name}${SEPARATOR}${key}`.replaceAll('.', '-');
  const { pattern, maxLength } = GOOGLE_CLOUD_NAMES.secretId;
  return id.length <= maxLength && pattern.test(id) ? id : undefined;
}

/**
 * The Kubernetes Secret and key for a Secret Manager secret ID: split at the first `__` when the
 * part before is a Secret name, else the whole ID, as a Secret name (lower case, `_` → `-`) and as
 * the key; `undefined` when no Secret name can be made of it.
 */
export function toKubernetesKey(id: string): KubernetesKey | undefined {
  const cut = id.indexOf(SEPARATOR);
  const name = id.slice(0, Math.max(cut, 0));
  const key = id.slice(cut + SEPARATOR.length);
  if (cut > 0 && isDns1123Subdomain(name) && isDataKey(key)) return { name, key };
  const secret = id.toLowerCase().replaceAll('_', '-');
  return isDns1123Subdomain(secret) && isDataKey(id) ? { name: secret, key: id } : undefined;
}

function isDataKey(key: string): boolean {
  const { pattern, maxLength } = KUBERNETES_NAMES.dataKey;
  return key.length <= maxLength && pattern.test(key);
}
