/**
 * A Kubernetes object as a manifest holds it and as the API server answers it: plain JSON data,
 * never a client-node model class (those keep only the fields they know, so an unknown field
 * would be dropped before the API server's strict field validation could refuse it).
 *
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */

/** The metadata every object carries; the rest is kept as it is. */
export interface KubeObjectMetadata {
  readonly name: string;
  /** Absent for cluster-scoped kinds, and for namespaced ones that take the context's namespace. */
  readonly namespace?: string;
  /** Set by the API server; absent in a manifest. */
  readonly resourceVersion?: string;
  /** Set by the API server for kinds that count spec changes (custom resources do). */
  readonly generation?: number;
  readonly [field: string]: unknown;
}

/** One object: `apiVersion` (`group/version`, or `v1` for the core group), `kind`, `metadata`. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: KubeObjectMetadata;
  readonly [field: string]: unknown;
}

/** Which object: enough to find it on the API server. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace for namespaced kinds; absent for cluster-scoped ones. */
  readonly namespace?: string;
}

/** The group of an `apiVersion`: `''` for the core group (`v1`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `Kind namespace/name (apiVersion)`, or `Kind name (apiVersion)` for cluster-scoped objects. */
export function describeObject(ref: ObjectRef): string {
  return `${ref.kind} ${qualifiedName(ref)} (${ref.apiVersion})`;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function qualifiedName(ref: Pick<ObjectRef, 'name' | 'namespace'>): string {
  return ref.namespace === undefined ? ref.name : `${ref.namespace}/${ref.name}`;
}
