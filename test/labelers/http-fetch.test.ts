import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createHttpFetch, type HttpFetch } from '../../src/labelers/http-fetch';

let server: Server | undefined;
let transport: HttpFetch | undefined;

/** A server on 127.0.0.1 answering with `listener`; resolves with its base URL. */
async function serve(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function started(): HttpFetch {
  transport = createHttpFetch();
  return transport;
}

afterEach(async () => {
  transport?.close();
  server?.closeAllConnections();
  const closing = server;
  if (closing) await new Promise((resolve) => closing.close(resolve));
  server = undefined;
  transport = undefined;
});

test('sends method, headers and a string body with its length; answers a Response', async () => {
  const seen: { method?: string; type?: string; length?: string; body?: string }[] = [];
  const base = await serve((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { method } = req;
      seen.push({
        ...(method ? { method } : {}),
        body,
        ...(req.headers['content-type'] ? { type: req.headers['content-type'] } : {}),
        ...(req.headers['content-length'] ? { length: req.headers['content-length'] } : {}),
      });
      res.writeHead(201, { 'content-type': 'application/json', 'x-one': ['a', 'b'] });
      res.end('{"ok":true}');
    });
  });
  const response = await started().fetch(new URL(`${base}/v1/images:annotate`), {
    method: 'POST',
    headers: new Headers({ 'content-type': 'application/json' }),
    body: '{"é":1}',
  });
  expect(seen).toEqual([
    { method: 'POST', type: 'application/json', length: '8', body: '{"é":1}' },
  ]);
  expect(response.status).toBe(201);
  expect(response.ok).toBe(true);
  expect(response.headers.get('x-one')).toBe('a, b');
  expect(await response.json()).toEqual({ ok: true });
});

test('reuses one keep-alive connection for calls in sequence', async () => {
  const ports = new Set<number>();
  const base = await serve((req, res) => {
    ports.add(req.socket.remotePort ?? 0);
    res.end('{}');
  });
  const { fetch } = started();
  for (let call = 0; call < 3; call++)
    await (await fetch(base, { method: 'POST', body: '' })).text();
  expect(ports.size).toBe(1);
});

test('decodes a gzip body, as fetch does', async () => {
  const base = await serve((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' });
    res.end(gzipSync('{"responses":[]}'));
  });
  const response = await started().fetch(base);
  expect(await response.text()).toBe('{"responses":[]}');
  expect(response.headers.get('content-encoding')).toBeNull();
});

test('a connection cut before the whole answer rejects with an Error naming the URL', async () => {
  const base = await serve((req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('{"resp', () => req.socket.destroy());
  });
  await expect(started().fetch(base)).rejects.toThrow(new RegExp(`^request to ${base}/ failed: `));
});

test('an aborted request rejects with an AbortError', async () => {
  const base = await serve(() => undefined);
  const controller = new AbortController();
  const call = started().fetch(base, { signal: controller.signal });
  setTimeout(() => {
    controller.abort();
  }, 20);
  await expect(call).rejects.toMatchObject({ name: 'AbortError' });
});

test('refuses what it does not carry: https URLs and stream bodies', async () => {
  const { fetch } = started();
  await expect(fetch('https://127.0.0.1:1/')).rejects.toThrow(TypeError);
  await expect(
    fetch('http://127.0.0.1:1/', { method: 'POST', body: new ReadableStream() }),
  ).rejects.toThrow(TypeError);
});

test('the answer is read once, as a Response body is; its body iterates as one chunk', async () => {
  const base = await serve((_req, res) => {
    res.end('{"a":1}');
  });
  const { fetch } = started();
  const response = await fetch(base);
  expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('{"a":1}');
  await expect(response.text()).rejects.toThrow(TypeError);
  const chunks: Buffer[] = [];
  for await (const chunk of (await fetch(base)).body as unknown as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  expect(Buffer.concat(chunks).toString('utf8')).toBe('{"a":1}');
});

test('a 204 has no body', async () => {
  const base = await serve((_req, res) => {
    res.writeHead(204).end();
  });
  const response = await started().fetch(base);
  expect(response.status).toBe(204);
  expect(response.body).toBeNull();
  expect(await response.text()).toBe('');
});
