import type { Logger } from 'pino';
import type { Context } from 'koa';
import { decodeDelivery } from '../events/decode-delivery';
import type { EventHandler } from '../handling/handle-event';
import type { HandledEvent } from '../handling/handled-event';
import type { Lifecycle } from './lifecycle';
import { readBody } from './read-body';
import { requestTrace } from './request-trace';

/** What the delivery endpoint needs. */
export interface DeliverDeps {
  readonly handler: EventHandler;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly maxBodyBytes: number;
  readonly project: string | undefined;
  /** A monotonic clock in milliseconds, for latencies. @default performance.now */
  readonly now?: () => number;
}

/**
 * Handles one delivery: admit (in-flight limit), read the body (size limit), decode every event
 * (a batch is validated whole before anything is handled; its events take up to `MAX_IN_FLIGHT`
 * slots), handle each (the handler records it), answer 204
 * with an empty body. Errors are thrown to the error middleware; events of a batch handled before
 * a transient failure are recorded, so a redelivery finds them as duplicates.
 */
export function createDeliver(deps: DeliverDeps): (ctx: Context) => Promise<void> {
  const now = deps.now ?? (() => performance.now());
  return async (ctx) => {
    const started = now();
    deps.lifecycle.acquire(1);
    let slots = 1;
    try {
      const body = await readBody(ctx.req, deps.maxBodyBytes);
      // headersDistinct (every header as an array), not headers: Node joins a repeated header with
      // ", ", and the decoder must see that a ce-* or x-goog-pubsub-* header was sent twice.
      const { events } = decodeDelivery({ headers: ctx.req.headersDistinct, body });
      const wanted = Math.min(events.length, deps.lifecycle.maxInFlight);
      if (wanted > 1) {
        deps.lifecycle.acquire(wanted - 1);
        slots = wanted;
      }
      const settled = await settleAll(events, slots, deps.handler);
      const trace = requestTrace(ctx, deps.project);
      const latencyMs = Math.round((now() - started) * 10) / 10;
      for (const result of settled) {
        if (result.status === 'fulfilled') logHandled(deps.logger, result.value, latencyMs, trace);
      }
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      ctx.status = 204;
    } finally {
      deps.lifecycle.release(slots);
    }
  };
}

/**
 * Runs `task` over `items` with at most `limit` at once (a batch larger than `MAX_IN_FLIGHT` is
 * handled in turns rather than refused for ever); the results keep the items' order.
 */
async function settleAll<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      try {
        results[index] = { status: 'fulfilled', value: await task(items[index] as T) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  return results;
}

function logHandled(
  logger: Logger,
  handled: HandledEvent,
  latencyMs: number,
  trace: Readonly<Record<string, string>>,
): void {
  const { event, outcome } = handled;
  logger.info(
    {
      eventId: event.id,
      eventType: event.type,
      subject: event.subject,
      deliveryFormat: handled.delivery.format,
      outcome,
      ...(handled.reason === undefined ? {} : { reason: handled.reason }),
      labelCount: handled.labels?.length ?? 0,
      latencyMs,
      ...trace,
    },
    `${outcome} ${event.subject ?? event.source}`,
  );
}
