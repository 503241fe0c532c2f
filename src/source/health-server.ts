import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The probes' answers: `/healthz` while the process lives, `/readyz` while `ready()` holds. */
const PROBES: Readonly<Record<string, (ready: boolean) => number>> = {
  '/healthz': () => 200,
  '/readyz': (ready) => (ready ? 200 : 503),
};

/**
 * The source's probe server (`node:http`; the source takes no events over HTTP): `GET /healthz`
 * answers 200 while the process lives; `GET /readyz` 200 while the source pulls, 503 before and
 * while it drains or after its subscription failed. Anything else is 404.
 *
 * @param port - the port (`PORT`; 0: a free one)
 * @returns the server and the port it listens on, once it listens
 * @throws Error (EADDRINUSE) when the port is taken
 */
export function listenForProbes(
  ready: () => boolean,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const probe = Object.hasOwn(PROBES, path) ? PROBES[path] : undefined;
    const status =
      probe === undefined
        ? 404
        : request.method === 'GET' || request.method === 'HEAD'
          ? probe(ready())
          : 405;
    response.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      connection: 'close',
      ...(status === 405 ? { allow: 'GET, HEAD' } : {}),
    });
    response.end(status === 200 ? 'ok\n' : `${String(status)}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
