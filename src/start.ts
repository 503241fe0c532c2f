import path from 'node:path';
import { runBundle } from './runtime/run-bundle';

/**
 * The production entry point (`npm start`, the image's `CMD`, the benchmark): runs the worker
 * (`src/main.ts`) from its single-file bundle `dist/bundle/main.js`, compiled from the V8 code
 * cache `dist/bundle/main.js.cache` when V8 accepts it, as from source when it is missing or
 * rejected. Both files are written by `npm run build`, and the cache again in the image with its
 * own node binary (Dockerfile). It starts the same worker as `node dist/src/main.js`, in about
 * half the time: most of a cold start went to finding, reading and compiling some 200 modules.
 */
const BUNDLE_FILE = path.join(__dirname, '../bundle/main.js');

runBundle({ bundleFile: BUNDLE_FILE, cacheFile: `${BUNDLE_FILE}.cache` });
