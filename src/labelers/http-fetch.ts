/**
 * The transport under the Vision client's REST requests to an `http://` endpoint: a `fetch` over
 * `node:http` with a keep-alive agent, given to gaxios as its `fetchImplementation`. The client
 * still builds, encodes, sends (through gax and gaxios) and decodes every call; only the bytes on
 * the wire travel through `node:http` instead of Node's built-in `fetch` (undici).
 *
 * Why: measured in the Vision run of `npm run bench` (DESIGN 5), Node 20's built-in `fetch` costs
 * about 0.7 ms of CPU per call more: it clones each request (a `tee()` of the body's web stream),
 * writes the body from an async iterator and reads the answer through web streams. `node:http`
 * writes the head and the body in one write and parses the answer natively; the answer is handed
 * over without a web stream.
 */
import http from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { BufferedResponse } from './buffered-response';

/** The `fetch` signature gaxios takes as `fetchImplementation`. */
export type FetchFunction = (...args: Parameters<typeof fetch>) => ReturnType<typeof fetch>;

/** A {@link FetchFunction} whose idle keep-alive connections {@link HttpFetch.close} ends. */
export interface HttpFetch {
  readonly fetch: FetchFunction;
  /** Destroys the agent: idle keep-alive sockets closed, requests in flight aborted. */
  readonly close: () => void;
}

/**
 * Creates a `fetch` for `http://` URLs over `node:http`, with its own keep-alive agent (no limit on
 * sockets: the worker's `MAX_IN_FLIGHT` bounds the calls).
 *
 * What it does with a request: the method, the headers and a `string` or `Uint8Array` body (sent
 * with `content-length`) of `init`, and `init.signal` (aborting rejects with an `AbortError`).
 * The promise resolves once the whole answer is in, with a {@link BufferedResponse}: the members
 * of a `Response` that gaxios and gax read (status, headers, the body bytes; a `gzip`, `deflate` or
 * `br` body decoded, as `fetch` does). It rejects with the
 * socket's error when the connection fails or ends before the whole answer: what gax's REST
 * transport maps to UNAVAILABLE, as it maps `fetch`'s "fetch failed" and "terminated".
 *
 * @throws TypeError (as a rejection) for a URL that is not `http:`, or a body of another type (a
 *   stream, a form): the Vision client's unary calls send a JSON string
 */
export function createHttpFetch(): HttpFetch {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const fetchOverHttp = (input: Parameters<typeof fetch>[0], init: RequestInit = {}) =>
    new Promise<BufferedResponse>((resolve, reject) => {
      if (input instanceof Request) throw new TypeError('a Request as input is not supported');
      const url = input instanceof URL ? input : new URL(input);
      const body = init.body ?? undefined;
      if (url.protocol !== 'http:') throw new TypeError(`not an http: URL: ${url.protocol}`);
      if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
        throw new TypeError('the body must be a string or a Uint8Array');
      }
      const headers: Record<string, string> = {};
      const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
      given.forEach((value, name) => {
        headers[name] = value;
      });
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const request = http.request(url, {
        method: init.method ?? 'GET',
        headers,
        agent,
        ...(init.signal ? { signal: init.signal } : {}),
      });
      const fail = (error: unknown) => {
        reject(transportError(url, error));
      };
      request.once('error', fail);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', fail);
        response.once('close', () => {
          if (!response.complete) fail(new Error('the connection closed before the whole answer'));
        });
        response.once('end', () => {
          try {
            resolve(toResponse(url, response, Buffer.concat(chunks)));
          } catch (error) {
            fail(error);
          }
        });
      });
      request.end(body);
    });
  return {
    // The one cast: gaxios and gax read only the members a BufferedResponse has (ResponseSubset).
    fetch: (input, init) => fetchOverHttp(input, init) as Promise<unknown> as Promise<Response>,
    close: () => {
      agent.destroy();
    },
  };
}

/**
 * The error a failed request rejects with: `request to <url> failed: <reason>`, the socket's
 * error as `cause`, its `name` (`AbortError` for an aborted request) and `code` (`ECONNRESET`)
 * kept. Made here, not passed on as is, so that it is an `Error` of this module's realm: gaxios and
 * gax test `instanceof Error`, which an error made by Node's core fails under jest's module
 * sandbox.
 */
function transportError(url: URL, error: unknown): Error {
  const reason = error instanceof Error || isErrorLike(error) ? error.message : String(error);
  const wrapped = new Error(`request to ${url.href} failed: ${reason}`, { cause: error });
  if (isErrorLike(error)) {
    wrapped.name = error.name;
    if (typeof error.code === 'string') Object.assign(wrapped, { code: error.code });
  }
  return wrapped;
}

function isErrorLike(value: unknown): value is { name: string; message: string; code?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The `content-encoding`s that `fetch` decodes, and how. */
const DECODERS: Readonly<Record<string, (bytes: Buffer) => Buffer>> = Object.freeze({
  gzip: gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
});

/**
 * The answer as a {@link BufferedResponse}: status, headers and the decoded body.
 *
 * @throws RangeError for a status outside 200 to 599, as `new Response()` does
 */
function toResponse(url: URL, message: http.IncomingMessage, raw: Buffer): BufferedResponse {
  const status = message.statusCode ?? 0;
  if (status < 200 || status > 599) throw new RangeError(`HTTP status ${status} is not 200 to 599`);
  const encoding = message.headers['content-encoding']?.trim().toLowerCase();
  const decode = encoding === undefined ? undefined : DECODERS[encoding];
  let headers = message.headers;
  if (decode !== undefined) {
    headers = { ...headers };
    delete headers['content-encoding'];
    delete headers['content-length'];
  }
  // A null-body status (204, 304) has no body, not even an empty one.
  const nullBody = status === 204 || status === 205 || status === 304;
  const body = nullBody ? null : decode === undefined ? raw : decode(raw);
  return new BufferedResponse(url.href, status, message.statusMessage ?? '', headers, body);
}
