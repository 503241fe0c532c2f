/**
 * Pub/Sub's limits on a subscription's delivery settings, in one table for the deployment config
 * schema, setup.sh's input checks and the manifest validator.
 *
 * @see https://cloud.google.com/pubsub/docs/subscription-properties (ack deadline, retry policy, dead-lettering)
 * @see https://cloud.google.com/pubsub/docs/handling-failures (retry backoff 0–600 s, 5–100 delivery attempts)
 * @see https://cloud.google.com/sdk/gcloud/reference/pubsub/subscriptions/create
 */
export const PUBSUB_LIMITS = {
  /** Seconds Pub/Sub waits for an acknowledgement; 10 when the subscription leaves it unset. */
  ackDeadlineSeconds: { min: 10, max: 600, unset: 10 },
  /** The retry policy's backoff (minimum and maximum), in seconds. */
  retryDelaySeconds: { min: 0, max: 600 },
  /** Delivery attempts before a message goes to the dead-letter topic. */
  maxDeliveryAttempts: { min: 5, max: 100 },
} as const;
