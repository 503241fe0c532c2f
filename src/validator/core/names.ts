/**
 * Name and reference syntaxes the rules check: Kubernetes names (DNS-1123 / DNS-1035), label
 * keys and values, container image references, e-mail addresses and Google Cloud project ids.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 * @see https://github.com/distribution/reference (the image reference grammar)
 */
import { GOOGLE_CLOUD_NAMES } from '../../../charts/limits/google-cloud';
import { KUBERNETES_NAMES } from '../../../charts/limits/kubernetes';

type NameSyntax = { readonly pattern: RegExp; readonly maxLength: number };
const fits = (syntax: NameSyntax, value: string): boolean =>
  value.length <= syntax.maxLength && syntax.pattern.test(value);

/** A DNS-1123 subdomain: lower-case labels joined by dots, at most 253 characters. */
export function isDns1123Subdomain(value: string): boolean {
  return fits(KUBERNETES_NAMES.dns1123Subdomain, value);
}

/** A DNS-1035 label: lower-case, starts with a letter, at most 63 characters. */
export function isDns1035Label(value: string): boolean {
  return fits(KUBERNETES_NAMES.dns1035Label, value);
}

/** A label value: empty, or at most 63 alphanumerics with `-_.` inside. */
export function isLabelValue(value: string): boolean {
  return fits(KUBERNETES_NAMES.labelValue, value);
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  return (
    (prefix === undefined || (prefix !== '' && isDns1123Subdomain(prefix))) &&
    fits(KUBERNETES_NAMES.qualifiedName, name)
  );
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?)`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`,
);

/** A container image reference (`[registry/]path[:tag][@digest]`), at most 255 characters. */
export function isImageReference(value: string): boolean {
  return value.length <= 255 && IMAGE_REFERENCE.test(value);
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** An e-mail address (an IAM service account is `name@project.iam.gserviceaccount.com`). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** A project ID, optionally after the domain of a domain-scoped project (`example.com:`). */
const PROJECT_ID = new RegExp(
  `^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?${GOOGLE_CLOUD_NAMES.projectId.pattern.source.replace(/^\^/, '')}`,
);

/** A Google Cloud project id (optionally domain-scoped, `example.com:my-project`). */
export function isProjectId(value: string): boolean {
  return PROJECT_ID.test(value);
}

/** A Google Cloud project number (1 to 19 digits, as the deployment config accepts). */
export function isProjectNumber(value: string): boolean {
  return GOOGLE_CLOUD_NAMES.projectNumber.pattern.test(value);
}
