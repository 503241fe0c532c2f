/**
 * The Vision client of the `vision` labeler: the one module that loads `@google-cloud/vision`
 * (with google-gax, google-auth-library, gRPC and protobuf.js). `vision-labeler.ts` imports it on
 * the first `label()` call, so that a cold start and a worker with another labeler do not load it.
 * The production bundle builds this module as a bundle of its own, `dist/bundle/vision.js`, run
 * from a V8 code cache written at build time (`src/startup/vision-bundle.ts`).
 *
 * It loads the generated v1 client (`@google-cloud/vision/build/src/v1`), the class the package
 * exports as `ImageAnnotatorClient`, without the package's index: the index also builds the
 * single-feature helpers (`labelDetection`, ...) of five API versions, parsing the whole proto
 * JSON once per version, and loads the 2.4 MB static protobuf module the `protos` export holds,
 * about 200 ms of CPU at the first event for methods the worker does not call.
 *
 * @see https://cloud.google.com/nodejs/docs/reference/vision/latest/vision/v1.imageannotatorclient
 */
import { ImageAnnotatorClient } from '@google-cloud/vision/build/src/v1';
import { PassThroughClient, type GoogleAuth } from 'google-auth-library';
import { grpc } from 'google-gax';
import { endpointScheme } from './vision-endpoint';

export type VisionClientOptions = NonNullable<
  ConstructorParameters<typeof ImageAnnotatorClient>[0]
>;

/** A started client and how to close it. */
export interface StartedVisionClient {
  readonly client: ImageAnnotatorClient;
  /** Closes the client (its gRPC channel or REST transport). */
  close(): Promise<void>;
}

/**
 * The client's options for an endpoint, one transport per scheme:
 * - none (Google's endpoint): the defaults, gRPC with TLS to `vision.googleapis.com:443` and
 *   Application Default Credentials (or `auth`);
 * - `https://`: REST (`fallback: 'rest'`) to that host and port, with ADC (or `auth`);
 * - `http://`: REST without credentials: google-auth-library's `PassThroughClient` as
 *   `authClient` (gax's REST transport then uses it as is instead of looking up ADC, and it adds
 *   no `Authorization` header), its requests through Node's built-in `fetch` rather than gaxios's
 *   default, `node-fetch` loaded by a dynamic `import()` (which a CommonJS test runner, jest
 *   without `--experimental-vm-modules`, cannot load; measured, `node-fetch` also costs a third
 *   more CPU per request);
 * - `grpc://`: gRPC without TLS and without credentials (`sslCreds` insecure, a
 *   `PassThroughClient` so that no credentials are looked up): a local stand-in.
 *
 * @param endpoint - a parsed `VISION_API_ENDPOINT` (`parseEndpoint`); undefined: Google's endpoint
 * @param auth - the credentials lookup of an `https://` endpoint or Google's (ignored otherwise)
 * @see https://github.com/googleapis/gax-nodejs/blob/main/client-libraries.md
 */
export function visionClientOptions(
  endpoint: URL | undefined,
  auth: GoogleAuth | undefined,
): VisionClientOptions {
  const authOption = auth === undefined ? {} : { auth };
  const scheme = endpoint === undefined ? undefined : endpointScheme(endpoint);
  if (endpoint === undefined || scheme === undefined) return authOption;
  const apiEndpoint = endpoint.hostname;
  const port = endpoint.port === '' ? (scheme === 'http' ? 80 : 443) : Number(endpoint.port);
  switch (scheme) {
    case 'https':
      return { fallback: 'rest', protocol: 'https', apiEndpoint, port, ...authOption };
    case 'http':
      return {
        fallback: 'rest',
        protocol: 'http',
        apiEndpoint,
        port,
        authClient: new PassThroughClient({ transporterOptions: { fetchImplementation: fetch } }),
      };
    case 'grpc':
      return {
        apiEndpoint,
        port,
        sslCreds: grpc.credentials.createInsecure(),
        authClient: new PassThroughClient(),
      };
  }
}

/**
 * Creates the client ({@link visionClientOptions}) and starts it: resolves once `initialize()`
 * has (credentials found, transport stub made), rejects with the reason when it cannot start.
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
 * @param endpoint - from `parseEndpoint`; undefined: Google's endpoint
 * @param auth - the credentials lookup of an `https://` endpoint or Google's (ignored otherwise)
 */
export async function startVisionClient(
  endpoint: URL | undefined,
  auth: GoogleAuth | undefined,
): Promise<StartedVisionClient> {
  const client = new ImageAnnotatorClient(visionClientOptions(endpoint, auth));
  await client.initialize();
  return { client, close: () => client.close() };
}
