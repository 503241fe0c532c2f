/**
 * The one place that sends requests to the API server: client-node's kubeconfig authentication
 * (token, client certificate, exec plugin, its TLS settings) and HTTP library, with raw JSON
 * bodies in and out, a timeout per request, and 429 answers retried after their `Retry-After`.
 *
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { Clock } from './clock';
import { ApiStatusError, ClusterUnreachableError, type ClusterIdentity } from './cluster-errors';
import { describeRequestFailure } from './request-failure';

/** One request: a method, a path under the server URL, query parameters and a JSON body. */
export interface KubeRequest {
  readonly method: 'GET' | 'PATCH';
  /** The path, e.g. `/apis/eventing.knative.dev/v1/namespaces/dualrun/brokers/default`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** The body, already serialized. */
  readonly body?: string;
  /** The body's media type, e.g. `application/apply-patch+yaml`. */
  readonly contentType?: string;
}

/** A successful (2xx) answer. */
export interface KubeResponse {
  readonly status: number;
  /** The body parsed as JSON. */
  readonly body: unknown;
}

/** Sends one prepared request; client-node's fetch-based HTTP library by default. */
export type SendRequest = (request: RequestContext) => Promise<ResponseContext>;

/** Options of `createKubeHttp`. */
export interface KubeHttpOptions {
  readonly clock: Clock;
  /** How long one request may take before the server counts as unreachable. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Attempts of a request the API server answers 429 (Too Many Requests). @default 5 */
  readonly maxAttempts?: number;
  /** The longest wait between two attempts, whatever `Retry-After` says. @default 10000 */
  readonly maxRetryDelayMs?: number;
  /** @default client-node's `IsomorphicFetchHttpLibrary` */
  readonly send?: SendRequest;
}

/** Requests to one kubeconfig context's API server. */
export interface KubeHttp {
  readonly identity: Required<ClusterIdentity>;
  /**
   * Sends `request` and answers its 2xx response. A 429 is sent again after its `Retry-After`
   * (1 s when absent), up to `maxAttempts` in all.
   *
   * @throws ClusterUnreachableError when there is no answer (refused, timed out, TLS), the
   *   credentials cannot be obtained (an exec plugin fails), or the answer is 401
   * @throws ApiStatusError for any other status outside 2xx, quoting the server's Status message
   */
  request(request: KubeRequest): Promise<KubeResponse>;
}

const DEFAULT_RETRY_AFTER_MS = 1000;

function statusError(status: number, text: string): ApiStatusError {
  try {
    const parsed = JSON.parse(text) as {
      kind?: unknown;
      message?: unknown;
      reason?: unknown;
      details?: { kind?: unknown; name?: unknown };
    };
    if (parsed.kind === 'Status' && typeof parsed.message === 'string') {
      const details = {
        ...(typeof parsed.details?.kind === 'string' ? { kind: parsed.details.kind } : {}),
        ...(typeof parsed.details?.name === 'string' ? { name: parsed.details.name } : {}),
      };
      const reason = typeof parsed.reason === 'string' ? parsed.reason : undefined;
      return new ApiStatusError(status, reason, parsed.message, details);
    }
  } catch {
    // not JSON: quote the text
  }
  return new ApiStatusError(status, undefined, text.trim() || `HTTP ${status}`);
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or the default. */
function retryAfterMs(header: string | undefined, nowMs: number): number {
  if (header === undefined) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - nowMs);
}

/**
 * Requests to the API server of `kubeConfig`'s current context.
 *
 * @throws ClusterUnreachableError when the kubeconfig has no current context or cluster
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
 */
export function createKubeHttp(kubeConfig: KubeConfig, options: KubeHttpOptions): KubeHttp {
  const context = kubeConfig.getCurrentContext();
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new ClusterUnreachableError(
      `the kubeconfig has no cluster for context "${context}"`,
      context ? { context } : {},
    );
  }
  const identity = { context, server: cluster.server };
  const baseUrl = cluster.server.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
  const library = new IsomorphicFetchHttpLibrary();
  const send: SendRequest = options.send ?? ((request) => library.send(request).toPromise());

  async function prepare(request: KubeRequest): Promise<RequestContext> {
    const prepared = new RequestContext(
      `${baseUrl}${request.path}`,
      request.method === 'GET' ? HttpMethod.GET : HttpMethod.PATCH,
    );
    for (const [name, value] of Object.entries(request.query ?? {})) {
      prepared.setQueryParam(name, value);
    }
    prepared.setHeaderParam('Accept', 'application/json');
    if (request.body !== undefined) {
      prepared.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      prepared.setBody(request.body);
    }
    prepared.setSignal(AbortSignal.timeout(timeoutMs));
    try {
      await kubeConfig.applySecurityAuthentication(prepared);
    } catch (error) {
      throw new ClusterUnreachableError(
        `the credentials could not be obtained: ${describeRequestFailure(error, timeoutMs)}`,
        identity,
        { cause: error },
      );
    }
    return prepared;
  }

  async function attempt(
    request: KubeRequest,
  ): Promise<{ response: ResponseContext; text: string }> {
    const prepared = await prepare(request);
    try {
      const response = await send(prepared);
      return { response, text: await response.body.text() };
    } catch (error) {
      throw new ClusterUnreachableError(describeRequestFailure(error, timeoutMs), identity, {
        cause: error,
      });
    }
  }

  return {
    identity,
    async request(request) {
      for (let attempts = 1; ; attempts += 1) {
        const { response, text } = await attempt(request);
        const status = response.httpStatusCode;
        if (status >= 200 && status < 300) {
          return { status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
        }
        if (status === 401) {
          throw new ClusterUnreachableError(
            `the API server does not accept the credentials (401 Unauthorized: ${statusError(status, text).serverMessage})`,
            identity,
          );
        }
        if (status !== 429 || attempts >= maxAttempts) throw statusError(status, text);
        const waitMs = retryAfterMs(response.headers['retry-after'], Date.now());
        await options.clock.sleep(Math.min(waitMs, maxRetryDelayMs));
      }
    },
  };
}
