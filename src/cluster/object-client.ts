/**
 * Server-side apply and reads of single objects, with the body sent as the manifest holds it
 * (field manager `dualrun`, forced, `fieldValidation=Strict`, optionally the server's dry run).
 *
 * client-node's `KubernetesObjectApi.patch` is not used: it passes built-in kinds (Namespace,
 * ServiceAccount) and every object's `metadata` through its model classes, which drop the fields
 * they do not know, so a misspelt field would vanish before the API server could refuse it.
 *
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run
 */
import { ApiStatusError, ClusterUnreachableError } from './cluster-errors';
import { apiVersionPath, createDiscovery, type Discovery } from './discovery';
import type { KubeHttp } from './kube-http';
import type { KubeObject, ObjectRef } from './kube-object';

/** The field manager every apply is made with: the fields it sets are owned by `dualrun`. */
export const FIELD_MANAGER = 'dualrun';

/**
 * The media type of a server-side apply: the body is YAML, and JSON is YAML.
 *
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#api-implementation
 */
const APPLY_PATCH = 'application/apply-patch+yaml';

/** An object located on the API server: its ref with the namespace settled, and its URL path. */
export interface LocatedObject {
  readonly ref: ObjectRef;
  readonly path: string;
}

/** Reads and applies objects on one API server. */
export interface ObjectClient {
  /**
   * Settles where `ref` lives: its resource path, and its namespace (the context's for a
   * namespaced kind without one; none for a cluster-scoped kind).
   *
   * @throws KindNotServedError when the API server does not serve the kind
   */
  locate(ref: ObjectRef): Promise<LocatedObject>;
  /**
   * Server-side applies `object` (forced, Strict field validation; `dryRun`: the server's dry
   * run, nothing stored) and answers the object as the API server would store it.
   *
   * @throws ApiStatusError when the API server refuses it (its Status message quoted)
   * @throws KindNotServedError when the API server does not serve the kind
   * @throws ClusterUnreachableError when it does not answer
   */
  apply(object: KubeObject, options: { readonly dryRun: boolean }): Promise<KubeObject>;
  /**
   * The object as stored, or `undefined` when there is none (404).
   *
   * @throws ApiStatusError, KindNotServedError, ClusterUnreachableError as `apply`
   */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /**
   * Checks that the API server answers and accepts the credentials (`GET /api`, which every
   * authenticated user may read).
   *
   * @throws ClusterUnreachableError when it does not answer, or answers an error status
   */
  probe(): Promise<void>;
}

/** Options of `createObjectClient`. */
export interface ObjectClientOptions {
  /** The namespace of namespaced objects that name none (the context's). @default `default` */
  readonly defaultNamespace?: string;
}

function objectRef(object: KubeObject): ObjectRef {
  const { apiVersion, kind, metadata } = object;
  return metadata.namespace === undefined
    ? { apiVersion, kind, name: metadata.name }
    : { apiVersion, kind, name: metadata.name, namespace: metadata.namespace };
}

/** An object client over `http`. */
export function createObjectClient(
  http: KubeHttp,
  options: ObjectClientOptions = {},
  discovery: Discovery = createDiscovery(http),
): ObjectClient {
  const defaultNamespace = options.defaultNamespace ?? 'default';

  async function locate(ref: ObjectRef): Promise<LocatedObject> {
    const resource = await discovery.resourceOf(ref.apiVersion, ref.kind);
    const located: ObjectRef = resource.namespaced
      ? { ...ref, namespace: ref.namespace ?? defaultNamespace }
      : { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name };
    const scope =
      located.namespace === undefined ? '' : `/namespaces/${encodeURIComponent(located.namespace)}`;
    return {
      ref: located,
      path: `${apiVersionPath(ref.apiVersion)}${scope}/${resource.plural}/${encodeURIComponent(ref.name)}`,
    };
  }

  return {
    locate,
    async apply(object, { dryRun }) {
      const { ref, path } = await locate(objectRef(object));
      const body =
        ref.namespace === object.metadata.namespace
          ? object
          : { ...object, metadata: { ...object.metadata, namespace: ref.namespace } };
      const response = await http.request({
        method: 'PATCH',
        path,
        query: {
          fieldManager: FIELD_MANAGER,
          force: 'true',
          fieldValidation: 'Strict',
          ...(dryRun ? { dryRun: 'All' } : {}),
        },
        body: JSON.stringify(body),
        contentType: APPLY_PATCH,
      });
      return response.body as KubeObject;
    },
    async get(ref) {
      const { path } = await locate(ref);
      try {
        return (await http.request({ method: 'GET', path })).body as KubeObject;
      } catch (error) {
        if (error instanceof ApiStatusError && error.status === 404) return undefined;
        throw error;
      }
    },
    async probe() {
      try {
        await http.request({ method: 'GET', path: '/api' });
      } catch (error) {
        if (!(error instanceof ApiStatusError)) throw error;
        throw new ClusterUnreachableError(`GET /api answered ${error.message}`, http.identity, {
          cause: error,
        });
      }
    },
  };
}
