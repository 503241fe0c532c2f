import Koa from 'koa';
import { PUBSUB_MESSAGE_LIMITS } from '../events/pubsub-limits';
import { answerErrors, answerProbesAndMethods } from './app';
import type { Lifecycle } from './lifecycle';
import { receiveDeadLetter, type ReceiveDeps } from './receive-dead-letter';

/**
 * The largest request body the receiver takes, in bytes (9,806,464): a raw dead letter publishes
 * the body as its data, and the data, the most attributes a message can carry (100 of at most
 * 256 + 1,024 bytes) and 64 KiB for the request's framing must fit one 10 MB publish request. A
 * larger body is answered 413 (logged with the event's id in binary mode); a Cloud Storage event is a few
 * kilobytes.
 */
export const DEAD_LETTER_MAX_BODY_BYTES =
  PUBSUB_MESSAGE_LIMITS.publishRequestBytes -
  PUBSUB_MESSAGE_LIMITS.attributes *
    (PUBSUB_MESSAGE_LIMITS.attributeKeyBytes + PUBSUB_MESSAGE_LIMITS.attributeValueBytes) -
  64 * 1024;

export { DEAD_LETTER_MAX_IN_FLIGHT } from '../config/dead-letter-contract';

/** Everything the receiver app needs, passed in (`dead-letter-main.ts` builds the real ones). */
export interface ReceiverDeps extends Omit<ReceiveDeps, 'maxBodyBytes'> {
  readonly lifecycle: Lifecycle;
  /** @default {@link DEAD_LETTER_MAX_BODY_BYTES} */
  readonly maxBodyBytes?: number;
}

/**
 * Creates the dead-letter receiver: the Koa app a Knative Broker's or Trigger's
 * `delivery.deadLetterSink` points at. The middleware order is the worker's, and matters:
 * 1. answer errors (`answerFor`, the worker's one mapping): every error below becomes its status
 *    and problem body, logged before the answer; a failed publish is 503 with Retry-After, so
 *    the Broker sends the dead letter again;
 * 2. probes and methods: `/healthz`, `/readyz` (503 while draining), POST on any other path;
 * 3. receive: the body, the dead letter, the publish, the log line, 204.
 *
 * No authentication: the Service is cluster-local, reached only from inside the cluster.
 * Test through `app.callback()` (no `listen`).
 */
export function createDeadLetterReceiver(deps: ReceiverDeps): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(answerErrors(deps.logger, undefined, deps.logWritten));
  app.use(answerProbesAndMethods(deps.lifecycle));
  app.use(
    receiveDeadLetter({ ...deps, maxBodyBytes: deps.maxBodyBytes ?? DEAD_LETTER_MAX_BODY_BYTES }),
  );
  return app;
}
