/**
 * The error hierarchy of dualrun. Every error the worker can answer with carries a `code` (a closed
 * set, read by the one status table in `src/worker/error-status.ts`) and `retryable` (is a later
 * delivery of the same request expected to succeed?). Messages are safe to show to the sender: they
 * name what is wrong, never secrets.
 */

/** Every error code, one per decision the delivery contract (docs/delivery-contract.md) makes. */
export const ERROR_CODES = [
  'malformed-body',
  'unrecognized-format',
  'invalid-event',
  'body-too-large',
  'request-timeout',
  'unsupported-content-encoding',
  'unsupported-charset',
  'method-not-allowed',
  'event-in-progress',
  'results-unwritable',
  'result-unpublished',
  'over-capacity',
  'shutting-down',
  'labeler-unavailable',
  'labeler-quota-exhausted',
  'invalid-config',
  'unauthenticated',
  'sender-not-allowed',
  'auth-keys-unavailable',
  'dead-letter-unpublished',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options shared by every {@link DualrunError}. */
export interface DualrunErrorOptions {
  /** The lower-level error, kept for logs. */
  readonly cause?: unknown;
  /**
   * Whether only an operator can mend the fault (credentials, a permission, a disabled API, a
   * wrong endpoint): every delivery fails the same way until then.
   *
   * @default false
   */
  readonly needsOperator?: boolean;
}

/**
 * The base class: a message, a {@link ErrorCode}, whether a retry may succeed, and whether only an
 * operator can mend it.
 */
export abstract class DualrunError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retryable: boolean;
  /**
   * Whether only an operator can mend the fault: the worker logs it as ERROR, so that alerting
   * sees it, rather than as the WARNING of a delivery the platform retries.
   */
  readonly needsOperator: boolean;

  constructor(message: string, options: DualrunErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.needsOperator = options.needsOperator ?? false;
  }
}

/** Codes of {@link DecodeError}: the request is permanently wrong. */
export type DecodeErrorCode = 'malformed-body' | 'unrecognized-format' | 'invalid-event';

/**
 * A delivery that cannot be decoded: not a recognised format, malformed, or a required attribute
 * missing. Permanent: the worker answers 400 with a problem body, and the platform dead-letters it.
 */
export class DecodeError extends DualrunError {
  readonly retryable = false;

  /**
   * @param code - which kind of decode failure
   * @param message - names the field or header and what is wrong with it
   * @param pointer - where in the delivery: a JSON pointer into the body (`/message/data`) or a
   *   header name (`header ce-id`)
   */
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
    readonly pointer?: string,
    options: DualrunErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The request body is larger than `MAX_BODY_BYTES`: answered 413. */
export class BodyTooLargeError extends DualrunError {
  readonly code = 'body-too-large';
  readonly retryable = false;

  constructor(readonly maxBodyBytes: number) {
    super(`request body is larger than the limit of ${maxBodyBytes} bytes (MAX_BODY_BYTES)`);
  }
}

/**
 * The request did not arrive whole within the server's request timeout (a sender that trickles its
 * body): Node has answered 408 and closed the connection; this error makes the log say so. The
 * sender may try again.
 */
export class RequestTimeoutError extends DualrunError {
  readonly code = 'request-timeout';
  readonly retryable = true;

  constructor(options: DualrunErrorOptions = {}) {
    super(
      "the request did not arrive whole within the server's request timeout; it was answered 408 and its connection closed",
      options,
    );
  }
}

/** The body is compressed (Content-Encoding other than identity): answered 415. */
export class UnsupportedContentEncodingError extends DualrunError {
  readonly code = 'unsupported-content-encoding';
  readonly retryable = false;

  constructor(readonly contentEncoding: string) {
    super(
      `Content-Encoding ${JSON.stringify(contentEncoding)} is not supported: send the body uncompressed`,
    );
  }
}

/**
 * The body declares a charset the worker cannot read (`charset=klingon`, or one of the WHATWG
 * Encoding Standard's `replacement` labels): answered 415, since reading it as UTF-8 would misread
 * every non-ASCII character of an object name.
 *
 * @see https://encoding.spec.whatwg.org/#names-and-labels
 */
export class UnsupportedCharsetError extends DualrunError {
  readonly code = 'unsupported-charset';
  readonly retryable = false;

  /**
   * @param charset - the declared charset label, as sent
   * @param where - where it was declared (`header content-type`, `/datacontenttype`)
   */
  constructor(
    readonly charset: string,
    readonly where: string,
  ) {
    super(
      `charset ${JSON.stringify(charset)} (${where}) is not supported: send UTF-8, or a charset of the WHATWG Encoding Standard`,
    );
  }
}

/**
 * The same event is being handled by another delivery right now (a redelivery that arrived while
 * the first attempt runs): answered 409, which Pub/Sub and Knative both retry, so that the event is
 * neither handled twice nor acknowledged before its first attempt has succeeded.
 */
export class EventInProgressError extends DualrunError {
  readonly code = 'event-in-progress';
  readonly retryable = true;

  constructor(readonly eventId: string) {
    super(`event ${JSON.stringify(eventId)} is being handled by an earlier delivery; retry later`);
  }
}

/** The record of a handled event could not be written to RESULTS_FILE: answered 503, redelivered. */
export class ResultsWriteError extends DualrunError {
  readonly code = 'results-unwritable';
  readonly retryable = true;

  constructor(message: string, options: DualrunErrorOptions = {}) {
    super(message, options);
  }
}

/**
 * The result event of a handled event could not be published (`RESULTS_MODE=pubsub`): the publish
 * failed or did not finish in time. Answered 503, so the push is redelivered; nothing is recorded,
 * and the labeler's answer is kept, so that the redelivery publishes the same result event
 * without asking the labeler again.
 */
export class ResultPublishError extends DualrunError {
  readonly code = 'result-unpublished';
  readonly retryable = true;

  /**
   * @param topic - the topic's full name, `projects/P/topics/T`
   * @param message - what failed, without credentials
   */
  constructor(
    readonly topic: string,
    message: string,
    options: DualrunErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** Events arrive as POST on any path but the probes; anything else is answered 405. */
export class MethodNotAllowedError extends DualrunError {
  readonly code = 'method-not-allowed';
  readonly retryable = false;

  /**
   * @param allow - the methods the path accepts, for the `Allow` header
   * @param probePaths - the paths that take no events (the worker's probes), for the message
   */
  constructor(
    method: string,
    path: string,
    readonly allow: string,
    probePaths: readonly string[],
  ) {
    super(
      `${method} ${path} is not accepted: events are delivered with POST on any path except ${probePaths.join(' and ')}`,
    );
  }
}

/** This instance is handling `MAX_IN_FLIGHT` events already: answered 429, retried by the platform. */
export class OverCapacityError extends DualrunError {
  readonly code = 'over-capacity';
  readonly retryable = true;

  constructor(readonly maxInFlight: number) {
    super(`this instance is handling ${maxInFlight} events already (MAX_IN_FLIGHT); retry later`);
  }
}

/** The instance is draining after SIGTERM: answered 503, the platform redelivers elsewhere. */
export class ShuttingDownError extends DualrunError {
  readonly code = 'shutting-down';
  readonly retryable = true;

  constructor() {
    super('this instance is shutting down; retry later');
  }
}

/** Codes of {@link LabelerError}. */
export type LabelerErrorCode = 'labeler-unavailable' | 'labeler-quota-exhausted';

/**
 * The labeler failed in a way that a later attempt (or a configuration fix) will mend: unavailable,
 * timed out, not permitted (503 with Retry-After), or out of quota (429).
 */
export class LabelerError extends DualrunError {
  readonly retryable = true;

  /**
   * @param code - unavailable (503) or quota exhausted (429)
   * @param message - what the labeler said, without credentials
   * @param retryAfterSeconds - the suggested wait before the next delivery, in seconds
   */
  constructor(
    readonly code: LabelerErrorCode,
    message: string,
    readonly retryAfterSeconds = 10,
    options: DualrunErrorOptions = {},
  ) {
    super(message, options);
  }
}

/**
 * The dead-letter receiver could not publish a dead letter to its topic (Pub/Sub unreachable, the
 * topic missing, the publisher role not granted): answered 503 with Retry-After, so that the
 * Broker sends the dead letter again; nothing is acknowledged that the topic did not receive.
 */
export class DeadLetterPublishError extends DualrunError {
  readonly code = 'dead-letter-unpublished';
  readonly retryable = true;

  /**
   * @param topic - the dead-letter topic's full name
   * @param reason - the Pub/Sub client's message
   * @param options - `needsOperator` for a fault no retry mends (permission, a missing topic)
   */
  constructor(
    readonly topic: string,
    reason: string,
    options: DualrunErrorOptions = {},
  ) {
    super(`the dead letter could not be published to ${topic}: ${reason}`, options);
  }
}

/** An environment variable has a value the worker does not accept; the process exits 1 at start. */
export class ConfigError extends DualrunError {
  readonly code = 'invalid-config';
  readonly retryable = false;

  /**
   * @param variable - the environment variable's name
   * @param message - one line: the variable, the bad value and the accepted values
   */
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Type guard for {@link DualrunError}. */
export function isDualrunError(error: unknown): error is DualrunError {
  return error instanceof DualrunError;
}
