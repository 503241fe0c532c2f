/**
 * `npm run build`, after `tsc`: bundles the worker into two CommonJS files that
 * `dist/src/startup/start.js` runs, each compiled from a V8 code cache (`./code-cache.ts`):
 * - `dist/bundle/main.js`: `src/startup/worker-main.ts` and the modules it loads, dependencies
 *   included; one file instead of some 200 modules, each found, read, wrapped and compiled on its
 *   own;
 * - `dist/bundle/vision.js`: `src/labelers/vision-client.ts` with the Vision client, google-gax,
 *   google-auth-library, gRPC and protobuf.js (some 360 modules), which the worker loads on its
 *   first labeled event. In a bundle of its own, an instance that labels nothing (or labels with
 *   `LABELER=local`) neither compiles it nor reads its code cache at start (about 10 ms).
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import path from 'node:path';

/** The repository root (this file runs from `dist/src/startup/build/`). */
const ROOT = path.resolve(__dirname, '../../../..');

/** The bundles, relative to the repository root. */
export const BUNDLE_FILE = 'dist/bundle/main.js';
export const VISION_BUNDLE_FILE = 'dist/bundle/vision.js';

/**
 * Never bundled into `main.js`, left to `require` from `node_modules`: sharp, a native addon
 * loaded only by `LABELER=local`, and the Pub/Sub client, loaded only by `RESULTS_MODE=pubsub`
 * (at start, by `src/results/pubsub-publisher.ts`: with its generated protos it would triple the
 * bundle every other mode compiles). The Vision client's packages are listed too, so that a stray
 * import of one from the worker's code would load it from `node_modules` rather than copy it
 * into `main.js`: they belong to `vision.js`.
 */
const EXTERNAL = [
  'sharp',
  '@google-cloud/pubsub',
  '@google-cloud/vision',
  'google-auth-library',
  'google-gax',
];

/**
 * In `main.js`, `vision-labeler.ts`'s `import('./vision-client')` loads `vision.js` through
 * `src/startup/vision-bundle.ts`, which runs it from its code cache; everywhere else (tsc's output,
 * jest) it loads the module itself.
 */
const visionBundleLoader: Plugin = {
  name: 'vision-bundle-loader',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/vision-client$/ }, (args) =>
      path.basename(args.importer) === 'vision-labeler.ts'
        ? { path: path.join(ROOT, 'src/startup/vision-bundle.ts') }
        : undefined,
    );
  },
};

/**
 * What both bundles share. From the TypeScript sources, not from tsc's CommonJS output: with ES
 * `import`s esbuild takes zod's ES modules and leaves out the parts the worker does not use.
 * Dynamic `import()`s become `require()` calls, as tsc writes them (a bundle runs in a
 * `vm.Script`, which has no loader for `import()`). Not minified: measured, it starts no faster
 * with a code cache, and stack traces keep their names.
 */
const COMMON: BuildOptions = {
  absWorkingDir: ROOT,
  tsconfig: 'tsconfig.build.json',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
};

/** How the bundles are built. */
export const BUNDLE_OPTIONS: readonly BuildOptions[] = Object.freeze([
  {
    ...COMMON,
    entryPoints: ['src/startup/worker-main.ts'],
    outfile: BUNDLE_FILE,
    external: EXTERNAL,
    plugins: [visionBundleLoader],
  },
  { ...COMMON, entryPoints: ['src/labelers/vision-client.ts'], outfile: VISION_BUNDLE_FILE },
]);

Promise.all(BUNDLE_OPTIONS.map((options) => build(options))).catch((error: unknown) => {
  process.stderr.write(`bundle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
