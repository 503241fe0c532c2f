/**
 * `npm run build`, after `tsc`: bundles the worker (`src/startup/worker-main.ts` and the modules it loads,
 * dependencies included) into one CommonJS file, `dist/bundle/main.js`, which `dist/src/startup/start.js`
 * runs. One file instead of some 200 modules, each found, read, wrapped and compiled on its own, and
 * a file V8 can keep a code cache of (`src/startup/build/code-cache.ts`).
 */
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';

/** The repository root (this file runs from `dist/src/startup/build/`). */
const ROOT = path.resolve(__dirname, '../../../..');

/** The bundle, relative to the repository root. */
export const BUNDLE_FILE = 'dist/bundle/main.js';

/**
 * Left to `require` from `node_modules` at run time, never bundled: the Vision client, google-gax
 * and google-auth-library read their own files next to their code (protos, package.json), sharp is
 * a native addon. All are loaded on demand only (`LABELER=vision`, `LABELER=local`), so they cost
 * an instance that does not use them nothing either way.
 */
const EXTERNAL = ['@google-cloud/vision', 'google-auth-library', 'google-gax', 'sharp'];

/**
 * How the bundle is built. From the TypeScript sources, not from tsc's CommonJS output: with ES
 * `import`s esbuild takes zod's ES modules and leaves out the parts the worker does not use.
 * Dynamic `import()`s become `require()` calls, as tsc writes them (the bundle runs in a
 * `vm.Script`, which has no loader for `import()`). Not minified: measured, it starts no faster
 * with a code cache, and stack traces keep their names.
 */
export const BUNDLE_OPTIONS: BuildOptions = Object.freeze({
  absWorkingDir: ROOT,
  entryPoints: ['src/startup/worker-main.ts'],
  outfile: BUNDLE_FILE,
  tsconfig: 'tsconfig.build.json',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  external: EXTERNAL,
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
});

build(BUNDLE_OPTIONS).catch((error: unknown) => {
  process.stderr.write(`bundle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
