/**
 * The Vision client of the `vision` labeler: where `VISION_API_ENDPOINT` is parsed, and the one
 * place that loads `@google-cloud/vision` (on first use: requiring it costs about half a second,
 * which a cold start, or a worker with another labeler, should not pay).
 */
import type { ImageAnnotatorClient } from '@google-cloud/vision';
import type { GoogleAuth } from 'google-auth-library';
import { ConfigError } from '../errors';

type ClientOptions = NonNullable<ConstructorParameters<typeof ImageAnnotatorClient>[0]>;

/** A started client and how to close it. */
export interface StartedVisionClient {
  readonly client: ImageAnnotatorClient;
  /** Closes the client (its gRPC channel or REST transport). */
  close(): Promise<void>;
}

/**
 * Loads the Vision library, creates the client and starts it: resolves once `initialize()` has
 * (credentials found, transport stub made), rejects with the reason when it cannot start.
 *
 * The client: the defaults (gRPC to Google, ADC) when `endpoint` is undefined, else REST to
 * `endpoint`. An `https://` endpoint gets Application Default Credentials (or `auth`). An `http://`
 * endpoint gets google-auth-library's `PassThroughClient` as `authClient`: gax's REST transport
 * then uses it as is instead of looking up ADC, and it adds no `Authorization` header. Its
 * requests go through Node's built-in `fetch` rather than gaxios's default, `node-fetch` loaded by
 * a dynamic `import()`, which a CommonJS test runner (jest without `--experimental-vm-modules`)
 * cannot load.
 *
 * Why `initialize()` here: every generated method of the client (`batchAnnotateImages` included)
 * starts with `this.initialize().catch(err => { throw err; })` and drops the promise that this
 * returns. `initialize()` caches its stub promise, which rejects when gax cannot make the stub:
 * with no Application Default Credentials (an `https://` endpoint or Google's), `createStub()` gets
 * "Could not load the default credentials" from `GoogleAuth.getClient()`. The call itself then
 * fails, but the dropped promise rejects with no handler, on every call, and Node ends the process
 * (`--unhandled-rejections=throw`). Awaited here, a failed start is handled (and the client
 * dropped), and a method is only ever called once its `initialize()` has resolved, when that
 * dropped `.catch()` hangs off a fulfilled promise.
 *
 * @param endpoint - from {@link parseEndpoint}; undefined: Google's endpoint
 * @param auth - the credentials lookup of an `https://` endpoint or Google's (ignored for `http://`)
 */
export async function startVisionClient(
  endpoint: URL | undefined,
  auth: GoogleAuth | undefined,
): Promise<StartedVisionClient> {
  const { ImageAnnotatorClient } = await import('@google-cloud/vision');
  const authOption = auth === undefined ? {} : { auth };
  const protocol = endpoint?.protocol === 'http:' ? 'http' : 'https';
  const rest: ClientOptions | undefined = endpoint && {
    fallback: 'rest',
    protocol,
    apiEndpoint: endpoint.hostname,
    port: endpoint.port === '' ? (protocol === 'http' ? 80 : 443) : Number(endpoint.port),
  };
  if (rest === undefined || protocol === 'https') {
    return started(new ImageAnnotatorClient({ ...rest, ...authOption }));
  }
  const { PassThroughClient } = await import('google-auth-library');
  const authClient = new PassThroughClient({ transporterOptions: { fetchImplementation: fetch } });
  return started(new ImageAnnotatorClient({ ...rest, authClient }));
}

/** Awaits `initialize()` (see {@link startVisionClient}). */
async function started(client: ImageAnnotatorClient): Promise<StartedVisionClient> {
  await client.initialize();
  return { client, close: () => client.close() };
}

/**
 * Parses `VISION_API_ENDPOINT`.
 *
 * @param apiEndpoint - `http(s)://host[:port]`, no path, query or user info
 * @throws ConfigError (`VISION_API_ENDPOINT`) when it is not such a URL (a password in it masked)
 */
export function parseEndpoint(apiEndpoint: string): URL {
  const url = URL.canParse(apiEndpoint) ? new URL(apiEndpoint) : undefined;
  if (url === undefined || !isVisionEndpoint(url)) {
    throw new ConfigError(
      'VISION_API_ENDPOINT',
      `VISION_API_ENDPOINT is ${JSON.stringify(withoutUserInfo(apiEndpoint, url))}: expected an http:// or https:// URL with a host, an optional port and no path, such as http://127.0.0.1:9090`,
    );
  }
  return url;
}

/**
 * Whether a URL is a `VISION_API_ENDPOINT`: `http://` or `https://`, a host and an optional port,
 * no path, query, fragment or user info (the one check, for the configuration and for the labeler).
 */
export function isVisionEndpoint(url: URL): boolean {
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** The endpoint as it may be quoted: user name and password masked. */
function withoutUserInfo(apiEndpoint: string, url: URL | undefined): string {
  if (url === undefined || (url.username === '' && url.password === '')) return apiEndpoint;
  const masked = new URL(url);
  masked.username = url.username && '***';
  masked.password = url.password && '***';
  return masked.href.replace(/\/$/, '');
}
