import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { deferContinue } from './read-body';

/**
 * How long a request may take to arrive, headers and body, in milliseconds: a sender that trickles
 * a body (slow loris) would otherwise hold an in-flight slot. Node answers 408 and closes.
 */
export const REQUEST_RECEIVE_TIMEOUT_MS = 30_000;
/** How long the request headers may take to arrive, in milliseconds. */
export const HEADERS_RECEIVE_TIMEOUT_MS = 20_000;

/**
 * Serves a Koa app over HTTP/1.1 on `port` (0: a free port) and resolves once it listens. A
 * request that expects `100 Continue` gets it only when the app reads its body (see `readBody`).
 *
 * @param host - the address to bind; all interfaces when absent (the container contract)
 * @param requestTimeoutMs - how long a request may take to arrive, in milliseconds
 *   @default {@link REQUEST_RECEIVE_TIMEOUT_MS}
 * @returns the server and the port it listens on
 */
export function listen(
  app: Koa,
  port: number,
  host?: string,
  requestTimeoutMs = REQUEST_RECEIVE_TIMEOUT_MS,
): Promise<{ server: Server; port: number }> {
  const handle = app.callback();
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(HEADERS_RECEIVE_TIMEOUT_MS, requestTimeoutMs),
      // How often Node checks those timeouts, in milliseconds (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs),
    },
    (request, response) => {
      void handle(request, response);
    },
  );
  // Node answers `Expect: 100-continue` with `100 Continue` at once unless a checkContinue
  // handler takes it: the worker sends it only when it is about to read the body (readBody), so a
  // sender refused earlier (413 by Content-Length, 401, 405, 415, 429, 503) never streams a body.
  server.on('checkContinue', (request, response) => {
    deferContinue(request);
    void handle(request, response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, ...(host === undefined ? {} : { host }) }, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
