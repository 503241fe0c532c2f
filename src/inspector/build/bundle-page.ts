/**
 * `npm run build`, after `tsc`: bundles the inspector's page (`src/inspector/page/`, plain
 * TypeScript and the DOM) into `dist/inspector/page.js` and `page.css`, which the inspector's
 * server serves. Built here, never fetched at run time: the page works offline.
 */
import { build } from 'esbuild';
import path from 'node:path';

/** The repository root (this file runs from `dist/src/inspector/build/`). */
const ROOT = path.resolve(__dirname, '../../../..');

/** Where the page is written, relative to the repository root. */
export const PAGE_DIR = 'dist/inspector';

build({
  absWorkingDir: ROOT,
  entryPoints: [
    { in: 'src/inspector/page/main.ts', out: 'page' },
    { in: 'src/inspector/page/page.css', out: 'page' },
  ],
  outdir: PAGE_DIR,
  tsconfig: 'src/inspector/page/tsconfig.json',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  legalComments: 'none',
  logLevel: 'warning',
}).catch((error: unknown) => {
  process.stderr.write(`bundle-page: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
