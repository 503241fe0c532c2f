import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ResultsWriteError } from '../../src/errors';
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
