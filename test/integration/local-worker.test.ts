import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { writeSampleBucket } from '../../src/demo/sample-images';
import { pushBody } from '../support/push-body';
import { testWorker, type TestWorker } from '../support/test-worker';

/** The whole worker with LABELER=local over a local bucket of the project's own sample images. */
let bucketDir: string;
let worker: TestWorker;

beforeAll(async () => {
  bucketDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-local-'));
  await writeSampleBucket(bucketDir, 'demo-bucket');
  await writeFile(
    path.join(bucketDir, 'demo-bucket', 'samples', 'broken.jpg'),
    'this is not a jpeg',
  );
  worker = await testWorker(undefined, { LABELER: 'local', LOCAL_BUCKET_DIR: bucketDir });
});

afterAll(async () => {
  await rm(bucketDir, { recursive: true, force: true });
});

test.each([
  { name: 'samples/sunset.jpg', outcome: 'labeled', label: 'JPEG image' },
  { name: 'samples/forest.png', outcome: 'labeled', label: 'PNG image' },
  { name: 'samples/broken.jpg', outcome: 'unlabelable', label: undefined },
  { name: 'samples/gone.jpg', outcome: 'ignored', label: undefined },
])('$name → 204 $outcome', async ({ name, outcome, label }) => {
  const messageId = String(worker.records.length + 100);
  const response = await request(worker.app.callback())
    .post('/')
    .send(pushBody({ name, contentType: 'image/jpeg', messageId, generation: messageId }));
  expect(response.status).toBe(204);
  const record = worker.records.at(-1);
  expect(record).toMatchObject({
    outcome,
    labeler: 'local',
    event: { subject: `objects/${name}` },
  });
  expect(record?.labels?.[0]?.description).toBe(label);
});
