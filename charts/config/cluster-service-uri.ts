/**
 * Which in-cluster Kubernetes Service a URI names, for the rules that refuse a sink pointing back at
 * the worker, the Broker or the dead-letter receiver.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services
 */

/** A Service as a cluster-local host names it; `namespace` is `undefined` for a bare name. */
export interface ClusterService {
  readonly name: string;
  readonly namespace: string | undefined;
}

/**
 * The Service a URI's host names through cluster DNS: `NAME`, `NAME.NAMESPACE`,
 * `NAME.NAMESPACE.svc` or `NAME.NAMESPACE.svc.<cluster domain>` (any case, a trailing dot allowed).
 * Returns `undefined` for a URI that does not parse, an IP address, or any other host.
 *
 * `clusterServiceOf('http://thumbnailer.photos.svc.cluster.local/x')` →
 * `{ name: 'thumbnailer', namespace: 'photos' }`.
 */
export function clusterServiceOf(uri: string): ClusterService | undefined {
  let host: string;
  try {
    host = new URL(uri).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  const [name, namespace, svc] = host.split('.');
  const labels = host.split('.').length;
  if (name === undefined || name === '' || /^[0-9]+$/.test(name)) return undefined;
  if (labels === 1) return { name, namespace: undefined };
  if (labels === 2 || svc === 'svc') return { name, namespace };
  return undefined;
}

/**
 * Whether `uri` names the Service `name` in `namespace` (a bare name counts: it resolves in the
 * caller's namespace, which a sink's sender may share).
 */
export function namesClusterService(uri: string, name: string, namespace: string): boolean {
  const service = clusterServiceOf(uri);
  return (
    service !== undefined &&
    service.name === name &&
    (service.namespace === undefined || service.namespace === namespace)
  );
}

/**
 * Whether two URIs reach the same receiver: the same cluster Service (a bare name read in
 * `namespace`), else the same host and port. Returns `false` when either does not parse.
 */
export function sameReceiver(a: string, b: string, namespace: string): boolean {
  const [serviceA, serviceB] = [clusterServiceOf(a), clusterServiceOf(b)];
  if (serviceA !== undefined && serviceB !== undefined) {
    return (
      serviceA.name === serviceB.name &&
      (serviceA.namespace ?? namespace) === (serviceB.namespace ?? namespace)
    );
  }
  return URL.canParse(a) && URL.canParse(b) && new URL(a).host === new URL(b).host;
}
