// First: stops an older Node.js before anything else is loaded.
import './require-node';
import path from 'node:path';
import { runBundle } from './run-bundle';

/**
 * The production entry point (`npm start`, the image's `CMD`, the benchmark): runs the worker
 * (`src/startup/worker-main.ts`) from its single-file bundle `dist/bundle/main.js`, compiled from the V8 code
 * cache `dist/bundle/main.js.cache` when V8 accepts it, as from source when it is missing or
 * rejected. Both files are written by `npm run build`, and the cache again in the image with its
 * own node binary (Dockerfile). It starts the same worker as `node dist/src/startup/worker-main.js`, in about
 * half the time: most of a cold start went to finding, reading and compiling some 200 modules.
 */
const BUNDLE_FILE = path.join(__dirname, '../../bundle/main.js');

const CACHE_FILE = `${BUNDLE_FILE}.cache`;

try {
  const run = runBundle({ bundleFile: BUNDLE_FILE, cacheFile: CACHE_FILE });
  if (run.cache === 'rejected') {
    // Before the worker's logger exists: one line in the same Cloud Logging shape.
    const message = `the code cache ${CACHE_FILE} was not used: ${run.cacheProblem ?? 'rejected'}; the bundle was compiled instead (a slower start)`;
    process.stdout.write(`${JSON.stringify({ severity: 'WARNING', message })}\n`);
  }
} catch (error) {
  const missing =
    error instanceof Error && 'code' in error && error.code === 'ENOENT' && 'path' in error;
  process.stderr.write(
    missing
      ? `dualrun: failed to start: ${String(error.path)} is missing: run npm run build\n`
      : `dualrun: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
