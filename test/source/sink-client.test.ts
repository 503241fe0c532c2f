/**
 * The sink client against a real local HTTP server: the binary-mode request as sent, the bearer
 * token, the problem detail of an error answer, and the failures (timeout, refused, drain abort).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { toMessage } from '../../src/events/message';
import { createSinkClient, type SinkClient } from '../../src/source/sink-client';
import { freePort } from '../support/free-port';

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server;
let base: string;
let received: Received[];
let answer: (response: ServerResponse) => void;

beforeEach(async () => {
  received = [];
  answer = (response) => {
    response.writeHead(202).end();
  };
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { method, url, headers } = request;
      received.push({ method, url, headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(options: { token?: string; timeoutMs?: number; url?: string } = {}): SinkClient {
  return createSinkClient({
    url: options.url ?? `${base}/photos/default`,
    caCerts: undefined,
    timeoutMs: options.timeoutMs ?? 2_000,
    maxSockets: 4,
    token: () => Promise.resolve(options.token),
  });
}

const REQUEST = toMessage(
  {
    'Content-Type': 'application/json; charset=utf-8',
    'ce-id': '1001',
    'ce-subject': 'objects/a%20b',
  },
  '{"bucket":"b","name":"a b"}',
);

test('POSTs the headers and body as given, to the sink path, with the token', async () => {
  const sink = client({ token: 'header.payload.signature' });
  await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
    kind: 'status',
    status: 202,
    problem: undefined,
  });
  sink.close();
  expect(received).toEqual([
    {
      method: 'POST',
      url: '/photos/default',
      headers: expect.objectContaining({
        'content-type': 'application/json; charset=utf-8',
        'ce-id': '1001',
        'ce-subject': 'objects/a%20b',
        'content-length': '27',
        authorization: 'Bearer header.payload.signature',
      }),
      body: '{"bucket":"b","name":"a b"}',
    },
  ]);
});

test('sends no Authorization header without a token', async () => {
  const sink = client();
  await sink.send(REQUEST, new AbortController().signal);
  sink.close();
  expect(received[0]!.headers.authorization).toBeUndefined();
});

test.each<[string, string, string, string]>([
  [
    'a problem+json detail',
    'application/problem+json',
    '{"title":"Bad Request","detail":"header ce-type is missing"}',
    'header ce-type is missing',
  ],
  ['a problem+json title', 'application/problem+json', '{"title":"Bad Request"}', 'Bad Request'],
  ['a text body', 'text/plain', 'no such broker\n', 'no such broker'],
])('an error answer keeps %s', async (_title, contentType, body, problem) => {
  answer = (response) => {
    response.writeHead(400, { 'content-type': contentType }).end(body);
  };
  const sink = client();
  await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
    kind: 'status',
    status: 400,
    problem,
  });
  sink.close();
});

test('an answer later than the send timeout is a timeout', async () => {
  answer = (response) => {
    setTimeout(() => response.writeHead(202).end(), 500);
  };
  const sink = client({ timeoutMs: 50 });
  await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
    kind: 'failed',
    reason: 'timeout',
    message: 'the send timed out',
  });
  sink.close();
});

test('the drain signal aborts a send', async () => {
  answer = (response) => {
    setTimeout(() => response.writeHead(202).end(), 500);
  };
  const sink = client();
  const drain = new AbortController();
  const sent = sink.send(REQUEST, drain.signal);
  setTimeout(() => {
    drain.abort();
  }, 20);
  await expect(sent).resolves.toMatchObject({ kind: 'failed', reason: 'aborted' });
  sink.close();
});

test('a refused connection is a connection failure', async () => {
  const sink = client({ url: `http://127.0.0.1:${String(await freePort())}/` });
  await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
    kind: 'failed',
    reason: 'connection',
    message: expect.stringContaining('ECONNREFUSED'),
  });
  sink.close();
});

test('a token that cannot be read is a failed send, not a throw', async () => {
  const sink = createSinkClient({
    url: base,
    caCerts: undefined,
    timeoutMs: 1_000,
    maxSockets: 1,
    token: () => Promise.reject(new Error('EACCES: /oidc/token')),
  });
  await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
    kind: 'failed',
    reason: 'connection',
    message: 'no token for the sink: EACCES: /oidc/token',
  });
  expect(received).toEqual([]);
});

describe('https with K_CA_CERTS', () => {
  const tlsDir = path.resolve(__dirname, '../fixtures/tls');
  const cert = readFileSync(path.join(tlsDir, 'sink-cert.pem'), 'utf8');
  let tlsServer: HttpsServer;
  let tlsBase: string;

  beforeAll(async () => {
    tlsServer = createHttpsServer(
      { cert, key: readFileSync(path.join(tlsDir, 'sink-key.pem'), 'utf8') },
      (request, response) => {
        request.resume();
        request.on('end', () => {
          response.writeHead(202).end();
        });
      },
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsBase = `https://127.0.0.1:${String((tlsServer.address() as AddressInfo).port)}/`;
  });

  afterAll(async () => {
    tlsServer.closeAllConnections();
    await new Promise((resolve) => tlsServer.close(resolve));
  });

  const tlsClient = (caCerts: string | undefined) =>
    createSinkClient({
      url: tlsBase,
      caCerts,
      timeoutMs: 2_000,
      maxSockets: 1,
      token: () => Promise.resolve(undefined),
    });

  test('the sink certificate is trusted when K_CA_CERTS holds its CA', async () => {
    const sink = tlsClient(cert);
    await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
      kind: 'status',
      status: 202,
      problem: undefined,
    });
    sink.close();
  });

  test('without K_CA_CERTS a certificate outside the bundled roots is refused (nacked)', async () => {
    const sink = tlsClient(undefined);
    await expect(sink.send(REQUEST, new AbortController().signal)).resolves.toEqual({
      kind: 'failed',
      reason: 'connection',
      message: expect.stringMatching(/self-signed certificate/),
    });
    sink.close();
  });
});
