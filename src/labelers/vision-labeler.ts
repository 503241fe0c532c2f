/**
 * `LABELER=vision`: label detection with Cloud Vision on `gs://<bucket>/<name>`. Vision reads the
 * object from Cloud Storage itself; the worker never downloads it. The only module that imports
 * the Vision client, and it loads it on first use: requiring `@google-cloud/vision` costs about
 * half a second, which a cold start (or a worker with another labeler) should not pay.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/images/annotate
 */
import type { ImageAnnotatorClient, protos } from '@google-cloud/vision';
import type { GoogleAuth } from 'google-auth-library';
import { ConfigError, LabelerError, type LabelerErrorCode } from '../errors';
import type { Label, Labeler, LabelRequest, LabelResult } from './labeler';
import { REQUEST_ERROR_DECISIONS, visionErrorRow, type VisionErrorRow } from './vision-error-table';

type ClientOptions = NonNullable<ConstructorParameters<typeof ImageAnnotatorClient>[0]>;
type AnnotateResponse = protos.google.cloud.vision.v1.IBatchAnnotateImagesResponse;
type EntityAnnotation = protos.google.cloud.vision.v1.IEntityAnnotation;

/** Options of {@link createVisionLabeler}. */
export interface VisionLabelerOptions {
  /**
   * `VISION_API_ENDPOINT`: `http(s)://host[:port]` of a Vision-compatible REST endpoint (a private
   * endpoint, a local test server), with no path: the client adds `/v1/images:annotate`. The
   * client then speaks REST to that protocol, host and port (default port 80 or 443). An `http://`
   * endpoint gets no credentials at all; an `https://` one gets Application Default Credentials.
   *
   * @default Google's endpoint (`vision.googleapis.com:443`, gRPC) with Application Default
   *   Credentials
   */
  readonly apiEndpoint?: string | undefined;
  /**
   * `VISION_TIMEOUT_MS`: the deadline of one Vision call, in milliseconds; past it the call is
   * abandoned and `label()` throws `labeler-unavailable`. There are no in-process retries: the
   * platform redelivers. (The config's default is 20000.)
   */
  readonly timeoutMs: number;
  /**
   * The most labels to ask for (`Feature.maxResults`).
   *
   * @default 10
   */
  readonly maxResults?: number | undefined;
  /**
   * The credentials lookup for an `https://` endpoint or Google's: the client's `auth` option. An
   * `http://` endpoint ignores it. Tests pass a `GoogleAuth` whose lookup is scripted, so that they
   * need neither real credentials nor changes to `process.env`.
   *
   * @default a new `GoogleAuth`: Application Default Credentials from the environment
   *   (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's well-known file, the metadata server)
   */
  readonly auth?: GoogleAuth | undefined;
}

/** The `vision` labeler: a {@link Labeler} whose `close()` is always there. */
export interface VisionLabeler extends Labeler {
  /** Closes the client if one was created; later `label()` calls throw `labeler-unavailable`. */
  close(): Promise<void>;
}

/** Retry-After, in seconds, for each transient failure (the status table reads it off the error). */
const RETRY_AFTER_SECONDS: Readonly<Record<LabelerErrorCode, number>> = {
  'labeler-unavailable': 10,
  'labeler-quota-exhausted': 30,
};

/** The longest Vision message quoted in a reason or an error message, in characters. */
const MAX_MESSAGE_CHARS = 300;

/**
 * Creates the `vision` labeler. Cheap: the Vision library is loaded and its `ImageAnnotatorClient`
 * created and started (credentials looked up) on the first `label()` call, once; later calls reuse
 * that client. A client that cannot start (no credentials) is not kept: each call tries again.
 *
 * `label()` sends one `images:annotate` request with `LABEL_DETECTION` on `gs://<bucket>/<name>`,
 * with `timeoutMs` as the call's deadline and gax retries off, and returns:
 * - `labeled` with Vision's labels (`{description, score, mid, topicality}`, in Vision's order;
 *   `mid` and `topicality` omitted when absent); an image with no labels is `labeled` with `[]`;
 * - `unlabelable` when Vision rejects the image for good (INVALID_ARGUMENT: not an image, too
 *   large, unsupported);
 * - `ignored` when the object is gone (NOT_FOUND).
 *
 * A per-image `error` inside a successful response and an error thrown by the call are decided by
 * the same table, `VISION_ERROR_TABLE`; `label()` throws `LabelerError` for the transient ones:
 * `labeler-unavailable` (unavailable, timed out, not permitted, unknown, the client could not
 * start, or the labeler closed; Retry-After 10 s) or `labeler-quota-exhausted`
 * (RESOURCE_EXHAUSTED; Retry-After 30 s).
 *
 * @param options - endpoint, deadline (ms) and label count
 * @throws ConfigError (`VISION_API_ENDPOINT`) when `apiEndpoint` is not an `http(s)://host[:port]`
 *   URL without a path
 * @see https://cloud.google.com/vision/docs/labels
 */
export function createVisionLabeler(options: VisionLabelerOptions): VisionLabeler {
  const endpoint =
    options.apiEndpoint === undefined ? undefined : parseEndpoint(options.apiEndpoint);
  const callOptions = { timeout: options.timeoutMs, retry: null };
  const maxResults = options.maxResults ?? 10;
  let client: Promise<ImageAnnotatorClient> | undefined;
  let closed = false;

  /**
   * The one client, created and started on first use, then reused. A client that fails to start is
   * dropped (it would fail the same way for ever): the next call starts a new one, with a new
   * credentials lookup, so credentials that appear later are found.
   */
  function getClient(): Promise<ImageAnnotatorClient> {
    client ??= startClient(endpoint, options.auth).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  }

  /** {@link getClient}; a client that cannot start throws `labeler-unavailable`. */
  async function startedClient(): Promise<ImageAnnotatorClient> {
    try {
      return await getClient();
    } catch (error) {
      throw new LabelerError(
        'labeler-unavailable',
        `the Vision client could not start: ${safeMessage(messageOf(error))}`,
        RETRY_AFTER_SECONDS['labeler-unavailable'],
        { cause: error },
      );
    }
  }

  return {
    name: 'vision',

    async label(request: LabelRequest): Promise<LabelResult> {
      if (closed) {
        throw new LabelerError(
          'labeler-unavailable',
          'the Vision labeler is closed (shutting down)',
        );
      }
      const imageUri = `gs://${request.bucket}/${request.name}`;
      const features = [{ type: 'LABEL_DETECTION' as const, maxResults }];
      const vision = await startedClient();
      let response: AnnotateResponse;
      try {
        [response] = await vision.batchAnnotateImages(
          { requests: [{ image: { source: { imageUri } }, features }] },
          callOptions,
        );
      } catch (error) {
        return decide('request', codeOf(error), messageOf(error), error);
      }
      const image = response.responses?.[0];
      if (!image) {
        throw new LabelerError('labeler-unavailable', `Vision answered nothing for ${imageUri}`);
      }
      if (image.error?.code) {
        return decide('image', image.error.code, image.error.message ?? '', undefined);
      }
      return { outcome: 'labeled', labels: (image.labelAnnotations ?? []).map(toLabel) };
    },

    async close(): Promise<void> {
      closed = true;
      const created = await client?.catch(() => undefined);
      await created?.close();
    },
  };
}

/**
 * Loads the Vision library, creates the client and starts it: resolves once `initialize()` has
 * (credentials found, transport stub made), rejects with the reason when it cannot start.
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
 */
async function startClient(
  endpoint: URL | undefined,
  auth: GoogleAuth | undefined,
): Promise<ImageAnnotatorClient> {
  const vision = await createClient(endpoint, auth);
  await vision.initialize();
  return vision;
}

/**
 * Loads the Vision library and creates the client: the defaults (gRPC to Google, ADC), or REST to
 * `endpoint`. An `http://` endpoint gets google-auth-library's `PassThroughClient` as `authClient`:
 * gax's REST transport then uses it as is instead of looking up ADC, and it adds no
 * `Authorization` header. Its requests go through Node's built-in `fetch` rather than gaxios's
 * default, `node-fetch` loaded by a dynamic `import()`, which a CommonJS test runner (jest without
 * `--experimental-vm-modules`) cannot load.
 */
async function createClient(
  endpoint: URL | undefined,
  auth: GoogleAuth | undefined,
): Promise<ImageAnnotatorClient> {
  const { ImageAnnotatorClient } = await import('@google-cloud/vision');
  const authOption = auth === undefined ? {} : { auth };
  if (endpoint === undefined) return new ImageAnnotatorClient(authOption);
  const protocol = endpoint.protocol === 'http:' ? 'http' : 'https';
  const options: ClientOptions = {
    fallback: 'rest',
    protocol,
    apiEndpoint: endpoint.hostname,
    port: endpoint.port === '' ? (protocol === 'http' ? 80 : 443) : Number(endpoint.port),
  };
  if (protocol === 'https') return new ImageAnnotatorClient({ ...options, ...authOption });
  const { PassThroughClient } = await import('google-auth-library');
  const authClient = new PassThroughClient({ transporterOptions: { fetchImplementation: fetch } });
  return new ImageAnnotatorClient({ ...options, authClient });
}

function parseEndpoint(apiEndpoint: string): URL {
  const url = URL.canParse(apiEndpoint) ? new URL(apiEndpoint) : undefined;
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new ConfigError(
      'VISION_API_ENDPOINT',
      `VISION_API_ENDPOINT is ${JSON.stringify(withoutUserInfo(apiEndpoint, url))}: expected an http:// or https:// URL with a host, an optional port and no path, such as http://127.0.0.1:9090`,
    );
  }
  return url;
}

/** The endpoint as it may be quoted: user name and password masked. */
function withoutUserInfo(apiEndpoint: string, url: URL | undefined): string {
  if (url === undefined || (url.username === '' && url.password === '')) return apiEndpoint;
  const masked = new URL(url);
  masked.username = url.username && '***';
  masked.password = url.password && '***';
  return masked.href.replace(/\/$/, '');
}

/**
 * Applies the error table: returns `unlabelable` or `ignored` (a per-image error only), or throws a
 * `LabelerError`.
 *
 * @param scope - `image`: a per-image error inside a successful response; `request`: the call failed
 */
function decide(
  scope: 'image' | 'request',
  code: unknown,
  message: string,
  cause: unknown,
): LabelResult {
  const row = visionErrorRow(code);
  const decision = scope === 'image' ? row.decision : REQUEST_ERROR_DECISIONS[row.decision];
  const text = `Vision answered ${describe(code, row)}: ${safeMessage(message)}`;
  switch (decision) {
    case 'unlabelable':
    case 'ignored':
      return { outcome: decision, reason: text };
    default:
      throw new LabelerError(decision, text, RETRY_AFTER_SECONDS[decision], { cause });
  }
}

function describe(code: unknown, row: VisionErrorRow): string {
  if (typeof code !== 'number') return 'an error with no status code';
  return row.status === 'UNKNOWN' && code !== 2 ? `status code ${code}` : `${row.status} (${code})`;
}

/** gax errors carry the gRPC status code as a number; gax maps REST errors onto the same codes. */
function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line, bounded, with anything that looks like a credential blanked out. */
function safeMessage(message: string): string {
  const oneLine = message
    .replace(/\s+/g, ' ')
    .replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]')
    .replace(/((?:access_token|key|token)=)[^&\s"]+/gi, '$1[redacted]')
    .trim();
  return oneLine.length > MAX_MESSAGE_CHARS ? `${oneLine.slice(0, MAX_MESSAGE_CHARS)}…` : oneLine;
}

/**
 * Vision's `EntityAnnotation` → {@link Label}. The client decodes proto3, where an absent field
 * reads as its default, so an empty `mid` and a zero `topicality` count as absent and are omitted.
 */
function toLabel(annotation: EntityAnnotation): Label {
  return {
    description: annotation.description ?? '',
    score: annotation.score ?? 0,
    ...(annotation.mid ? { mid: annotation.mid } : {}),
    ...(annotation.topicality ? { topicality: annotation.topicality } : {}),
  };
}
