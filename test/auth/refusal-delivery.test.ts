import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { testWorker } from '../support/test-worker';
import { AUDIENCE, PUSH_SENDER } from './push-sender';

/**
 * A 401 closes the connection (`Connection: close`). A body the worker has not read when it closes
 * makes the kernel reset the connection instead of closing it, and the client may lose the answer
 * still queued for it. Each client here sends its headers, then its body a little later, and reads
 * only after that: every one must read its 401, and the worker must have read every body before
 * its answer was complete (so nothing is left unread when it closes).
 */
const ENV = {
  AUTH_MODE: 'oidc',
  AUTH_AUDIENCE: AUDIENCE,
  AUTH_ALLOWED_EMAILS: PUSH_SENDER,
  AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
};

let server: Server;
let port: number;
/** Per answered request: whether its body had been read when its answer was complete. */
const bodyReadAtFinish: boolean[] = [];

beforeAll(async () => {
  const worker = await testWorker(undefined, ENV);
  const callback = worker.app.callback();
  server = createServer((req, res) => {
    res.on('finish', () => bodyReadAtFinish.push(req.complete));
    void callback(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => {
    server.close(resolve);
  });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts `body` (with no token unless `headers` holds one), the body 20 ms after the headers;
 * resolves with what was read, or the socket error.
 */
function refusedPost(
  body: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.pause();
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('end', () => {
      resolve(received);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      resolve(`error ${error.code ?? ''}`);
    });
    const head = Object.entries({
      Host: 'worker',
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      ...headers,
    })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`POST /push HTTP/1.1\r\n${head}\r\n`);
    void delay(20)
      .then(() => {
        socket.write(body);
        return delay(40);
      })
      .then(() => socket.resume());
  });
}

test('200 concurrent refused requests with 300-byte bodies each read their 401, none is reset', async () => {
  bodyReadAtFinish.length = 0;
  const body = JSON.stringify({ padding: 'x'.repeat(286) });
  expect(Buffer.byteLength(body)).toBe(300);
  const answers = await Promise.all(Array.from({ length: 200 }, () => refusedPost(body)));
  const firstLines = answers.map((answer) => answer.split('\r\n')[0]);
  expect(firstLines).toEqual(answers.map(() => 'HTTP/1.1 401 Unauthorized'));
  expect(bodyReadAtFinish).toEqual(answers.map(() => true));
});

test('a body declared larger than 64 KiB is not waited for: the 401 comes before it is sent', async () => {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  socket.write(
    'POST /push HTTP/1.1\r\nHost: worker\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n',
  );
  const firstChunk = await new Promise<string>((resolve) => {
    socket.once('data', (chunk: Buffer) => {
      resolve(chunk.toString());
    });
  });
  socket.destroy();
  expect(firstChunk.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
  expect(Date.now() - started).toBeLessThan(900);
});

test("request headers over Node's 16 KiB limit (a huge token) are answered 431 by Node", async () => {
  const answer = await refusedPost('{}', { Authorization: `Bearer ${'a'.repeat(17 * 1024)}` });
  expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
});
