/**
 * Pub/Sub's limits and names, in one table for the deployment config schema, setup.sh's input
 * checks, the wiring and the manifest validator. Pure data: nothing here computes.
 */

/**
 * Pub/Sub's limits on a subscription's delivery settings.
 *
 * @see https://cloud.google.com/pubsub/docs/subscription-properties (ack deadline, retry policy, dead-lettering)
 * @see https://cloud.google.com/pubsub/docs/handling-failures (retry backoff 0–600 s, 5–100 delivery attempts)
 * @see https://cloud.google.com/sdk/gcloud/reference/pubsub/subscriptions/create
 */
export const PUBSUB_LIMITS = {
  /**
   * Seconds Pub/Sub waits for an acknowledgement; 10 when the subscription leaves it unset. For a
   * push subscription it is also the push request's timeout.
   *
   * @see https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions (ackDeadlineSeconds)
   */
  ackDeadlineSeconds: { min: 10, max: 600, unset: 10 },
  /**
   * The retry policy's backoff (minimum and maximum), in seconds.
   *
   * @see https://cloud.google.com/pubsub/docs/handling-failures#exponential_backoff
   */
  retryDelaySeconds: { min: 0, max: 600 },
  /**
   * Delivery attempts before a message goes to the dead-letter topic; 5 when the dead-letter
   * policy leaves it unset (0).
   *
   * @see https://cloud.google.com/pubsub/docs/handling-failures#dead_letter_topic
   * @see https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions#DeadLetterPolicy
   */
  maxDeliveryAttempts: { min: 5, max: 100, unset: 5 },
} as const;

/** Names Pub/Sub gives or accepts. */
export const PUBSUB_NAMES = {
  /**
   * A topic or subscription ID: 3 to 255 letters, digits and `- _ . ~ + %`, starting with a
   * letter; IDs starting with `goog` are reserved.
   *
   * @see https://cloud.google.com/pubsub/docs/create-topic#resource_names
   */
  resourceId: { pattern: /^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, reservedPrefix: /^goog/i },
  /**
   * The domain of the Pub/Sub service agent, `service-PROJECT_NUMBER@<domain>`: the account that
   * mints push OIDC tokens and moves messages to a dead-letter topic.
   *
   * @see https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions
   */
  serviceAgentDomain: 'gcp-sa-pubsub.iam.gserviceaccount.com',
} as const;
