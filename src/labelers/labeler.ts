/**
 * The labeler contract: given a Cloud Storage object, say what is in the image, or why it cannot
 * be labeled. Implementations: `vision` (Cloud Vision), `local` (offline, sharp), `none`.
 */

/** The labeler names, as set by `LABELER`. */
export const LABELER_NAMES = ['vision', 'local', 'none'] as const;
export type LabelerName = (typeof LABELER_NAMES)[number];

/**
 * What `createLabeler` needs to know: the labeler's name and the settings of each kind, in the
 * worker configuration's own field names (a `WorkerConfig` is one).
 */
export interface LabelerSettings {
  /** `LABELER`. */
  readonly labeler: LabelerName;
  /** `LOCAL_BUCKET_DIR`, for `local`. */
  readonly localBucketDir: string | undefined;
  /** `VISION_API_ENDPOINT`, for `vision`: a REST (or plain gRPC) endpoint instead of Google's. */
  readonly visionApiEndpoint: string | undefined;
  /** `VISION_TIMEOUT_MS`, for `vision`: the deadline of one call, in milliseconds. */
  readonly visionTimeoutMs: number;
}

/** The object to label: `gs://<bucket>/<name>`. */
export interface LabelRequest {
  readonly bucket: string;
  readonly name: string;
  /** The object generation (int64 as a decimal string), when the notification says. */
  readonly generation?: string | undefined;
  /** The object's content type, when the notification says. */
  readonly contentType?: string | undefined;
}

/**
 * One label, in Cloud Vision's `EntityAnnotation` shape.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/AnnotateImageResponse#EntityAnnotation
 */
export interface Label {
  readonly description: string;
  /** Confidence, 0 to 1. */
  readonly score: number;
  /** Knowledge Graph entity id (Vision only). */
  readonly mid?: string;
  /** Relevance to the image, 0 to 1. */
  readonly topicality?: number;
}

/** What a labeler made of one object. Transient failures are thrown as `LabelerError` instead. */
export type LabelResult =
  | { readonly outcome: 'labeled'; readonly labels: readonly Label[] }
  | { readonly outcome: 'unlabelable'; readonly reason: string }
  | { readonly outcome: 'ignored'; readonly reason: string };

/** A labeler. Implementations hold their clients; nothing is global. */
export interface Labeler {
  readonly name: LabelerName;
  /**
   * Labels one object.
   *
   * @returns `labeled` with the labels; `unlabelable` when the image is rejected for good (not an
   *   image, too large, unsupported); `ignored` when the object is gone
   * @throws LabelerError (`labeler-unavailable` → 503, `labeler-quota-exhausted` → 429) when a
   *   later attempt may succeed
   */
  label(request: LabelRequest): Promise<LabelResult>;
  /** Releases clients and sockets (at shutdown). */
  close?(): Promise<void>;
}
