/**
 * Cloud Storage's bucket names and notification settings, for the deployment config schema,
 * setup.sh's input checks, the wiring and the manifest validator. Pure data: nothing here computes.
 */

/** Bucket names and the service agent. */
export const CLOUD_STORAGE_NAMES = {
  /**
   * A bucket name of 3 to 63 characters: lowercase letters, digits, `-`, `_` and `.`, from and to a
   * letter or digit (`undottedPattern`: the same without dots, which need no domain verification).
   * `reserved` lists the names Cloud Storage refuses whatever their characters, each with the
   * words a message uses for the names it allows.
   *
   * @see https://cloud.google.com/storage/docs/buckets#naming
   */
  bucket: {
    pattern: /^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/,
    undottedPattern: /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/,
    maxLength: 63,
    reserved: [
      { pattern: /^goog/, allowed: 'not starting with "goog"' },
      { pattern: /google/, allowed: 'without "google"' },
      {
        pattern: /g(?:0o|o0|00)gle/,
        allowed: 'without a close misspelling of "google" such as "g00gle"',
      },
      { pattern: /^\d{1,3}(?:\.\d{1,3}){3}$/, allowed: 'that is not an IP address' },
    ],
  },
  /**
   * The domain of the Cloud Storage service agent, `service-PROJECT_NUMBER@<domain>`: the account
   * that publishes a bucket's notifications, so it needs `roles/pubsub.publisher` on the topic.
   *
   * @see https://cloud.google.com/storage/docs/reporting-changes#prereqs
   */
  serviceAgentDomain: 'gs-project-accounts.iam.gserviceaccount.com',
} as const;

/**
 * A bucket notification's payload formats and event types.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#payload
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#events
 */
export const CLOUD_STORAGE_NOTIFICATIONS = {
  payloadFormats: ['JSON_API_V1', 'NONE'],
  eventTypes: ['OBJECT_FINALIZE', 'OBJECT_METADATA_UPDATE', 'OBJECT_DELETE', 'OBJECT_ARCHIVE'],
} as const;
