import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, ResultsWriteError } from '../../src/errors';
import type { HandledEvent } from '../../src/records/handled-event';
import { openResultsFile } from '../../src/records/results-file';

function record(id: string, bytes: number): HandledEvent {
  return {
    event: {
      specversion: '1.0',
      id,
      source: '//pubsub.googleapis.com/projects/p/topics/t',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      datacontenttype: 'application/json',
      data: { message: { data: 'A'.repeat(bytes), messageId: id } },
    },
    delivery: { format: 'pubsub-push', id },
    outcome: 'ignored',
    reason: 'not a Cloud Storage notification',
  };
}

test('large records appended at the same time stay whole lines, in the order appended', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-results-'));
  const file = path.join(dir, 'results.jsonl');
  const sink = await openResultsFile(file);
  const ids = Array.from({ length: 10 }, (_, index) => `m${index}`);
  await Promise.all(ids.map((id) => sink.append(record(id, 1_500_000))));
  await sink.close();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  expect(lines.map((line) => (JSON.parse(line) as HandledEvent).event.id)).toEqual(ids);
  await rm(dir, { recursive: true, force: true });
});

test('appends made while a write is under way go out together, and each resolves only once its own line is in the file', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-results-'));
  const file = path.join(dir, 'results.jsonl');
  const sink = await openResultsFile(file);
  const ids = Array.from({ length: 200 }, (_, index) => `g${index}`);
  const onDiskAtResolve = await Promise.all(
    ids.map((id) =>
      sink.append(record(id, 100)).then(async () => {
        const text = await readFile(file, 'utf8');
        return text.includes(`"id":"${id}"`);
      }),
    ),
  );
  expect(onDiskAtResolve.every(Boolean)).toBe(true);
  await sink.close();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  expect(lines.map((line) => (JSON.parse(line) as HandledEvent).event.id)).toEqual(ids);
  await expect(sink.append(record('late', 10))).rejects.toThrow('the results file is closed');
  await rm(dir, { recursive: true, force: true });
});

test('a write that fails (a full disk: /dev/full) is a ResultsWriteError that needs an operator', async () => {
  const sink = await openResultsFile('/dev/full');
  const appended = sink.append(record('full', 10));
  await expect(appended).rejects.toThrow(ResultsWriteError);
  await expect(appended).rejects.toMatchObject({
    code: 'results-unwritable',
    needsOperator: true,
    message: expect.stringContaining('ENOSPC') as unknown,
  });
  await sink.close();
});

describe('RESULTS_FILE that is a FIFO (a named pipe)', () => {
  let dir: string;
  let fifo: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-results-'));
    fifo = path.join(dir, 'results.fifo');
    execFileSync('mkfifo', [fifo]);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('with no reader: a ConfigError at once, naming RESULTS_FILE, not a start that hangs', async () => {
    const opened = openResultsFile(fifo);
    await expect(opened).rejects.toThrow(ConfigError);
    await expect(opened).rejects.toMatchObject({
      variable: 'RESULTS_FILE',
      message: `RESULTS_FILE=${JSON.stringify(fifo)} is a FIFO that no process reads: start its reader first`,
    });
  });

  test('with a reader: records reach it', async () => {
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString('utf8')));
    const ended = new Promise((resolve) => reader.on('close', resolve));
    // cat opens the FIFO for reading once it runs; until then there is no reader.
    let sink: Awaited<ReturnType<typeof openResultsFile>> | undefined;
    for (let attempt = 0; attempt < 100 && sink === undefined; attempt++) {
      sink = await openResultsFile(fifo).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return undefined;
      });
    }
    expect(sink).toBeDefined();
    await sink?.append(record('piped', 10));
    await sink?.close();
    await ended;
    expect((JSON.parse(read) as HandledEvent).event.id).toBe('piped');
  });
});
