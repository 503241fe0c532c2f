import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt } from '../support/worker-child';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/bundle/main.js');

beforeAll(() => {
  ensureBuilt();
}, 60_000);

/**
 * Runs the built bundle's top level as `dist/src/startup/start.js` does, in a child with an invalid
 * `PORT` (so the worker exits 1 before listening), and reports what V8 did with the cache.
 */
function cacheUse(cacheFile: string, bundleFile = BUNDLE): string {
  const script = `
    const { runBundle } = require(${JSON.stringify(path.join(ROOT, 'dist/src/startup/run-bundle.js'))});
    process.stderr.write('cache=' + runBundle({ bundleFile: ${JSON.stringify(bundleFile)}, cacheFile: ${JSON.stringify(cacheFile)} }).cache + '\\n');
  `;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, PORT: 'not-a-port' },
    encoding: 'utf8',
  });
  return /cache=(\w+)/.exec(child.stderr)?.[1] ?? `no answer: ${child.stderr}`;
}

test('the code cache that npm run build writes is accepted by this node', () => {
  expect(cacheUse(`${BUNDLE}.cache`)).toBe('accepted');
});

test("the Vision client bundle's code cache is accepted by this node", () => {
  const visionBundle = path.join(ROOT, 'dist/bundle/vision.js');
  expect(cacheUse(`${visionBundle}.cache`, visionBundle)).toBe('accepted');
});

describe('dist/src/startup/start.js with a broken build', () => {
  let dir: string;

  /** A copy of the start script, its runtime modules and the bundle, laid out as in dist/. */
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dualrun-start-'));
    cpSync(path.join(ROOT, 'dist/src/startup'), path.join(dir, 'src/startup'), { recursive: true });
    cpSync(path.join(ROOT, 'dist/bundle'), path.join(dir, 'bundle'), { recursive: true });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function start(): { status: number | null; stdout: string; stderr: string } {
    const child = spawnSync(process.execPath, [path.join(dir, 'src/startup/start.js')], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  }

  test('a damaged code cache: one JSON WARNING line, then the worker runs (here: exits 1 on PORT)', () => {
    const cacheFile = path.join(dir, 'bundle/main.js.cache');
    const bytes = readFileSync(cacheFile);
    for (let at = 100; at < bytes.length; at += 1024) bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(cacheFile, bytes);
    const { status, stdout, stderr } = start();
    expect(JSON.parse(stdout.split('\n')[0] ?? '')).toMatchObject({
      severity: 'WARNING',
      message: expect.stringContaining('damaged') as unknown,
    });
    expect(stderr).toMatch(/^dualrun: PORT="not-a-port" is invalid/);
    expect(status).toBe(1);
  });

  test('no bundle: one line saying to build, exit 1', () => {
    rmSync(path.join(dir, 'bundle/main.js'));
    const { status, stdout, stderr } = start();
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `dualrun: failed to start: ${path.join(dir, 'bundle/main.js')} is missing: run npm run build\n`,
    );
    expect(status).toBe(1);
  });
});
