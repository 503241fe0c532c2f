/**
 * A small fault-injecting HTTP proxy for end-to-end runs: it stands where the Broker would, between
 * a sender and the worker, and per request either forwards it (after a delay, when the plan says
 * slow) or answers for the worker: 503, 429, or a permanent 400 with a problem detail. It can also
 * go down (stop listening: connections are refused) and come back on the same port.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with one request. */
export type ProxyFault =
  | { readonly kind: 'forward' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'status'; readonly status: 503 | 429 | 400; readonly detail: string };

/** Decides each request's fate; `request` is read whole (headers and body) first. */
export type ProxyPlan = (request: {
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}) => ProxyFault;

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>/`: give it as K_SINK. */
  readonly url: string;
  /** Requests received, by what the plan did with them (`forward`, `slow`, `503`, `429`, `400`). */
  readonly counts: Readonly<Record<string, number>>;
  /** Stops listening and drops open connections: the sink is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the proxy in front of `target` (`http://127.0.0.1:<port>`), on a free port. */
export async function startFaultProxy(target: string, plan: ProxyPlan): Promise<FaultProxy> {
  const counts: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = plan({ headers: request.headers, body });
      const key = fault.kind === 'status' ? String(fault.status) : fault.kind;
      counts[key] = (counts[key] ?? 0) + 1;
      if (fault.kind === 'status') {
        answer(response, fault.status, fault.detail);
      } else {
        const delayMs = fault.kind === 'slow' ? fault.delayMs : 0;
        setTimeout(() => {
          forward(target, request, body, response);
        }, delayMs);
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      for (const socket of sockets) socket.destroy();
    });
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    counts,
    down: stop,
    up: async () => {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

/** An answer of the proxy's own, as a Broker or the worker writes an error: problem+json. */
function answer(response: ServerResponse, status: number, detail: string): void {
  const body = JSON.stringify({ type: 'about:blank', title: `injected ${String(status)}`, detail });
  response.writeHead(status, {
    'content-type': 'application/problem+json',
    ...(status === 429 ? { 'retry-after': '1' } : {}),
  });
  response.end(body);
}

/** Sends the request on to the target and the answer back; a failed forward is a 502. */
function forward(
  target: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): void {
  const outgoing = httpRequest(
    new URL(request.url ?? '/', target),
    { method: request.method, headers: { ...request.headers, host: new URL(target).host } },
    (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
    },
  );
  outgoing.on('error', (error) => {
    if (!response.headersSent) answer(response, 502, error.message);
    else response.destroy();
  });
  outgoing.end(body);
}
