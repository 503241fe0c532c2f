/**
 * The settings of `cloudrun/setup.sh`: what the script needs, and the header variable each one is
 * written to. Data only, shared by the renderer and its checks.
 */

/**
 * What `cloudrun/setup.sh` needs to wire the Cloud Run worker to Cloud Storage uploads through a
 * Pub/Sub push subscription (the manual gcloud steps of "Cloud Run as an internal async worker").
 * Every value is checked by `renderSetupScript` and becomes one `readonly NAME='value'` line at the
 * top of the script ({@link SETUP_SCRIPT_VARIABLES}).
 *
 * @see https://medium.com/google-cloud/cloud-run-as-an-internal-async-worker-480a772686e
 */
export interface SetupScriptInput {
  /** The Google Cloud project ID (6 to 30 of `a-z 0-9 -`); every gcloud call passes `--project`. */
  readonly projectId: string;
  /**
   * The project's number, in decimal digits: it names the Pub/Sub service agent
   * `service-PROJECT_NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com` and the push endpoint, the
   * service's deterministic URL `https://SERVICE-PROJECT_NUMBER.REGION.run.app/`.
   */
  readonly projectNumber: string;
  /** The Cloud Run region, such as `us-central1` (`--region` of every `gcloud run` call). */
  readonly region: string;
  /** The Cloud Run service name: `metadata.name` of the service YAML. */
  readonly serviceName: string;
  /**
   * The service YAML, relative to the directory of `setup.sh`; deployed with
   * `gcloud run services replace` when the service does not exist.
   * @default 'service.yaml'
   */
  readonly serviceYamlPath?: string;
  /** The Cloud Storage bucket whose uploads (`OBJECT_FINALIZE`) are labeled; created if missing. */
  readonly bucket: string;
  /**
   * Where the bucket is created when it does not exist (`--location`), such as `us-central1` or `EU`.
   * @default the {@link SetupScriptInput.region}
   */
  readonly bucketLocation?: string;
  /** The Pub/Sub topic (ID) that the bucket notification publishes to. */
  readonly topic: string;
  /** The Pub/Sub topic (ID) that receives messages after `maxDeliveryAttempts`; not `topic`. */
  readonly deadLetterTopic: string;
  /**
   * A pull subscription (ID) on `deadLetterTopic` that keeps dead letters for inspection and
   * replay (a topic keeps nothing by itself); not `subscription`. Created with Pub/Sub's defaults,
   * as `config-connector.yaml` does (ack deadline 10 s, messages kept 7 days), and no expiry.
   */
  readonly deadLetterSubscription: string;
  /** The push subscription (ID) that delivers `topic` to the service. */
  readonly subscription: string;
  /**
   * The account ID of the push invoker service account (`ID@PROJECT.iam.gserviceaccount.com`):
   * Pub/Sub signs its OIDC tokens as this account, the only one granted `roles/run.invoker`.
   */
  readonly invokerServiceAccountId: string;
  /**
   * The e-mail of the worker's runtime service account (`serviceAccountName` of the service YAML),
   * granted `roles/storage.objectViewer` on the bucket because Vision reads `gs://` objects with
   * the caller's credentials. Created when it is `ID@PROJECT.iam.gserviceaccount.com` of this
   * project; an account of another project (or a default one) must exist already.
   */
  readonly runtimeServiceAccountEmail: string;
  /**
   * The audience of the push OIDC token (`--push-auth-token-audience`). Cloud Run accepts only the
   * service URL or an audience listed in the service's `run.googleapis.com/custom-audiences`.
   */
  readonly pushAudience: string;
  /**
   * How long Pub/Sub waits for the push response before it retries, in seconds (within
   * `PUBSUB_LIMITS.ackDeadlineSeconds`); also the push request timeout. Should cover the worker's
   * budget and be at most the service timeout.
   * @see https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions
   */
  readonly ackDeadlineSeconds: number;
  /** The first retry backoff of the subscription's retry policy, in seconds (within `PUBSUB_LIMITS.retryDelaySeconds`). */
  readonly minRetryDelaySeconds: number;
  /** The longest retry backoff, in seconds (within `PUBSUB_LIMITS.retryDelaySeconds`, at least `minRetryDelaySeconds`). */
  readonly maxRetryDelaySeconds: number;
  /** Deliveries of one message before it goes to the dead-letter topic (within `PUBSUB_LIMITS.maxDeliveryAttempts`). */
  readonly maxDeliveryAttempts: number;
}

/**
 * The script's settings: each field of {@link SetupScriptInput} and the name of its
 * `readonly NAME='value'` line in the script's header, in the order they are written. A setting left
 * out of the input is written with its default (`serviceYamlPath`, `bucketLocation`).
 */
export const SETUP_SCRIPT_VARIABLES = [
  ['projectId', 'PROJECT_ID'],
  ['projectNumber', 'PROJECT_NUMBER'],
  ['region', 'REGION'],
  ['serviceName', 'SERVICE_NAME'],
  ['serviceYamlPath', 'SERVICE_YAML'],
  ['bucket', 'BUCKET'],
  ['bucketLocation', 'BUCKET_LOCATION'],
  ['topic', 'TOPIC'],
  ['deadLetterTopic', 'DEAD_LETTER_TOPIC'],
  ['deadLetterSubscription', 'DEAD_LETTER_SUBSCRIPTION'],
  ['subscription', 'SUBSCRIPTION'],
  ['invokerServiceAccountId', 'INVOKER_SERVICE_ACCOUNT_ID'],
  ['runtimeServiceAccountEmail', 'RUNTIME_SERVICE_ACCOUNT_EMAIL'],
  ['pushAudience', 'PUSH_AUDIENCE'],
  ['ackDeadlineSeconds', 'ACK_DEADLINE_SECONDS'],
  ['minRetryDelaySeconds', 'MIN_RETRY_DELAY_SECONDS'],
  ['maxRetryDelaySeconds', 'MAX_RETRY_DELAY_SECONDS'],
  ['maxDeliveryAttempts', 'MAX_DELIVERY_ATTEMPTS'],
] as const satisfies readonly (readonly [keyof SetupScriptInput, string])[];

/** The name of a header variable, such as `ACK_DEADLINE_SECONDS`. */
export type SetupScriptVariable = (typeof SETUP_SCRIPT_VARIABLES)[number][1];
