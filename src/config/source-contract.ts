/**
 * The Pub/Sub source's contract with the charts that deploy it and the validator that checks them:
 * the file the image runs as the source, the names of the variables the charts set, and the
 * defaults the source takes when they are unset. The source reads its whole configuration from its
 * own table (`source-config.ts`); the charts import these rather than spell them again.
 *
 * @see https://knative.dev/docs/eventing/custom-event-source/containersource/
 */

/** The source's entry in the image, relative to the image's working directory: `node <entry>`. */
export const SOURCE_ENTRY = 'dist/src/startup/source-main.js';

/** The names of the source's variables that the charts set. */
export const SOURCE_ENV = {
  subscription: 'PUBSUB_SUBSCRIPTION',
  bucket: 'BUCKET',
  deadLetterTopic: 'PUBSUB_DEAD_LETTER_TOPIC',
  sendTimeoutMs: 'SEND_TIMEOUT_MS',
  maxOutstandingMessages: 'MAX_OUTSTANDING_MESSAGES',
  port: 'PORT',
  logLevel: 'LOG_LEVEL',
  /** Set by Knative (the SinkBinding of the ContainerSource), never by the charts. */
  sink: 'K_SINK',
  /** Read by the Google client library: the mounted key file, where Workload Identity is absent. */
  credentials: 'GOOGLE_APPLICATION_CREDENTIALS',
} as const;

/** What the source takes when a variable is unset. */
export const SOURCE_DEFAULTS = {
  /** `SEND_TIMEOUT_MS`: the deadline of one POST to the sink, in milliseconds. */
  sendTimeoutMs: 10_000,
  /** `MAX_OUTSTANDING_MESSAGES`: messages held (being sent) at once. */
  maxOutstandingMessages: 80,
} as const;
