/**
 * `npm run send`: one delivery in a named format to a running worker; the request printed whole
 * with --show, the answer's status and problem detail; exit code 0 only when every answer is 2xx.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENCODING_IDS } from '../../src/events/encode/encodings';
import { LiveFeed } from '../../src/inspector/live-feed';
import { closeServer, startLocalWorker, type LocalWorker } from '../../src/inspector/local-worker';
import { InputError } from '../../src/inspector/object-ref';
import { runSend } from '../../src/inspector/cli/run-send';

let worker: LocalWorker;
let bucketDir: string;
const feed = new LiveFeed();

beforeAll(async () => {
  bucketDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-send-'));
  worker = await startLocalWorker(bucketDir, feed);
});

afterAll(async () => {
  await worker.close();
  await rm(bucketDir, { recursive: true, force: true });
});

async function send(
  options: Parameters<typeof runSend>[0],
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runSend(options, (text) => lines.push(text));
  return { code, output: lines.join('\n') };
}

test('--show prints the whole request, base64 data uncut, then the 204; exit 0', async () => {
  const { code, output } = await send({
    format: 'pubsub-push',
    to: worker.url.href,
    show: true,
    uploadedAtMs: 1,
  });
  expect(code).toBe(0);
  const [, data] = /"data":"([^"]+)"/.exec(output) ?? [];
  expect(JSON.parse(Buffer.from(data ?? '', 'base64').toString())).toMatchObject({
    bucket: 'demo-bucket',
    name: 'samples/sunset.jpg',
    generation: '1000',
  });
  expect(output).toMatch(
    /^POST \/ HTTP\/1\.1\nhost: 127\.0\.0\.1:\d+\ncontent-type: application\/json\n/m,
  );
  expect(output).toMatch(/→ 204 No Content$/m);
  expect(feed.recent().at(-1)?.record).toMatchObject({
    outcome: 'ignored',
    delivery: { format: 'pubsub-push' },
  });
});

test('--format all sends each format; --header adds a header; without --show no request is printed', async () => {
  const { code, output } = await send({
    format: 'all',
    object: 'gs://photos/all.jpg',
    to: worker.url.href,
    headers: ['X-Trace-Note: from-the-test'],
  });
  expect(code).toBe(0);
  expect(output.match(/^→ 204 No Content$/gm)).toHaveLength(ENCODING_IDS.length);
  expect(output).not.toContain('HTTP/1.1');
});

describe('a worker that refuses', () => {
  let refusing: Server;
  let url: string;
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    refusing = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(400, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          type: 'urn:dualrun:problem:invalid-event',
          title: 'Invalid event',
          status: 400,
          detail: 'header ce-id is missing',
          code: 'invalid-event',
          pointer: 'header ce-id',
        }),
      );
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`;
  });
  afterAll(() => closeServer(refusing));

  test('a 400: the problem detail is printed, exit 1, the extra header was sent', async () => {
    const { code, output } = await send({
      format: 'cloudevent-binary',
      to: url,
      headers: ['Authorization: Bearer t0ken'],
    });
    expect(code).toBe(1);
    expect(output).toMatch(
      /→ 400 Bad Request\n\{\n {2}"type": "urn:dualrun:problem:invalid-event"/,
    );
    expect(output).toContain('"detail": "header ce-id is missing"');
    expect(seen).toEqual(['Bearer t0ken']);
  });
});

test('no worker listening: the reason, exit 1', async () => {
  const closed = await startLocalWorker(bucketDir, feed);
  await closed.close();
  const { code, output } = await send({ format: 'gcf-legacy', to: closed.url.href });
  expect(code).toBe(1);
  expect(output).toContain(`→ no answer from ${closed.url.href}`);
});

test.each([
  [
    'an unknown format',
    { format: 'pubsub' },
    /--format "pubsub": expected all or one of pubsub-push, /,
  ],
  [
    'an object that is no gs:// URI',
    { format: 'all', object: 'photos/cat.jpg' },
    /expected gs:\/\//,
  ],
  [
    'a header without a colon',
    { format: 'all', headers: ['Authorization Bearer x'] },
    /--header .*expected "Name: value"/,
  ],
  ['a URL that is no URL', { format: 'all', to: 'localhost:8080' }, /only http: and https:/],
])('%s is a usage error', async (_case, options, message) => {
  await expect(send(options)).rejects.toThrow(InputError);
  await expect(send(options)).rejects.toThrow(message);
});
