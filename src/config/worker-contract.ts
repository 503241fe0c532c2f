/**
 * The worker's contract with the platforms that run it and the charts that deploy it: the port it
 * listens on, the paths of its probes, and the names of the environment variables the charts set or
 * refuse. The worker answers on these; the charts import them rather than spell them again. The
 * full list of variables the worker reads is its own table (`WORKER_VARIABLES` in `load-config.ts`).
 *
 * @see https://cloud.google.com/run/docs/container-contract
 * @see https://github.com/knative/specs/blob/main/specs/serving/runtime-contract.md
 */

/**
 * The port the worker listens on when `PORT` is unset: the port both platforms send requests to
 * unless told otherwise, and the container port the charts declare.
 */
export const WORKER_PORT = 8080;

/**
 * The worker's probe paths (`GET`): `liveness` answers 200 while the process lives; `readiness`
 * answers 200 while the worker accepts events and 503 while it drains. No event is taken on them.
 */
export const PROBE_PATHS = { liveness: '/healthz', readiness: '/readyz' } as const;

/** The names of the worker's environment variables that the charts set, or refuse to set. */
export const WORKER_ENV = {
  /** The listen port; set by the platform, never by the charts. */
  port: 'PORT',
  /** The project named in trace log fields; the charts set it from the config's project. */
  googleCloudProject: 'GOOGLE_CLOUD_PROJECT',
  /** Sender authentication's mode; the charts set it per target. */
  authMode: 'AUTH_MODE',
  /** The audience push tokens must carry (mode `cloud-run-iam`). */
  authAudience: 'AUTH_AUDIENCE',
  /** The e-mails push tokens may come from (mode `cloud-run-iam`). */
  authAllowedEmails: 'AUTH_ALLOWED_EMAILS',
  /** The issuers tokens may come from (mode `oidc`: the cluster's, on Knative). */
  authIssuers: 'AUTH_ISSUERS',
  /** The issuers' key set (mode `oidc`). */
  authJwksUrl: 'AUTH_JWKS_URL',
  /** The subjects tokens may come from (mode `oidc`: the Trigger's OIDC service account). */
  authAllowedSubjects: 'AUTH_ALLOWED_SUBJECTS',
  /** A local results file; a deployed worker writes none. */
  resultsFile: 'RESULTS_FILE',
  /** A local copy of the buckets, for the offline labeler; a deployed worker has none. */
  localBucketDir: 'LOCAL_BUCKET_DIR',
  /** Where result events go; the charts set it per target. */
  resultsMode: 'RESULTS_MODE',
  /** The topic of `RESULTS_MODE=pubsub`; the charts set it from the config. */
  resultsTopic: 'RESULTS_TOPIC',
  /** The service's name, set by both platforms; never by the charts. */
  serviceName: 'K_SERVICE',
  /** A Pub/Sub emulator, for local runs; a deployed worker has none. */
  pubsubEmulatorHost: 'PUBSUB_EMULATOR_HOST',
} as const;

/** `VISION_TIMEOUT_MS` when unset: the deadline of one Vision call, in milliseconds. */
export const DEFAULT_VISION_TIMEOUT_MS = 20_000;

/**
 * The deadline of one result publish (`RESULTS_MODE=pubsub`), in milliseconds: batching, the
 * Publish call and its answer. Past it the push is answered 503 and redelivered. Pub/Sub answers a
 * publish in tens of milliseconds; a deadline of seconds only cuts off an outage.
 */
export const RESULT_PUBLISH_TIMEOUT_MS = 5_000;

/**
 * Seconds added to the Vision deadline for everything else one event costs: reading and decoding
 * the body, de-duplication, writing the record, and a cold start when the event wakes an instance.
 */
export const PROCESSING_MARGIN_SECONDS = 10;

/**
 * The longest the worker takes for one event, in seconds: `ceil(VISION_TIMEOUT_MS / 1000)` plus
 * {@link PROCESSING_MARGIN_SECONDS}. Every platform deadline on the way (Knative and Cloud Run
 * request timeouts, the Trigger's delivery timeout, Pub/Sub's ack deadline) must be at least this.
 *
 * @param visionTimeoutMs - the worker's `VISION_TIMEOUT_MS`, in milliseconds
 */
export function processingBudgetSeconds(visionTimeoutMs: number): number {
  return Math.ceil(visionTimeoutMs / 1000) + PROCESSING_MARGIN_SECONDS;
}
