import type { Logger } from 'pino';
import type { Context } from 'koa';
import { decodeDelivery } from '../events/decode-delivery';
import type { EventHandler } from '../handling/handle-event';
import type { HandledEvent } from '../handling/handled-event';
import { traceField } from '../runtime/logger';
import type { ResultsSink } from '../runtime/results-file';
import type { Lifecycle } from './lifecycle';
import { readBody } from './read-body';

/** What the delivery endpoint needs. */
export interface DeliverDeps {
  readonly handler: EventHandler;
  readonly results: ResultsSink;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly maxBodyBytes: number;
  readonly project: string | undefined;
  /** A monotonic clock in milliseconds, for latencies. @default performance.now */
  readonly now?: () => number;
}

/**
 * Handles one delivery: admit (in-flight limit), read the body (size limit), decode every event
 * (a batch is validated whole before anything is handled), handle each, record each, answer 204
 * with an empty body. Errors are thrown to the error middleware; events handled before a transient
 * failure in a batch are recorded first, so a redelivery finds them as duplicates.
 */
export function createDeliver(deps: DeliverDeps): (ctx: Context) => Promise<void> {
  const now = deps.now ?? (() => performance.now());
  return async (ctx) => {
    const started = now();
    deps.lifecycle.acquire(1);
    let slots = 1;
    try {
      const body = await readBody(ctx.req, deps.maxBodyBytes);
      const { events } = decodeDelivery({ headers: ctx.req.headers, body });
      if (events.length > 1) {
        deps.lifecycle.acquire(events.length - 1);
        slots = events.length;
      }
      const settled = await Promise.allSettled(events.map((decoded) => deps.handler(decoded)));
      const trace = traceField(
        {
          traceparent: ctx.get('traceparent'),
          cloudTraceContext: ctx.get('x-cloud-trace-context'),
        },
        deps.project,
      );
      const latencyMs = Math.round((now() - started) * 10) / 10;
      for (const result of settled) {
        if (result.status === 'fulfilled') {
          await deps.results.append(result.value);
          logHandled(deps.logger, result.value, latencyMs, trace);
        }
      }
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      ctx.status = 204;
    } finally {
      deps.lifecycle.release(slots);
    }
  };
}

function logHandled(
  logger: Logger,
  handled: HandledEvent,
  latencyMs: number,
  trace: string | undefined,
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
      ...(trace === undefined ? {} : { 'logging.googleapis.com/trace': trace }),
    },
    `${outcome} ${event.subject ?? event.source}`,
  );
}
