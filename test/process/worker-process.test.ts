import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFakeVisionServer, type FakeVisionServer } from '../support/fake-vision-server';
import { freePort } from '../support/free-port';
import { gate } from '../support/scripted-labeler';
import { ensureBuilt, startWorkerChild, WORKER_ENTRY } from '../support/worker-child';
import { pushBody } from '../support/push-body';

/** The built worker as `npm start` runs it: a real child process, configured by its environment. */
const entry = WORKER_ENTRY;

beforeAll(() => {
  ensureBuilt();
}, 60_000);

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

test('RESULTS_FILE a FIFO that no process reads: exit code 1 at start and one line, no hang', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-fifo-'));
  const fifo = path.join(dir, 'results.fifo');
  spawnSync('mkfifo', [fifo]);
  const result = spawnSync(process.execPath, [entry], {
    env: { PATH: process.env.PATH, LABELER: 'none', RESULTS_FILE: fifo },
    encoding: 'utf8',
    timeout: 10_000,
  });
  await rm(dir, { recursive: true, force: true });
  expect(result.signal).toBeNull();
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([
    `dualrun: RESULTS_FILE=${JSON.stringify(fifo)} is a FIFO that no process reads: start its reader first`,
  ]);
});

test('the worker runs on Node.js 24 LTS, and says so in its start line', async () => {
  const worker = await startWorkerChild({ LABELER: 'none' });
  try {
    const started = await worker.logLine((line) => typeof line.port === 'number');
    expect(started.node).toMatch(/^v24\./);
    expect(started.node).toBe(process.version);
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
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

test('an acknowledged event has its log line written before the 204: a SIGKILL right after loses none', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dualrun-sigkill-'));
  const resultsFile = path.join(work, 'results.jsonl');
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, PORT: String(port), LABELER: 'none', RESULTS_FILE: resultsFile },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = exitOf(child);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const stdoutEnded = new Promise((resolve) => child.stdout.on('end', resolve));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base);
    const post = (messageId: string) =>
      fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pushBody({ name: `${messageId}.txt`, messageId })),
      }).then((response) => response.status);
    await expect(Promise.all(['k1', 'k2', 'k3'].map(post))).resolves.toEqual([204, 204, 204]);
    child.kill('SIGKILL');
    await expect(exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    await stdoutEnded;
    const records = (await readFile(resultsFile, 'utf8')).trim().split('\n');
    expect(records).toHaveLength(3);
    const logged = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { eventId?: string }).eventId)
      .filter(Boolean);
    expect(logged.sort()).toEqual(['k1', 'k2', 'k3']);
  } finally {
    child.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
  }
});

test('a process warning (as gcp-metadata emits) is a JSON WARNING line on stdout; stderr stays empty', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dualrun-warning-'));
  // Preloaded into the worker: emits a MetadataLookupWarning when the test sends SIGUSR2.
  const preload = path.join(work, 'emit-warning.js');
  await writeFile(
    preload,
    "process.on('SIGUSR2', () => process.emitWarning('received unexpected error = ENOTFOUND', 'MetadataLookupWarning'));\n",
  );
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', preload, entry], {
    env: { PATH: process.env.PATH, PORT: String(port), LABELER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    await waitReady(`http://127.0.0.1:${port}`);
    child.kill('SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    await expect(exited).resolves.toEqual({ code: 0, signal: null });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toContainEqual(
    expect.objectContaining({
      severity: 'WARNING',
      message: 'received unexpected error = ENOTFOUND',
      warning: { name: 'MetadataLookupWarning' },
    }),
  );
  expect(stderr).toBe('');
});

describe('SIGTERM drain', () => {
  const release = gate();
  let vision: FakeVisionServer;
  let work: string;

  beforeEach(async () => {
    vision = await startFakeVisionServer({
      kind: 'hold',
      until: release.promise,
      then: { kind: 'labels', labels: [{ description: 'Cat', score: 0.9 }] },
    });
    work = await mkdtemp(path.join(os.tmpdir(), 'dualrun-process-'));
  });

  afterEach(async () => {
    release.open();
    await vision.close();
    await rm(work, { recursive: true, force: true });
  });

  test('with slow events in flight: readiness 503 and new events 503 on an open connection, no new connections, every in-flight event completes and is recorded, exit 0 within 10 s', async () => {
    const resultsFile = path.join(work, 'results.jsonl');
    const worker = await startWorkerChild({
      LABELER: 'vision',
      VISION_API_ENDPOINT: vision.url,
      RESULTS_FILE: resultsFile,
    });
    const { port } = new URL(worker.base);
    // One keep-alive connection carries the first slow event; the probe and a new event follow it
    // on the same connection after SIGTERM (pipelined): the server handles each as it arrives and
    // answers them in order, once the event before them is done.
    const connection = net.connect(Number(port), '127.0.0.1');
    const answers = new Promise<string>((resolve) => {
      let received = '';
      connection.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      connection.on('close', () => {
        resolve(received);
      });
    });
    connection.write(
      rawPost(pushBody({ name: 'slow/0.jpg', contentType: 'image/jpeg', messageId: '70' })),
    );
    const others = ['71', '72'].map((messageId) =>
      fetch(`${worker.base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          pushBody({ name: `slow/${messageId}.jpg`, contentType: 'image/jpeg', messageId }),
        ),
      }).then((response) => response.status),
    );
    while (vision.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));

    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    await worker.logLine((line) => line.message === 'SIGTERM: draining');
    connection.write(`GET /readyz HTTP/1.1\r\nHost: worker\r\n\r\n`);
    connection.write(
      rawPost(pushBody({ name: 'late.jpg', contentType: 'image/jpeg', messageId: '73' })),
    );
    // No new connection is taken: refused, or reset when it reached the kernel's accept queue in
    // the instant between the log line and the listening socket's close.
    await expect(fetch(`${worker.base}/readyz`)).rejects.toMatchObject({
      cause: expect.objectContaining({ code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) }),
    });
    release.open();

    await expect(Promise.all(others)).resolves.toEqual([204, 204]);
    expect(parseResponses(await answers)).toEqual([
      { status: 204, body: '' },
      { status: 503, body: JSON.stringify({ status: 'draining', inFlight: 3 }) },
      { status: 503, body: expect.stringContaining('"code":"shutting-down"') },
    ]);
    await expect(worker.exited).resolves.toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const records = (await readFile(resultsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { outcome: string; event: { id: string } });
    expect(records.map((record) => [record.event.id, record.outcome]).sort()).toEqual([
      ['70', 'labeled'],
      ['71', 'labeled'],
      ['72', 'labeled'],
    ]);
  });
});

/** A keep-alive HTTP/1.1 POST of a JSON body, as raw bytes. */
function rawPost(body: unknown): string {
  const json = JSON.stringify(body);
  return `POST / HTTP/1.1\r\nHost: worker\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

/** The responses on one connection, in order: status and body (by Content-Length). */
function parseResponses(raw: string): { status: number; body: string }[] {
  const responses: { status: number; body: string }[] = [];
  let rest = raw;
  for (;;) {
    const head = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/.exec(rest);
    if (head === null) return responses;
    const length = Number(/^content-length:\s*(\d+)/im.exec(head[2] ?? '')?.[1] ?? 0);
    const start = head[0].length;
    responses.push({ status: Number(head[1]), body: rest.slice(start, start + length) });
    rest = rest.slice(start + length);
  }
}
