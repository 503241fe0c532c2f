/**
 * The seams between the source's loop and Pub/Sub: a message as pulled, the subscription that
 * delivers them, and the dead-letter topic. `pubsub-client.ts` implements them with
 * `@google-cloud/pubsub`; tests implement them with plain objects.
 */
import type { PubSubMessage } from '../events/pubsub-message';

/**
 * One message as the subscription delivered it, with the two ways to settle it. Settle each
 * delivery exactly once.
 *
 * @see https://cloud.google.com/pubsub/docs/reference/rpc/google.pubsub.v1#receivedmessage
 */
export interface PulledMessage extends PubSubMessage {
  /** The Pub/Sub message id (the same on every redelivery). */
  readonly messageId: string;
  /** 1, 2, ...: only on subscriptions with a dead-letter policy; otherwise `undefined`. */
  readonly deliveryAttempt: number | undefined;
  /** Acknowledge: Pub/Sub will not deliver the message again. */
  ack(): void;
  /** Negative acknowledge: Pub/Sub delivers it again, after the subscription's retry backoff. */
  nack(): void;
}

/** A pull subscription: StreamingPull with flow control, its leases extended while messages are held. */
export interface MessageSubscription {
  /**
   * Starts pulling: `onMessage` gets every delivery, `onError` an error the client cannot recover
   * from (the subscription is gone, permission denied); pulling has then stopped.
   */
  start(onMessage: (message: PulledMessage) => void, onError: (error: Error) => void): void;
  /**
   * Stops pulling at once, waits until every message held is settled (the caller settles each, or
   * the process ends and their leases lapse), and sends the pending acks and nacks.
   */
  close(): Promise<void>;
}

/** A message to publish on the dead-letter topic. */
export interface DeadLetterMessage {
  readonly data: Buffer | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The dead-letter topic, for messages the sink refuses for good. */
export interface DeadLetterTopic {
  /**
   * @returns the message id Pub/Sub gave the published copy
   * @throws Error when the publish failed (the message must then be nacked, never acknowledged)
   */
  publish(message: DeadLetterMessage): Promise<string>;
  /** Sends what is batched and releases the publisher. */
  close(): Promise<void>;
}
