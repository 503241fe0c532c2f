import {
  DecodeError,
  isDualrunError,
  LabelerError,
  MethodNotAllowedError,
  type ErrorCode,
} from '../errors';
import { AuthenticationError, UnknownKeyIdError } from '../auth/auth-errors';

/**
 * The one place that maps errors to HTTP statuses (docs/delivery-contract.md), for the worker and
 * for the Knative dead-letter receiver (`src/dead-letters/`), which answers the Broker. Pub/Sub
 * push acknowledges only 102/200/201/202/204 and redelivers the rest; Knative retries 5xx, 404,
 * 408, 409 and 429 and dead-letters other 4xx at once. So permanent problems are 4xx and transient
 * ones 429/503.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  'malformed-body': 400,
  'unrecognized-format': 400,
  'invalid-event': 400,
  'body-too-large': 413,
  'request-timeout': 408,
  'unsupported-content-encoding': 415,
  'unsupported-charset': 415,
  'method-not-allowed': 405,
  'event-in-progress': 409,
  'results-unwritable': 503,
  'result-unpublished': 503,
  'over-capacity': 429,
  'shutting-down': 503,
  'labeler-unavailable': 503,
  'labeler-quota-exhausted': 429,
  'invalid-config': 500,
  unauthenticated: 401,
  'sender-not-allowed': 403,
  'auth-keys-unavailable': 503,
  'dead-letter-unpublished': 503,
});

/** Short titles of the problem types. */
const TITLES: Readonly<Record<ErrorCode, string>> = Object.freeze({
  'malformed-body': 'Malformed request body',
  'unrecognized-format': 'Not a known delivery format',
  'invalid-event': 'Invalid event',
  'body-too-large': 'Request body too large',
  'request-timeout': 'Request timeout',
  'unsupported-content-encoding': 'Unsupported content encoding',
  'unsupported-charset': 'Unsupported charset',
  'method-not-allowed': 'Method not allowed',
  'event-in-progress': 'Event in progress',
  'results-unwritable': 'Record not written',
  'result-unpublished': 'Result event not published',
  'over-capacity': 'Over capacity',
  'shutting-down': 'Shutting down',
  'labeler-unavailable': 'Labeler unavailable',
  'labeler-quota-exhausted': 'Labeler quota exhausted',
  'invalid-config': 'Invalid configuration',
  unauthenticated: 'Not authenticated',
  'sender-not-allowed': 'Sender not allowed',
  'auth-keys-unavailable': 'Token keys unavailable',
  'dead-letter-unpublished': 'Dead letter not published',
});

/** Seconds a sender should wait before retrying, by code (the `Retry-After` header). */
const RETRY_AFTER_SECONDS: Partial<Readonly<Record<ErrorCode, number>>> = Object.freeze({
  'over-capacity': 1,
  'shutting-down': 1,
  'event-in-progress': 10,
  'results-unwritable': 10,
  'result-unpublished': 10,
  'labeler-unavailable': 10,
  'labeler-quota-exhausted': 30,
  'auth-keys-unavailable': 10,
  'dead-letter-unpublished': 10,
});

/**
 * Codes whose request body is never read: the connection is closed after the answer, since its
 * unread rest makes it unusable for another request (and a refused sender may not stream a body).
 */
const CLOSES_CONNECTION: ReadonlySet<ErrorCode> = new Set([
  'body-too-large',
  'request-timeout',
  'unauthenticated',
  'sender-not-allowed',
]);

/**
 * An RFC 9457 problem body (`application/problem+json`), with our `code` and, for decode errors,
 * the `pointer` to what is wrong.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode | 'internal';
  readonly pointer?: string;
}

/**
 * The HTTP answer to an error: status, problem body, and headers (`Retry-After` in seconds, `Allow`,
 * `WWW-Authenticate`, `Connection`); and how the worker logs it: `error` for what only an operator
 * can mend (and for an unexpected error), so that alerting sees it; `warn` for a refused delivery.
 */
export interface ErrorAnswer {
  readonly status: number;
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
  readonly logLevel: 'warn' | 'error';
}

/** Maps any thrown value to its answer; an unknown error is a 500 whose details stay in the log. */
export function answerFor(error: unknown): ErrorAnswer {
  if (!isDualrunError(error)) {
    return {
      status: 500,
      problem: {
        type: 'urn:dualrun:problem:internal',
        title: 'Internal error',
        status: 500,
        detail: 'the worker failed unexpectedly; the details are in its log',
        code: 'internal',
      },
      headers: {},
      logLevel: 'error',
    };
  }
  const status = ERROR_STATUS[error.code];
  const retryAfterSeconds =
    error instanceof LabelerError || error instanceof UnknownKeyIdError
      ? error.retryAfterSeconds
      : RETRY_AFTER_SECONDS[error.code];
  return {
    status,
    problem: {
      type: `urn:dualrun:problem:${error.code}`,
      title: TITLES[error.code],
      status,
      detail: error.message,
      code: error.code,
      ...(error instanceof DecodeError && error.pointer !== undefined
        ? { pointer: error.pointer }
        : {}),
    },
    headers: {
      ...(retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) }),
      ...(error instanceof MethodNotAllowedError ? { Allow: error.allow } : {}),
      ...(error instanceof AuthenticationError
        ? { 'WWW-Authenticate': bearerChallenge(error) }
        : {}),
      ...(CLOSES_CONNECTION.has(error.code) ? { Connection: 'close' } : {}),
    },
    logLevel: error.needsOperator ? 'error' : 'warn',
  };
}

/**
 * The `WWW-Authenticate` challenge of a 401: `Bearer`, with `error="…"` when a token was sent
 * (RFC 6750 §3: no error code when the request carried no bearer token).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
function bearerChallenge(error: AuthenticationError): string {
  return error.challengeError === undefined ? 'Bearer' : `Bearer error="${error.challengeError}"`;
}
