import type { Context } from 'koa';
import type { Logger } from 'pino';
import { DeadLetterPublishError } from '../errors';
import { grpcCodeOf, PUBSUB_OPERATOR_CODES, pubSubReason } from '../source/pubsub-codes';
import type { DeadLetterTopic } from '../source/subscription';
import { deadLetterOf, type DeadLetter } from '../dead-letters/dead-letter-forms';
import { readFailedCloudEvent, type FailedCloudEvent } from '../dead-letters/failed-cloudevent';
import { noteFailedEvent } from './failed-event';
import type { Lifecycle } from './lifecycle';
import { readBody } from './read-body';
import { requestTrace } from './request-trace';

/** What the receiving endpoint needs, passed in. */
export interface ReceiveDeps {
  /** The dead-letter topic (`PUBSUB_DEAD_LETTER_TOPIC`). */
  readonly topic: DeadLetterTopic;
  /** Its full name, for the log line and the error. */
  readonly topicName: string;
  readonly logger: Logger;
  /** In-flight requests and the drain. */
  readonly lifecycle: Lifecycle;
  /** The request body limit, in bytes: larger bodies are answered 413. */
  readonly maxBodyBytes: number;
  /**
   * Resolves once every line logged so far is written: a dead letter is answered only after its
   * line is (the log is a record too). @default nothing to wait for
   */
  readonly logWritten?: () => Promise<void>;
  /** A monotonic clock in milliseconds. @default performance.now */
  readonly now?: () => number;
}

/**
 * The dead-letter endpoint: admit (in-flight limit, 503 while draining), read the body (413 above
 * the limit), turn it into a dead letter (`deadLetterOf`, which never refuses), publish it, log
 * one WARNING line, answer 204, in that order: a 2xx means the topic has the dead letter. A failed
 * publish throws {@link DeadLetterPublishError} (503 with Retry-After, by `answerFor`).
 */
export function receiveDeadLetter(deps: ReceiveDeps): (ctx: Context) => Promise<void> {
  const now = deps.now ?? (() => performance.now());
  return async (ctx) => {
    const started = now();
    deps.lifecycle.acquire();
    try {
      const { headersDistinct: headers } = ctx.req;
      // A binary-mode event is named before its body is read, so that a 413 names it too.
      noteEvent(ctx, readFailedCloudEvent({ headers, body: Buffer.alloc(0) }));
      const body = await readBody(ctx.req, ctx.res, deps.maxBodyBytes);
      const letter = deadLetterOf({ headers, body });
      noteEvent(ctx, letter.failed);
      const messageId = await publish(deps, letter);
      logDeadLetter(deps, ctx, letter, messageId, now() - started);
      await deps.logWritten?.();
      ctx.status = 204;
    } finally {
      deps.lifecycle.release();
    }
  };
}

/** Notes the CloudEvent a refusal's log line names, when it has an id and a type. */
function noteEvent(ctx: Context, event: FailedCloudEvent): void {
  const { id, type, subject } = event.attributes;
  if (id !== undefined && type !== undefined) {
    noteFailedEvent(ctx, { id, type, ...(subject === undefined ? {} : { subject }) });
  }
}

/** @throws DeadLetterPublishError when Pub/Sub did not take the message */
async function publish(deps: ReceiveDeps, letter: DeadLetter): Promise<string> {
  try {
    return await deps.topic.publish(letter.message);
  } catch (error) {
    // Still answered 503 when an operator must act (the Broker sends it again, and it is kept
    // once the fault is mended), but logged as ERROR.
    const code = grpcCodeOf(error);
    throw new DeadLetterPublishError(deps.topicName, pubSubReason(error), {
      cause: error,
      needsOperator: code !== undefined && PUBSUB_OPERATOR_CODES.has(code),
    });
  }
}

/**
 * The one Cloud Logging line of a kept dead letter: WARNING (an event the worker never handled,
 * now waiting on the topic), with the event's id, type and subject, the Knative error, the form,
 * the reason, the id of the published message, the topic and the latency in ms.
 */
function logDeadLetter(
  deps: ReceiveDeps,
  ctx: Context,
  letter: DeadLetter,
  messageId: string,
  latencyMs: number,
): void {
  const { attributes } = letter.failed;
  const what = attributes.subject ?? attributes.id ?? 'a request that is no CloudEvent';
  const code = letter.error.code === undefined ? '' : ` (${letter.error.code})`;
  deps.logger.warn(
    {
      eventId: attributes.id,
      eventType: attributes.type,
      subject: attributes.subject,
      knativeErrorCode: letter.error.code,
      knativeErrorDest: letter.error.destination,
      form: letter.form,
      reason: letter.reason,
      deadLetterMessageId: messageId,
      topic: deps.topicName,
      latencyMs: Math.round(latencyMs * 10) / 10,
      ...requestTrace(ctx, undefined),
    },
    `dead-lettered: ${what}${code}`,
  );
}
