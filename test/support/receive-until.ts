import type { Message, Subscription } from '@google-cloud/pubsub';

/**
 * Opens `subscription` (a StreamingPull subscriber, with the options it was made with), hands
 * `onMessage` every message it receives until a call returns (or resolves to) true, then closes
 * it. `close()` nacks what was not acked and sends the batched acks and nacks, but does not wait
 * for the answers: read the server's counts with `PubSubFake.waitForMessages`.
 *
 * @param timeoutMs - how long to wait for that call, in milliseconds
 * @throws Error when no call returns true within `timeoutMs`, when `onMessage` throws, or when
 *   the subscriber emits an error
 */
export async function receiveUntil(
  subscription: Subscription,
  onMessage: (message: Message) => boolean | Promise<boolean>,
  timeoutMs = 8_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${subscription.name}: not done within ${String(timeoutMs)} ms`));
      }, timeoutMs);
      subscription.on('error', reject);
      subscription.on('message', (message: Message) => {
        Promise.resolve(message)
          .then(onMessage)
          .then((done) => {
            if (done) resolve();
          }, reject);
      });
    });
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
}
