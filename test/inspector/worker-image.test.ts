/**
 * The inspector runs only locally: the worker's entry (the bundle `npm start` and the image run,
 * built from src/startup/worker-main.ts) holds none of it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The bundle `npm run build` writes (src/startup/build/bundle.ts, which builds when imported). */
const BUNDLE_FILE = 'dist/bundle/main.js';

test('the worker bundle holds no module of the inspector (nor of the demo it borrows from)', () => {
  const bundle = readFileSync(path.resolve(__dirname, '../..', BUNDLE_FILE), 'utf8');
  const modules = [...bundle.matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((match) => match[1]);
  expect(modules.length).toBeGreaterThan(20);
  expect(modules.filter((module) => /^src\/(inspector|demo)\//.test(module ?? ''))).toEqual([]);
});
