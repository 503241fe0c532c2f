import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import {
  BodyTooLargeError,
  DecodeError,
  RequestTimeoutError,
  UnsupportedContentEncodingError,
  type DualrunError,
} from '../errors';

/** raw-body's error types (its `error.type`) → our errors. */
const RAW_BODY_ERRORS: Readonly<
  Record<string, (maxBodyBytes: number, cause: unknown) => DualrunError>
> = Object.freeze({
  'entity.too.large': (maxBodyBytes) => new BodyTooLargeError(maxBodyBytes),
  'request.aborted': (_max, cause) =>
    new DecodeError('malformed-body', 'the request body ended before its Content-Length', '/', {
      cause,
    }),
  'request.size.invalid': (_max, cause) =>
    new DecodeError('malformed-body', 'the request body does not match its Content-Length', '/', {
      cause,
    }),
});

/** The code of the error Node's HTTP server destroys a request's socket with on its timeout. */
const REQUEST_TIMEOUT_CODE = 'ERR_HTTP_REQUEST_TIMEOUT';

/**
 * Requests whose `Expect: 100-continue` the server left to {@link readBody} (see `listen`): a
 * property set on the request, so that no module holds state.
 */
const CONTINUE_DEFERRED = Symbol('dualrun.continueDeferred');

/**
 * Marks a request whose `100 Continue` {@link readBody} sends, once the final status is known not
 * to come first; the server's `checkContinue` handler calls it instead of answering at once.
 */
export function deferContinue(request: IncomingMessage): void {
  (request as IncomingMessage & { [CONTINUE_DEFERRED]?: true })[CONTINUE_DEFERRED] = true;
}

/**
 * Reads the whole request body as bytes, refusing more than `maxBodyBytes`: at once when the
 * Content-Length says so (nothing is read, and a sender that asked `Expect: 100-continue` gets the
 * 413 instead of `100 Continue`), and while reading a chunked body. A `100 Continue` the server
 * left to it (see {@link deferContinue}) is sent just before reading, so every refusal decided
 * earlier (401, 403, 405, 413, 415, 429, 503) comes without it.
 *
 * @throws UnsupportedContentEncodingError when the body is compressed (415): neither Pub/Sub nor
 *   Knative compresses deliveries
 * @throws BodyTooLargeError when the body is larger than the limit (413)
 * @throws RequestTimeoutError when the body did not arrive within the server's request timeout
 *   (Node has answered 408 and closed the connection)
 * @throws DecodeError (`malformed-body`) when the body ends early or does not match its length
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1
 */
export async function readBody(
  request: IncomingMessage,
  response: ServerResponse,
  maxBodyBytes: number,
): Promise<Buffer> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new UnsupportedContentEncodingError(encoding);
  }
  const length = request.headers['content-length'];
  if (length !== undefined && Number(length) > maxBodyBytes) {
    throw new BodyTooLargeError(maxBodyBytes);
  }
  if (CONTINUE_DEFERRED in request && !response.headersSent) response.writeContinue();
  try {
    return await getRawBody(request, {
      limit: maxBodyBytes,
      ...(length === undefined ? {} : { length }),
    });
  } catch (error) {
    if (timedOut(request)) throw new RequestTimeoutError({ cause: error });
    const type =
      typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    const mapped =
      typeof type === 'string' && Object.hasOwn(RAW_BODY_ERRORS, type)
        ? RAW_BODY_ERRORS[type]
        : undefined;
    throw mapped === undefined ? error : mapped(maxBodyBytes, error);
  }
}

/**
 * Whether Node's server ended the request for its request timeout: it answers 408 and destroys the
 * socket with `ERR_HTTP_REQUEST_TIMEOUT`, which raw-body then sees as an aborted request.
 */
function timedOut(request: IncomingMessage): boolean {
  const errored: unknown = request.socket.errored;
  return (
    typeof errored === 'object' &&
    errored !== null &&
    'code' in errored &&
    errored.code === REQUEST_TIMEOUT_CODE
  );
}
