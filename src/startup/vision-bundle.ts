/**
 * The Vision client as the production bundle loads it: what `import('./vision-client')` of
 * `src/labelers/vision-labeler.ts` resolves to in `dist/bundle/main.js` (`./build/bundle.ts`
 * substitutes this module). It runs the client's own bundle, `dist/bundle/vision.js`, from its V8
 * code cache `dist/bundle/vision.js.cache` when V8 accepts it, as `start.ts` runs the worker's, and
 * exports what `src/labelers/vision-client.ts` exports. Both files are written by the build (the
 * cache after a warm-up that labels through the REST and the gRPC transports,
 * `./build/vision-warm-up.ts`), the cache again in the image by its own node.
 *
 * Only for `main.js`: it finds `vision.js` beside the bundle that runs it (`__dirname`).
 */
import path from 'node:path';
import type * as VisionClient from '../labelers/vision-client';
import { runBundle } from './run-bundle';

const BUNDLE_FILE = path.join(__dirname, 'vision.js');
const CACHE_FILE = `${BUNDLE_FILE}.cache`;

const run = runBundle({ bundleFile: BUNDLE_FILE, cacheFile: CACHE_FILE });
if (run.cache === 'rejected') {
  // A process warning: the worker logs it as a WARNING line (src/log/process-warnings.ts).
  process.emitWarning(
    `the code cache ${CACHE_FILE} was not used: ${run.cacheProblem ?? 'rejected'}; the Vision client's bundle was compiled instead (a slower first labeled event)`,
    { code: 'DUALRUN_CODE_CACHE_REJECTED' },
  );
}

export const { startVisionClient, visionClientOptions } = run.exports as typeof VisionClient;
