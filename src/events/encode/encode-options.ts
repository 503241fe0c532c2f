import type { StorageEvent } from '../canonical-event';

/**
 * What the transport around a notification adds and the canonical event does not say: the Pub/Sub
 * names and ids. Only the Pub/Sub-based encodings read them.
 */
export interface EncodeOptions {
  /**
   * The Google Cloud project of the notification topic and of the push subscription.
   *
   * @default 'my-project'
   */
  readonly project?: string;
  /**
   * The push subscription id, the last segment of `projects/<project>/subscriptions/<id>`.
   *
   * @default 'dualrun-push'
   */
  readonly subscription?: string;
  /**
   * The topic id the bucket's notification config publishes to (the `ce-source` of a
   * `messagePublished` event, `//pubsub.googleapis.com/projects/<project>/topics/<id>`).
   *
   * @default 'gcs-notifications'
   */
  readonly topic?: string;
  /**
   * The notification config id, the last segment of the `notificationConfig` attribute
   * (`projects/_/buckets/<bucket>/notificationConfigs/<id>`).
   *
   * @default '1'
   */
  readonly notificationConfigId?: string;
  /**
   * The Pub/Sub message id (decimal digits). The decoder takes the canonical `id` from it.
   *
   * @default the event's `id`
   */
  readonly messageId?: string;
  /**
   * The Pub/Sub publish time, RFC 3339 (written verbatim).
   *
   * @default the event's `time`; none when the event has no time (as from the Pub/Sub emulator)
   */
  readonly publishTime?: string;
}

/** {@link EncodeOptions} with every default applied and the full resource names built. */
export interface PubSubNames {
  /** `projects/<project>/subscriptions/<subscription>`. */
  readonly subscription: string;
  /** `projects/<project>/topics/<topic>`. */
  readonly topic: string;
  /** `projects/_/buckets/<bucket>/notificationConfigs/<id>`. */
  readonly notificationConfig: string;
  readonly messageId: string;
  readonly publishTime: string | undefined;
}

/** Applies the defaults of {@link EncodeOptions} for one event. */
export function pubSubNamesFor(event: StorageEvent, options: EncodeOptions = {}): PubSubNames {
  const project = options.project ?? 'my-project';
  return {
    subscription: `projects/${project}/subscriptions/${options.subscription ?? 'dualrun-push'}`,
    topic: `projects/${project}/topics/${options.topic ?? 'gcs-notifications'}`,
    notificationConfig: `projects/_/buckets/${event.data.bucket}/notificationConfigs/${
      options.notificationConfigId ?? '1'
    }`,
    messageId: options.messageId ?? event.id,
    publishTime: options.publishTime ?? event.time,
  };
}
