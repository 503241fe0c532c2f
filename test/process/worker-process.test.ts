import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFakeVisionServer, type FakeVisionServer } from '../support/fake-vision-server';
import { pushBody } from '../support/push-body';

/** The built worker as `npm start` runs it: a real child process, configured by its environment. */
const entry = path.resolve(__dirname, '../../dist/src/main.js');

beforeAll(() => {
  if (existsSync(entry)) return;
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: path.resolve(__dirname, '../..'),
  });
  if (build.status !== 0) throw new Error(`build failed: ${String(build.stderr)}`);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

async function waitReady(base: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the worker did not become ready');
}

test.each([
  ['LABELER', 'gpt'],
  ['PORT', 'http'],
  ['MAX_IN_FLIGHT', '0'],
])('invalid %s=%s: exit code 1 and one line naming the variable', (variable, value) => {
  const result = spawnSync(process.execPath, [entry], {
    env: { PATH: process.env.PATH, [variable]: value },
    encoding: 'utf8',
    timeout: 10_000,
  });
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`${variable}="${value}" is invalid`);
});

test.each([
  ['RESULTS_FILE', '/nonexistent/dir/results.jsonl', 'cannot be opened for appending: ENOENT'],
  [
    'LOCAL_BUCKET_DIR',
    '/nonexistent',
    'is invalid: expected an existing directory holding <bucket>/<object name>',
  ],
])('unusable %s=%s: exit code 1 at start and one line', (variable, value, message) => {
  const result = spawnSync(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      LABELER: 'local',
      LOCAL_BUCKET_DIR: os.tmpdir(),
      [variable]: value,
    },
    encoding: 'utf8',
    timeout: 10_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([`dualrun: ${variable}="${value}" ${message}`]);
});

test('a port in use: exit code 1 and one line naming PORT', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, resolve));
  const { port } = blocker.address() as net.AddressInfo;
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, PORT: String(port), LABELER: 'none' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = await exitOf(child);
  blocker.close();
  expect(exited.code).toBe(1);
  expect(stderr.trim().split('\n')).toEqual([
    `dualrun: PORT="${port}" is invalid: the port is in use`,
  ]);
});

test('with its log pipe closed (stdout EPIPE), SIGTERM still ends the process promptly', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, PORT: String(port), LABELER: 'none' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = exitOf(child);
  await waitReady(`http://127.0.0.1:${port}`);
  child.stdout.destroy();
  await fetch(`http://127.0.0.1:${port}/healthz`);
  const signalled = Date.now();
  child.kill('SIGTERM');
  await expect(exited).resolves.toEqual({ code: 0, signal: null });
  expect(Date.now() - signalled).toBeLessThan(10_000);
});

test('log lines are batched yet none is late or lost: a lone line within a second, all by exit', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, PORT: String(port), LABELER: 'none' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = exitOf(child);
  const lines: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const handledIds = () =>
    lines.map((line) => (JSON.parse(line) as { eventId?: string }).eventId).filter(Boolean);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base);
  const post = (messageId: string) =>
    fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pushBody({ name: `${messageId}.txt`, messageId })),
    }).then((response) => response.status);
  await expect(post('1')).resolves.toBe(204);
  const lone = Date.now();
  while (handledIds().length === 0 && Date.now() - lone < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(Date.now() - lone).toBeLessThan(1_000);
  await expect(Promise.all(['2', '3', '4'].map(post))).resolves.toEqual([204, 204, 204]);
  child.kill('SIGTERM');
  await expect(exited).resolves.toEqual({ code: 0, signal: null });
  expect(handledIds().sort()).toEqual(['1', '2', '3', '4']);
  expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ message: 'stopped (drained)' });
});

describe('SIGTERM drain', () => {
  let vision: FakeVisionServer;
  let work: string;

  beforeEach(async () => {
    vision = await startFakeVisionServer({
      kind: 'delay',
      delayMs: 1500,
      then: { kind: 'labels', labels: [{ description: 'Cat', score: 0.9 }] },
    });
    work = await mkdtemp(path.join(os.tmpdir(), 'dualrun-process-'));
  });

  afterEach(async () => {
    await vision.close();
    await rm(work, { recursive: true, force: true });
  });

  test('readiness turns 503, the slow event in flight completes and is recorded, exit 0 within 10 s', async () => {
    const port = await freePort();
    const resultsFile = path.join(work, 'results.jsonl');
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        LABELER: 'vision',
        VISION_API_ENDPOINT: vision.url,
        RESULTS_FILE: resultsFile,
      },
      stdio: 'ignore',
    });
    const exited = exitOf(child);
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base);
    const inFlight = fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        pushBody({ name: 'slow.jpg', contentType: 'image/jpeg', messageId: '77' }),
      ),
    }).then((response) => response.status);
    while (vision.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalled = Date.now();
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const readyDuringDrain = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    await expect(inFlight).resolves.toBe(204);
    await expect(exited).resolves.toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect([503, 0]).toContain(readyDuringDrain);
    const records = (await readFile(resultsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(records).toEqual([
      expect.objectContaining({ outcome: 'labeled', event: expect.objectContaining({ id: '77' }) }),
    ]);
  });
});
