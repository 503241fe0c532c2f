import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startGrpcStandIn,
  startRestStandIn,
  type VisionStandIn,
} from '../../src/startup/build/vision-stand-ins';
import { pushBody } from '../support/push-body';
import { ensureBuilt, startWorkerChild, type WorkerChild } from '../support/worker-child';

/**
 * The worker as `npm start` runs it, `LABELER=vision`: `dist/bundle/main.js` loads the Vision
 * client's own bundle, `dist/bundle/vision.js`, from its code cache on the first event, and labels
 * through the transport the endpoint names.
 */
const ROOT = path.resolve(__dirname, '../..');
const LABELS = [{ description: 'Cat', score: 0.5 }];

let standIns: Record<'rest' | 'grpc', VisionStandIn>;
let workers: WorkerChild[];

beforeAll(async () => {
  ensureBuilt();
  standIns = { rest: await startRestStandIn(LABELS), grpc: await startGrpcStandIn(LABELS) };
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(standIns).map((standIn) => standIn.close()));
});

beforeEach(() => {
  workers = [];
});

afterEach(async () => {
  for (const worker of workers) {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
});

async function labelOne(worker: WorkerChild, messageId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${worker.base}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId })),
  });
  expect(response.status).toBe(204);
  return worker.logLine((line) => line.eventId === messageId);
}

test.each(['rest', 'grpc'] as const)(
  'the built worker labels over %s, with no warning about the code cache',
  async (transport) => {
    const worker = await startWorkerChild({
      LABELER: 'vision',
      VISION_API_ENDPOINT: standIns[transport].url,
    });
    workers.push(worker);

    const line = await labelOne(worker, '1');

    expect(line).toMatchObject({ outcome: 'labeled', labelCount: LABELS.length });
    expect(worker.logs().filter((entry) => entry.severity === 'WARNING')).toEqual([]);
  },
  30_000,
);

describe('a copy of the build with a damaged Vision code cache', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dualrun-vision-'));
    cpSync(path.join(ROOT, 'dist/src/startup'), path.join(dir, 'src/startup'), { recursive: true });
    cpSync(path.join(ROOT, 'dist/bundle'), path.join(dir, 'bundle'), { recursive: true });
    const cacheFile = path.join(dir, 'bundle/vision.js.cache');
    const bytes = readFileSync(cacheFile);
    for (let at = 100; at < bytes.length; at += 1024) bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(cacheFile, bytes);
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('one WARNING line naming the cache, and the image is labeled all the same', async () => {
    const worker = await startWorkerChild(
      { LABELER: 'vision', VISION_API_ENDPOINT: standIns.rest.url },
      path.join(dir, 'src/startup/start.js'),
    );
    workers.push(worker);

    const line = await labelOne(worker, '2');

    expect(line).toMatchObject({ outcome: 'labeled', labelCount: LABELS.length });
    expect(await worker.logLine((entry) => entry.severity === 'WARNING')).toMatchObject({
      warning: { code: 'DUALRUN_CODE_CACHE_REJECTED' },
      message: expect.stringContaining('vision.js.cache was not used: damaged') as unknown,
    });
  }, 30_000);
});
