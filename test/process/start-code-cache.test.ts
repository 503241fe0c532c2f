import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt } from '../support/worker-child';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/bundle/main.js');

beforeAll(() => {
  ensureBuilt();
}, 60_000);

/**
 * Runs the built bundle's top level as `dist/src/start.js` does, in a child with an invalid
 * `PORT` (so the worker exits 1 before listening), and reports what V8 did with the cache.
 */
function cacheUse(cacheFile: string): string {
  const script = `
    const { runBundle } = require(${JSON.stringify(path.join(ROOT, 'dist/src/runtime/run-bundle.js'))});
    process.stderr.write('cache=' + runBundle({ bundleFile: ${JSON.stringify(BUNDLE)}, cacheFile: ${JSON.stringify(cacheFile)} }).cache + '\\n');
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
