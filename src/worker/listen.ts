import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

/**
 * Serves a Koa app over HTTP/1.1 on `port` (0: a free port) and resolves once it listens.
 *
 * @param host - the address to bind; all interfaces when absent (the container contract)
 * @returns the server and the port it listens on
 */
export function listen(
  app: Koa,
  port: number,
  host?: string,
): Promise<{ server: Server; port: number }> {
  const handle = app.callback();
  const server = createServer((request, response) => {
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
