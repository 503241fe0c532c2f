import type { IncomingMessage, ServerResponse } from 'node:http';
import { InputError } from '../object-ref';

/** The largest API request body the inspector reads, in bytes (a pasted delivery fits). */
export const MAX_API_BODY_BYTES = 5 * 1024 * 1024;

/** An API answer other than 200: a status and an RFC 9457 problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** Headers on every answer: nothing is cached, framed or sniffed. */
const COMMON_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Writes a JSON answer. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** Writes any other answer. */
export function sendBytes(
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: Buffer | string,
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * Writes the problem answer for any error: an {@link ApiError} as itself, an {@link InputError} as
 * 400, anything else as a 500 whose detail is the message (the inspector runs on the user's own
 * machine, for the user).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export function sendProblem(response: ServerResponse, error: unknown): void {
  const problem =
    error instanceof ApiError
      ? error
      : error instanceof InputError
        ? new ApiError(400, 'Bad request', error.message)
        : new ApiError(
            500,
            'Inspector error',
            error instanceof Error ? error.message : String(error),
          );
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify({
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.message,
  });
  sendBytes(
    response,
    problem.status,
    { ...problem.headers, 'content-type': 'application/problem+json' },
    body,
  );
}

/**
 * Reads a JSON request body of at most {@link MAX_API_BODY_BYTES}.
 *
 * @throws ApiError 415 when it is not `application/json`, 413 when too large, 400 when not JSON
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new ApiError(415, 'Unsupported media type', 'the API takes application/json');
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_API_BODY_BYTES) {
      throw new ApiError(413, 'Request body too large', `at most ${MAX_API_BODY_BYTES} bytes`, {
        connection: 'close',
      });
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new ApiError(
      400,
      'Bad request',
      `the request body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
