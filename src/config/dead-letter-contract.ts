/**
 * The dead-letter receiver's contract with the charts that deploy it and the validator that checks
 * them: the file the image runs as the receiver, the names of the variables the charts set, and its
 * limits. The receiver reads its configuration from its own table (`dead-letter-config.ts`).
 */

/** The receiver's entry in the image, relative to the image's working directory: `node <entry>`. */
export const DEAD_LETTER_ENTRY = 'dist/src/startup/dead-letter-main.js';

/** The names of the receiver's variables that the charts set. */
export const DEAD_LETTER_ENV = {
  topic: 'PUBSUB_DEAD_LETTER_TOPIC',
  logLevel: 'LOG_LEVEL',
  /** Read by the Google client library: the mounted key file, where Workload Identity is absent. */
  credentials: 'GOOGLE_APPLICATION_CREDENTIALS',
} as const;

/**
 * Dead letters one receiver instance handles at once; above it, 429 (the Broker retries). The
 * receiver's Knative Service sets the same `containerConcurrency`.
 */
export const DEAD_LETTER_MAX_IN_FLIGHT = 100;

/**
 * The most one publish may take, its retries included, in milliseconds; then the dead letter is
 * answered 503 and the Broker sends it again.
 */
export const DEAD_LETTER_PUBLISH_TIMEOUT_MS = 10_000;

/**
 * The receiver's Knative request timeout, in seconds: one publish ({@link
 * DEAD_LETTER_PUBLISH_TIMEOUT_MS}) with a margin.
 */
export const DEAD_LETTER_REQUEST_TIMEOUT_SECONDS = DEAD_LETTER_PUBLISH_TIMEOUT_MS / 1000 + 20;
