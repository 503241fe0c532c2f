/**
 * `LABELER=vision`: label detection with Cloud Vision on `gs://<bucket>/<name>`. Vision reads the
 * object from Cloud Storage itself; the worker never downloads it. The client is made (and the
 * Vision library loaded) on first use, by `./vision-client`, which this module imports then.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/images/annotate
 */
import type { protos } from '@google-cloud/vision';
import type { GoogleAuth } from 'google-auth-library';
import { LabelerError } from '../errors';
import type { Label, Labeler, LabelRequest, LabelResult } from './labeler';
import type { StartedVisionClient } from './vision-client';
import { parseEndpoint } from './vision-endpoint';
import { decide, codeOf, messageOf, RETRY_AFTER_SECONDS, safeMessage } from './vision-decision';

type AnnotateResponse = protos.google.cloud.vision.v1.IBatchAnnotateImagesResponse;
type EntityAnnotation = protos.google.cloud.vision.v1.IEntityAnnotation;

/** Options of {@link createVisionLabeler}. */
export interface VisionLabelerOptions {
  /**
   * `VISION_API_ENDPOINT`: `http(s)://host[:port]` of a Vision-compatible REST endpoint (a private
   * endpoint, a local test server), with no path: the client adds `/v1/images:annotate`. The
   * client then speaks REST to that protocol, host and port (default port 80 or 443). An `http://`
   * endpoint gets no credentials at all; an `https://` one gets Application Default Credentials.
   * `grpc://host:port`: the client's gRPC transport (as to Google's endpoint) without TLS and
   * without credentials, for a local gRPC stand-in.
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
  let client: Promise<StartedVisionClient> | undefined;
  let closed = false;

  /**
   * The one client, created and started on first use, then reused. A client that fails to start is
   * dropped (it would fail the same way for ever): the next call starts a new one, with a new
   * credentials lookup, so credentials that appear later are found.
   */
  function getClient(): Promise<StartedVisionClient> {
    client ??= import('./vision-client')
      .then(({ startVisionClient }) => startVisionClient(endpoint, options.auth))
      .catch((error: unknown) => {
        client = undefined;
        throw error;
      });
    return client;
  }

  /** {@link getClient}; a client that cannot start throws `labeler-unavailable`. */
  async function startedClient(): Promise<StartedVisionClient> {
    try {
      return await getClient();
    } catch (error) {
      throw new LabelerError(
        'labeler-unavailable',
        `the Vision client could not start: ${safeMessage(messageOf(error))}`,
        RETRY_AFTER_SECONDS['labeler-unavailable'],
        // No credentials, or an endpoint the client refuses: until an operator mends it.
        { cause: error, needsOperator: true },
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
      const vision = (await startedClient()).client;
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
 * Vision's `EntityAnnotation` → {@link Label}. The client decodes proto3, where an absent field
 * reads as its default, so an empty `mid` and a zero `topicality` count as absent and are omitted.
 * Scores are `float` (32-bit) fields: over gRPC they arrive as the float32's exact double
 * (0.8999999761581421), over REST as the proto3 JSON mapping's shortest decimal (0.9); both become
 * the shortest decimal, so a record is the same whichever transport labeled the image.
 */
function toLabel(annotation: EntityAnnotation): Label {
  return {
    description: annotation.description ?? '',
    score: shortestFloat32(annotation.score ?? 0),
    ...(annotation.mid ? { mid: annotation.mid } : {}),
    ...(annotation.topicality ? { topicality: shortestFloat32(annotation.topicality) } : {}),
  };
}

/**
 * The shortest decimal that reads back as the same float32: at most 9 significant digits are
 * needed for any float32.
 *
 * @param value - a number that holds a float32 value (or a decimal near one)
 * @returns the number with the fewest significant digits whose float32 rounding equals `value`'s
 * @see https://protobuf.dev/programming-guides/json/ (float: the shortest representation)
 */
export function shortestFloat32(value: number): number {
  const float32 = Math.fround(value);
  if (!Number.isFinite(float32) || float32 === 0) return float32;
  for (let digits = 1; digits < 9; digits += 1) {
    const candidate = Number(float32.toPrecision(digits));
    if (Math.fround(candidate) === float32) return candidate;
  }
  return Number(float32.toPrecision(9));
}
