import type { Logger } from 'pino';
import { routeMessage } from './route-message';
import { sinkAction, sinkStatusRow, type SinkAnswer } from './sink-actions';
import type { SinkClient } from './sink-client';
import type { DeadLetterTopic, MessageSubscription, PulledMessage } from './subscription';
import { deadLetterCopy } from './dead-letter-copy';
import { logSettled, type Settled } from './settled-log';
import { pubSubReason } from './pubsub-codes';

/** What the source is made of: every dependency passed in (the entry builds the real ones). */
export interface SourceDeps {
  /** The notification subscription. */
  readonly subscription: MessageSubscription;
  /** Where messages the sink refuses for good go. */
  readonly deadLetter: DeadLetterTopic;
  /** POSTs each event to the sink (`K_SINK`). */
  readonly sink: SinkClient;
  /** Where the one line per message goes (Cloud Logging JSON, `src/log/logger.ts`). */
  readonly logger: Logger;
  /** The subscription's full name, for the dead-letter attributes and the logs. */
  readonly subscriptionName: string;
  /** Only notifications of this bucket are sent (`BUCKET`). */
  readonly bucket: string;
  /** Extensions added to every event (`K_CE_OVERRIDES`). */
  readonly extensions: Readonly<Record<string, string>>;
  /** The clock, in milliseconds, for latencies. @default performance.now */
  readonly now?: () => number;
}

/** A running source. */
export interface Source {
  /** Starts pulling. */
  start(): void;
  /** Pulling, not draining, not failed: what `/readyz` answers. */
  readonly ready: () => boolean;
  /** Messages being settled now. */
  readonly inFlight: () => number;
  /** Resolves with the error when the subscription fails for good (pulling has stopped). */
  readonly failed: Promise<Error>;
  /**
   * The drain: stop pulling at once; nack every message delivered from now on; let the sends in
   * flight finish, for at most `drainMs`, then abort the rest (they are nacked); send the pending
   * acks and nacks. Nothing is acknowledged that the sink did not accept (or that did not reach
   * the dead-letter topic).
   *
   * @returns `drained` when every send finished, `aborted` when some were cut off
   */
  stop(drainMs: number): Promise<'drained' | 'aborted'>;
}

/**
 * Composes the source (docs/pubsub-source.md): each pulled message is routed (`routeMessage`),
 * sent, and settled by the sink's answer (`SINK_STATUS_ACTIONS`), with one log line per message.
 * The subscription's flow control bounds the messages held, so the sends in flight.
 */
export function createSource(deps: SourceDeps): Source {
  const now = deps.now ?? (() => performance.now());
  const settling = new Set<Promise<void>>();
  const sends = new Set<AbortController>();
  let state: 'new' | 'pulling' | 'draining' | 'failed' = 'new';
  let reportFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    reportFailure = resolve;
  });

  const settle = (settled: Settled, message: PulledMessage, action: 'ack' | 'nack'): void => {
    if (action === 'ack') message.ack();
    else message.nack();
    logSettled(deps.logger, settled);
  };

  /** Publishes a copy on the dead-letter topic, then acknowledges; a failed publish nacks. */
  const deadLetter = async (
    message: PulledMessage,
    base: Omit<Settled, 'outcome' | 'reason' | 'latencyMs'>,
    reason: string,
    started: number,
  ): Promise<void> => {
    try {
      const copyId = await deps.deadLetter.publish(
        deadLetterCopy(message, {
          reason,
          subscription: deps.subscriptionName,
          status: base.status,
        }),
      );
      settle(
        {
          ...base,
          outcome: 'dead-lettered',
          reason,
          deadLetterMessageId: copyId,
          latencyMs: now() - started,
        },
        message,
        'ack',
      );
    } catch (error) {
      const why = pubSubReason(error);
      settle(
        {
          ...base,
          outcome: 'retried',
          reason: `${reason}; the dead-letter publish failed: ${why}`,
          latencyMs: now() - started,
        },
        message,
        'nack',
      );
    }
  };

  const handle = async (message: PulledMessage): Promise<void> => {
    const started = now();
    const base = { messageId: message.messageId, deliveryAttempt: message.deliveryAttempt };
    if (state !== 'pulling') {
      settle(
        { ...base, outcome: 'retried', reason: 'draining: not sent', latencyMs: 0 },
        message,
        'nack',
      );
      return;
    }
    const route = routeMessage(message, { bucket: deps.bucket, extensions: deps.extensions });
    if (route.kind === 'skip') {
      settle(
        { ...base, outcome: 'skipped', reason: route.reason, latencyMs: now() - started },
        message,
        'ack',
      );
      return;
    }
    if (route.kind === 'dead-letter') {
      await deadLetter(message, base, route.reason, started);
      return;
    }
    const eventBase = { ...base, event: route.event };
    const controller = new AbortController();
    sends.add(controller);
    let answer: SinkAnswer;
    try {
      answer = await deps.sink.send(route.request, controller.signal);
    } finally {
      sends.delete(controller);
    }
    const status = answer.kind === 'status' ? answer.status : undefined;
    const withStatus = { ...eventBase, ...(status === undefined ? {} : { status }) };
    const action = sinkAction(answer);
    const reason = answerReason(answer);
    if (action === 'dead-letter') {
      await deadLetter(message, withStatus, reason, started);
      return;
    }
    settle(
      {
        ...withStatus,
        outcome: action === 'ack' ? 'delivered' : 'retried',
        ...(action === 'ack' ? {} : { reason }),
        latencyMs: now() - started,
      },
      message,
      action,
    );
  };

  const onMessage = (message: PulledMessage): void => {
    const settled: Promise<void> = handle(message)
      .catch((error: unknown) => {
        // A bug, not an answer: the message is not acknowledged, so Pub/Sub delivers it again.
        message.nack();
        deps.logger.error(
          { err: error, messageId: message.messageId },
          'the message could not be handled',
        );
      })
      .finally(() => settling.delete(settled));
    settling.add(settled);
  };

  return {
    start() {
      if (state !== 'new') return;
      state = 'pulling';
      deps.subscription.start(onMessage, (error) => {
        if (state === 'pulling') state = 'failed';
        reportFailure(error);
      });
    },
    ready: () => state === 'pulling',
    inFlight: () => settling.size,
    failed,
    async stop(drainMs) {
      if (state === 'pulling' || state === 'new') state = 'draining';
      const closed = deps.subscription.close();
      const cut = { sends: 0 };
      const timer = setTimeout(() => {
        cut.sends = sends.size;
        for (const controller of sends) controller.abort();
      }, drainMs);
      // Settling a message can let the client dispatch one it held back: wait for those too.
      while (settling.size > 0) await Promise.all(settling);
      clearTimeout(timer);
      await closed;
      await deps.deadLetter.close();
      deps.sink.close();
      return cut.sends > 0 ? 'aborted' : 'drained';
    },
  };
}

/** Why a message was not acknowledged as delivered, for the log and the dead-letter copy. */
function answerReason(answer: SinkAnswer): string {
  if (answer.kind === 'failed') return `${answer.reason}: ${answer.message}`;
  const row = sinkStatusRow(answer.status);
  const problem = answer.problem === undefined ? '' : `: ${answer.problem}`;
  return `the sink answered ${answer.status} (${row.why})${problem}`;
}
