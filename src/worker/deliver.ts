import type { Logger } from 'pino';
import type { Context } from 'koa';
import { ShuttingDownError } from '../errors';
import type { DeliveryFormat } from '../events/canonical-event';
import { decodeDelivery } from '../events/decode/decode-delivery';
import { resultReplyMessage } from '../events/encode/result-event-messages';
import type { EventHandler } from '../handling/handle-event';
import { outgoingHeaders } from '../events/message';
import type { Label } from '../labelers/labeler';
import type { HandledEvent } from '../records/handled-event';
import type { Lifecycle } from './lifecycle';
import { readBody } from './read-body';
import { requestTrace } from './request-trace';
import { noteFailedEvent } from './failed-event';

/** What the delivery endpoint needs. */
export interface DeliverDeps {
  readonly handler: EventHandler;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly maxBodyBytes: number;
  readonly project: string | undefined;
  /**
   * `RESULTS_MODE=reply`: a delivery of one event whose result event was emitted is answered 200
   * with it, in binary mode (Knative's reply, routed by the Broker). @default false
   */
  readonly replyWithResult?: boolean;
  /** A monotonic clock in milliseconds, for latencies. @default performance.now */
  readonly now?: () => number;
  /**
   * Resolves once every line logged so far is written (`logWriter`); a delivery is answered only
   * after that, as a deployed worker's log is its record.
   *
   * @default nothing to wait for (a destination that writes each line at once)
   */
  readonly logWritten?: () => Promise<void>;
}

/**
 * Handles one delivery: admit (in-flight limit), read the body (size limit), decode every event
 * (a batch is validated whole before anything is handled), handle each in order (the handler
 * emits the result event and records it), answer 204 with an empty body, or with
 * `replyWithResult` 200 and the result event of a delivery of one event. Errors are thrown to the
 * error middleware. An empty batch has nothing to handle: 204, and one INFO line saying so (a
 * delivery never leaves no trace). The events of a batch are handled one after another, so their records keep
 * the batch's order and a batch takes one in-flight slot whatever its size; the events handled
 * besides a transient failure are recorded, so a redelivery finds them as duplicates.
 */
export function createDeliver(deps: DeliverDeps): (ctx: Context) => Promise<void> {
  const now = deps.now ?? (() => performance.now());
  return async (ctx) => {
    const started = now();
    deps.lifecycle.acquire();
    try {
      const body = await readBody(ctx.req, ctx.res, deps.maxBodyBytes);
      // headersDistinct (every header as an array), not headers: Node joins a repeated header with
      // ", ", and the decoder must see that a ce-* or x-goog-pubsub-* header was sent twice.
      const { events, format } = decodeDelivery({ headers: ctx.req.headersDistinct, body });
      if (events.length === 0) logEmptyBatch(deps, ctx, format, now() - started);
      const settled = await settleInOrder(events, deps.handler, () => deps.lifecycle.ready);
      const trace = requestTrace(ctx, deps.project);
      const latencyMs = Math.round((now() - started) * 10) / 10;
      for (const result of settled) {
        if (result.status === 'fulfilled') logHandled(deps.logger, result.value, latencyMs, trace);
      }
      const failed = settled.findIndex((result) => result.status === 'rejected');
      const failure = settled[failed];
      if (failure?.status === 'rejected') {
        const event = events[failed]?.event;
        if (event !== undefined) noteFailedEvent(ctx, event);
        throw failure.reason;
      }
      await deps.logWritten?.();
      const [only] = settled;
      const reply =
        deps.replyWithResult === true && settled.length === 1 && only?.status === 'fulfilled'
          ? only.value.resultEvent
          : undefined;
      if (reply === undefined) {
        ctx.status = 204;
        return;
      }
      const message = resultReplyMessage(reply);
      ctx.status = 200;
      ctx.set(outgoingHeaders(message));
      ctx.body = message.body;
    } finally {
      deps.lifecycle.release();
    }
  };
}

/** The one line of a delivery that held no event (an empty CloudEvents batch): INFO. */
function logEmptyBatch(
  deps: DeliverDeps,
  ctx: Context,
  format: DeliveryFormat,
  latencyMs: number,
): void {
  deps.logger.info(
    {
      deliveryFormat: format,
      eventCount: 0,
      latencyMs: Math.round(latencyMs * 10) / 10,
      ...requestTrace(ctx, deps.project),
    },
    'empty batch: no event to handle',
  );
}

/**
 * Runs `task` over `items` one after another, settling each (a failure does not stop the rest).
 * Once `mayStart` turns false (the instance drains after SIGTERM), the items not yet started are
 * not started: they settle as `ShuttingDownError`, so the delivery is answered 503 and redelivered.
 */
async function settleInOrder<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  mayStart: () => boolean,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = [];
  for (const item of items) {
    if (results.length > 0 && !mayStart()) {
      results.push({ status: 'rejected', reason: new ShuttingDownError() });
      continue;
    }
    try {
      results.push({ status: 'fulfilled', value: await task(item) });
    } catch (reason) {
      results.push({ status: 'rejected', reason });
    }
  }
  return results;
}

/**
 * A label as the log line carries it: Vision's description and score, as the article's sample
 * logged them (`mid` and `topicality` stay in the record). A deployed worker has no file that
 * lasts: the log (and the result event) is where its labels reach the user.
 */
function logLabel({ description, score }: Label): { description: string; score: number } {
  return { description, score };
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
      ...(handled.labels === undefined ? {} : { labels: handled.labels.map(logLabel) }),
      ...(handled.resultEvent === undefined ? {} : { resultEventId: handled.resultEvent.id }),
      latencyMs,
      ...trace,
    },
    `${outcome} ${event.subject ?? event.source}`,
  );
}
