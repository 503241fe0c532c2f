/**
 * What can go wrong between the apply command and the API server, as errors that carry the
 * decision: the cluster cannot be used at all, the API server answered a request with an error
 * status, or it serves no such kind. `src/apply/exit-codes.ts` maps them to exit codes.
 */

/** Where the command was talking to: the kubeconfig context and its server URL. */
export interface ClusterIdentity {
  /** The kubeconfig context's name. */
  readonly context?: string;
  /** The API server URL of that context's cluster. */
  readonly server?: string;
}

function where(identity: ClusterIdentity): string {
  if (identity.context === undefined) return '';
  const server = identity.server === undefined ? '' : ` (${identity.server})`;
  return ` through context "${identity.context}"${server}`;
}

/**
 * No cluster can be used: no kubeconfig, an unknown context, no answer (refused, timed out, a TLS
 * failure), or credentials the API server does not accept. The message is one line: which
 * context, and why.
 */
export class ClusterUnreachableError extends Error {
  override readonly name = 'ClusterUnreachableError';

  /**
   * @param why - one line: what failed, e.g. `connect ECONNREFUSED 127.0.0.1:6443`
   * @param identity - the context and server, when known
   */
  constructor(
    readonly why: string,
    readonly identity: ClusterIdentity = {},
    options: { cause?: unknown } = {},
  ) {
    super(`no cluster reachable${where(identity)}: ${why}`, options);
  }
}

/**
 * The API server answered with an error status. `serverMessage` is the `message` of the
 * `Status` it sent (or its body, when that was not a Status).
 *
 * Read the message, not only the status: a server-side apply that strict field validation refuses
 * answers 500, not 400, up to Kubernetes 1.37 at least.
 *
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#response-status-kind
 * @see https://github.com/kubernetes/kubernetes/issues/139253
 */
export class ApiStatusError extends Error {
  override readonly name = 'ApiStatusError';

  /**
   * @param status - the HTTP status, e.g. 422
   * @param reason - the Status `reason`, e.g. `Invalid`, `NotFound`; absent without a Status body
   * @param serverMessage - the Status `message`, or the body's text
   * @param details - the Status `details.kind` and `details.name`, when present
   */
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    readonly serverMessage: string,
    readonly details: { readonly kind?: string; readonly name?: string } = {},
  ) {
    super(`${status}${reason === undefined ? '' : ` ${reason}`}: ${serverMessage}`);
  }
}

/** The API server serves no such `apiVersion` and `kind` (its CRD is not installed). */
export class KindNotServedError extends Error {
  override readonly name = 'KindNotServedError';

  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(
      `the API server does not serve ${kind} in ${apiVersion}: is its CustomResourceDefinition installed?`,
    );
  }
}
