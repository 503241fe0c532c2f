/**
 * A request on a probe path with a method other than GET or HEAD is 405, whatever its body: none,
 * `Content-Length: 0`, an empty chunked body, a body, a CloudEvent's headers. The worker and the
 * dead-letter receiver (one middleware) and the source's probe server, over real HTTP.
 */
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { listenForProbes } from '../../src/source/health-server';
import { createDeadLetterReceiver } from '../../src/worker/dead-letter-app';
import { Lifecycle } from '../../src/worker/lifecycle';
import { listen } from '../../src/worker/listen';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        ),
    ),
  );
});

/** How the body is sent: the headers it adds and the bytes written. */
const BODIES: Readonly<Record<string, { headers: Record<string, string>; body?: string }>> = {
  'no body': { headers: {} },
  'Content-Length: 0': { headers: { 'content-length': '0' }, body: '' },
  'an empty chunked body': { headers: { 'transfer-encoding': 'chunked' }, body: '' },
  'a body': { headers: { 'content-type': 'application/json', 'content-length': '2' }, body: '{}' },
  'an empty binary CloudEvent': {
    headers: {
      'content-length': '0',
      'ce-specversion': '1.0',
      'ce-id': '1',
      'ce-source': '//storage.googleapis.com/projects/_/buckets/photos',
      'ce-type': 'google.cloud.storage.object.v1.finalized',
    },
    body: '',
  },
};

function send(
  port: number,
  method: string,
  path: string,
  shape: { headers: Record<string, string>; body?: string },
): Promise<{ status: number; allow: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: shape.headers },
      (response) => {
        response.resume();
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, allow: response.headers.allow });
        });
      },
    );
    req.on('error', reject);
    req.end(shape.body);
  });
}

const quiet = createLogger(
  'fatal',
  new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  }),
);

const ports: Record<string, () => Promise<number>> = {
  worker: async () => {
    const worker = await testWorker(scriptedLabeler({}, { outcome: 'unlabeled' } as never).labeler);
    const { server, port } = await listen(worker.app, 0, '127.0.0.1');
    servers.push(server);
    return port;
  },
  'dead-letter receiver': async () => {
    const app = createDeadLetterReceiver({
      topic: {
        publish: () => Promise.reject(new Error('a probe must not publish')),
        close: () => Promise.resolve(),
      },
      topicName: 'projects/dualrun-probes/topics/dead-letters',
      logger: quiet,
      lifecycle: new Lifecycle(1),
    });
    const { server, port } = await listen(app, 0, '127.0.0.1');
    servers.push(server);
    return port;
  },
  'source probe server': async () => {
    const { server } = await listenForProbes(() => true, 0);
    servers.push(server);
    return (server.address() as AddressInfo).port;
  },
};

describe.each(Object.keys(ports))('%s', (name) => {
  let port: number;
  beforeAll(async () => {
    port = await (ports[name] as () => Promise<number>)();
  });

  test.each(
    ['/healthz', '/readyz'].flatMap((path) =>
      ['POST', 'PUT', 'DELETE'].flatMap((method) =>
        Object.keys(BODIES).map((body) => [method, path, body] as const),
      ),
    ),
  )('%s %s with %s → 405 with Allow: GET, HEAD', async (method, path, body) => {
    await expect(send(port, method, path, BODIES[body] ?? { headers: {} })).resolves.toEqual({
      status: 405,
      allow: 'GET, HEAD',
    });
  });
});
