/**
 * The `vision` labeler in a real Node process with no Google credentials anywhere, configured by
 * its environment alone: no `GOOGLE_APPLICATION_CREDENTIALS`, a home directory that does not exist
 * (no gcloud well-known file), no metadata server. Node ends a process on an unhandled rejection;
 * the child records them instead, so the test can assert there were none. Runs the build output
 * (`npm test` builds before jest; a missing or stale build is rebuilt here).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { startFakeVisionServer } from '../support/fake-vision-server';

const root = path.resolve(__dirname, '../..');
const labelerModule = path.join(root, 'dist/src/labelers/vision-labeler.js');

/** The sources the child loads, each with its build output. */
const BUILT = ['src/labelers/vision-labeler', 'src/labelers/vision-error-table', 'src/errors'];

beforeAll(() => {
  const stale = BUILT.some((file) => {
    const output = path.join(root, 'dist', `${file}.js`);
    return (
      !existsSync(output) ||
      statSync(output).mtimeMs < statSync(path.join(root, `${file}.ts`)).mtimeMs
    );
  });
  if (!stale) return;
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
  if (build.status !== 0) throw new Error(`build failed: ${String(build.stdout)}`);
}, 60_000);

/** What the child reports: each call's outcome, and the unhandled rejections it saw. */
interface ChildReport {
  readonly calls: readonly {
    readonly resolved?: unknown;
    readonly rejected?: string;
    readonly code?: string;
    readonly message?: string;
  }[];
  /** `resolved`, or `rejected: <message>`. */
  readonly closed: string;
  readonly unhandled: readonly string[];
}

/** Two label() calls in turn, a pause for stray rejections, close(), then a {@link ChildReport}. */
const CHILD = `
const unhandled = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason instanceof Error ? reason.message : String(reason));
});
const { createVisionLabeler } = require(${JSON.stringify(labelerModule)});
(async () => {
  const endpoint = process.argv[1];
  const labeler = createVisionLabeler({ apiEndpoint: endpoint || undefined, timeoutMs: 5000 });
  const calls = [];
  for (let call = 0; call < 2; call++) {
    calls.push(
      await labeler.label({ bucket: 'photos', name: 'cat.jpg' }).then(
        (resolved) => ({ resolved }),
        (error) => ({ rejected: error.name, code: error.code, message: error.message }),
      ),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const closed = await labeler.close().then(
    () => 'resolved',
    (error) => 'rejected: ' + error.message,
  );
  process.stdout.write(JSON.stringify({ calls, closed, unhandled }) + '\\n');
})();
`;

/** Runs {@link CHILD} with `endpoint` ('' for Google's) and no credentials; at most 20 s. */
function runChild(
  endpoint: string,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, endpoint], {
      cwd: root,
      // Only what Node needs: no GOOGLE_* variable, no HOME with a gcloud configuration, and no
      // metadata server probe (anything that does reach for one stays on 127.0.0.1, port 9).
      env: {
        PATH: process.env.PATH ?? '',
        HOME: path.join(root, 'nonexistent-home'),
        METADATA_SERVER_DETECTION: 'none',
        GCE_METADATA_HOST: '127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => {
      resolve({ exitCode, stdout, stderr });
    });
  });
}

test.each([
  ["Google's endpoint (gRPC)", () => Promise.resolve('')],
  [
    'an https:// endpoint',
    async () => {
      const gone = await startFakeVisionServer();
      await gone.close();
      return gone.url.replace(/^http:/, 'https:');
    },
  ],
])(
  'no credentials, %s: the process stays up, every call is labeler-unavailable, nothing unhandled',
  async (_title, endpoint) => {
    const { exitCode, stdout, stderr } = await runChild(await endpoint());

    // Node ends a process with exit code 1 on an unhandled rejection the child did not listen for.
    expect({ exitCode, stderr }).toMatchObject({ exitCode: 0 });
    const report = JSON.parse(stdout) as ChildReport;
    expect(report.calls).toStrictEqual([
      expect.objectContaining({ rejected: 'LabelerError', code: 'labeler-unavailable' }),
      expect.objectContaining({ rejected: 'LabelerError', code: 'labeler-unavailable' }),
    ]);
    expect(report.unhandled).toStrictEqual([]);
    expect(report.closed).toBe('resolved');
  },
  30_000,
);
