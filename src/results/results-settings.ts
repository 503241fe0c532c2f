/**
 * Where result events go (`RESULTS_MODE`, README "Result events"):
 * - `none`: nowhere; the log line still carries the labels;
 * - `reply`: the answer to the delivery (Knative: the Broker routes the reply);
 * - `pubsub`: a Pub/Sub topic (Cloud Run), published before the push is acknowledged.
 */
export const RESULTS_MODES = ['none', 'reply', 'pubsub'] as const;
export type ResultsMode = (typeof RESULTS_MODES)[number];

/** `RESULTS_MODE=pubsub`: the topic and how the client reaches Pub/Sub. */
export interface PubSubResultsSettings {
  readonly mode: 'pubsub';
  /** `RESULTS_TOPIC`: the topic's full name, `projects/P/topics/T`. */
  readonly topic: string;
  /**
   * `PUBSUB_EMULATOR_HOST`: `host:port` of a Pub/Sub emulator, reached without TLS or
   * credentials; else Pub/Sub with Application Default Credentials.
   */
  readonly emulatorHost: string | undefined;
}

/** The result settings, by mode. */
export type ResultsSettings =
  { readonly mode: 'none' } | { readonly mode: 'reply' } | PubSubResultsSettings;
