/** The source's probes over node:http: /healthz while alive, /readyz while pulling. */
import type { Server } from 'node:http';
import { listenForProbes } from '../../src/source/health-server';

let server: Server;
let base: string;
let ready = false;

beforeAll(async () => {
  const listening = await listenForProbes(() => ready, 0);
  server = listening.server;
  base = `http://127.0.0.1:${String(listening.port)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test.each<[string, boolean, string, number]>([
  ['GET', false, '/healthz', 200],
  ['GET', true, '/healthz', 200],
  ['GET', true, '/readyz', 200],
  ['GET', false, '/readyz', 503],
  ['HEAD', true, '/readyz?full=1', 200],
  ['POST', true, '/readyz', 405],
  ['GET', true, '/', 404],
])('%s with ready=%s %s → %i', async (method, isReady, path, status) => {
  ready = isReady;
  const response = await fetch(`${base}${path}`, { method });
  expect(response.status).toBe(status);
});
