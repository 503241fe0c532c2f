import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENCODINGS } from '../../src/events/encode/encodings';
import { runDemo, SOURCE_CHAIN_ROW } from '../../src/demo/run-demo';
import { PUBSUB_FAKE_PEER } from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS, testPeerBinary } from '../support/test-peer-binary';

// The Knative path's row runs Google's Pub/Sub fake: built here when missing.
beforeAll(async () => {
  await testPeerBinary(PUBSUB_FAKE_PEER);
}, PEER_BUILD_TIMEOUT_MS);

test('the demo delivers one upload in every format, each labeled, with the same canonical event and the same result event', async () => {
  const lines: string[] = [];
  const failures = await runDemo({}, (text) => {
    lines.push(...text.split('\n'));
  });
  const output = lines.join('\n');
  expect(failures).toBe(0);
  for (const encoding of ENCODINGS) {
    // RESULTS_MODE=reply: 200 with the result event; a batch, whose reply could carry one event, 204.
    const [status, result] =
      encoding.format === 'cloudevent-batch' ? ['204', '-'] : ['200', 'labeled\\.v1 [0-9a-f]{12}…'];
    expect(output).toMatch(
      new RegExp(
        `^${encoding.id} +${status} +\\d+ +storage…finalized +objects/samples/sunset\\.jpg +labeled .* ${result}$`,
        'm',
      ),
    );
  }
  expect(output).toContain(
    `Same result event (every attribute and the data) in the ${ENCODINGS.length - 1} formats answered with one (a batch gets 204: a reply carries one event): yes`,
  );
  expect(output).toMatch(/^ {2}"type": "dev\.dualrun\.image\.labeled\.v1",$/m);
  expect(output).toMatch(/^ {4}"labeler": "local",$/m);
  expect(output).toContain(
    `Same canonical event (id, type, source, subject, time, bucket, name, generation) in all ${ENCODINGS.length} formats: yes`,
  );
  expect(output).toContain(`labeled once, then ${ENCODINGS.length - 1} × duplicate`);
  expect(output).toMatch(/^samples\/ocean\.jpg .* labeled .*blue +labeled\.v1 [0-9a-f]{12}…$/m);
  // The Knative path: the notification through the fake, the kit's source and a worker.
  expect(output).toMatch(
    new RegExp(
      `^${SOURCE_CHAIN_ROW} +200 +m\\d+ +storage…finalized +objects/samples/sunset\\.jpg +labeled .* labeled\\.v1 [0-9a-f]{12}…$`,
      'm',
    ),
  );
  expect(output).toMatch(
    /^notification → source → worker \(the Knative path, .*\): .*: the same event but its id, which is the Pub\/Sub message id \(m\d+\), so its result event's id differs too \([0-9a-f]{32}\)$/m,
  );
}, 60_000);

test('without the Pub/Sub fake, the row of the Knative path is skipped, saying why and how to build it', async () => {
  const emptyCache = mkdtempSync(path.join(os.tmpdir(), 'dualrun-no-peers-'));
  try {
    const lines: string[] = [];
    const failures = await runDemo({ env: { DUALRUN_CACHE_DIR: emptyCache } }, (text) => {
      lines.push(...text.split('\n'));
    });
    expect(failures).toBe(0);
    expect(lines.filter((line) => line.startsWith(SOURCE_CHAIN_ROW))).toEqual([
      expect.stringMatching(
        /^notification → source → worker: skipped: Google's Pub\/Sub fake \(pstest\) is not built \(.*\): run \.ci\/build-test-peers pubsub-fake \(needs Go\), then npm run demo again$/,
      ),
    ]);
  } finally {
    rmSync(emptyCache, { recursive: true, force: true });
  }
}, 60_000);

test('with --images, a directory without images is a clear error', async () => {
  await expect(runDemo({ imagesDir: __dirname }, () => undefined)).rejects.toThrow(
    /no \.jpg, \.png/,
  );
});
