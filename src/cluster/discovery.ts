/**
 * Discovery: which resource (URL path segment) serves a kind, and whether it is namespaced, read
 * from the API server's resource list for the kind's `apiVersion` (`GET /api/v1`,
 * `GET /apis/<group>/<version>`), cached per `apiVersion`.
 *
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
import { ApiStatusError, KindNotServedError } from './cluster-errors';
import type { KubeHttp } from './kube-http';

/** How the API server serves a kind. */
export interface ResourceInfo {
  /** The resource name in URL paths, e.g. `brokers`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Looks kinds up on one API server. */
export interface Discovery {
  /**
   * @throws KindNotServedError when the API server serves no such `apiVersion` or `kind`
   * @throws ClusterUnreachableError, ApiStatusError as `KubeHttp.request`
   */
  resourceOf(apiVersion: string, kind: string): Promise<ResourceInfo>;
}

interface ApiResourceList {
  readonly resources?: readonly { name: string; kind: string; namespaced: boolean }[];
}

/** The path of an `apiVersion`'s resources: `/api/v1` for the core group, else `/apis/<g>/<v>`. */
export function apiVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** A discovery over `http`, caching each `apiVersion`'s list until a kind is missing from it. */
export function createDiscovery(http: KubeHttp): Discovery {
  const lists = new Map<string, Promise<ApiResourceList>>();

  async function fetchList(apiVersion: string): Promise<ApiResourceList> {
    try {
      return (await http.request({ method: 'GET', path: apiVersionPath(apiVersion) }))
        .body as ApiResourceList;
    } catch (error) {
      if (error instanceof ApiStatusError && error.status === 404) return {};
      throw error;
    }
  }

  function find(list: ApiResourceList, kind: string): ResourceInfo | undefined {
    // Subresources (`services/status`) carry their parent's kind: skip them.
    const found = list.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    return found && { plural: found.name, namespaced: found.namespaced };
  }

  return {
    async resourceOf(apiVersion, kind) {
      const cached = lists.get(apiVersion);
      const fromCache = cached && find(await cached, kind);
      if (fromCache) return fromCache;
      // Not cached, or the kind is missing from the cached list (its CRD may be new): ask again.
      const fresh = fetchList(apiVersion);
      lists.set(apiVersion, fresh);
      fresh.catch(() => lists.delete(apiVersion));
      const found = find(await fresh, kind);
      if (!found) throw new KindNotServedError(apiVersion, kind);
      return found;
    },
  };
}
