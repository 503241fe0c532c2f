import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBundle } from '../../src/startup/run-bundle';

/** A CommonJS "bundle" that shows what it was run with: its exports, `require`, file names. */
const SOURCE = `
const path = require('node:path');
module.exports = { filename: __filename, dirname: __dirname, sep: path.sep, self: exports === module.exports, square: (n) => n * n };
`;

let dir: string;
let bundleFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dualrun-bundle-'));
  bundleFile = path.join(dir, 'main.js');
  writeFileSync(bundleFile, SOURCE);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('runs the bundle as require would: module, exports, require, __filename, __dirname', () => {
  const run = runBundle({ bundleFile, cacheFile: undefined });
  expect(run.cache).toBe('none');
  expect(run.exports).toMatchObject({
    filename: bundleFile,
    dirname: dir,
    sep: path.sep,
    self: true,
  });
});

test('a code cache the same node wrote for the same bundle is accepted', () => {
  const cacheFile = `${bundleFile}.cache`;
  writeFileSync(cacheFile, runBundle({ bundleFile, cacheFile: undefined }).codeCache());
  const run = runBundle({ bundleFile, cacheFile });
  expect(run.cache).toBe('accepted');
  expect(run.cacheProblem).toBeUndefined();
  expect((run.exports as { square: (n: number) => number }).square(7)).toBe(49);
});

test.each([
  ['bytes that are no code cache', Buffer.from('not a code cache')],
  ['the cache of another bundle', null],
])('a rejected cache (%s) falls back to compiling, silently', (_name, bytes) => {
  const cacheFile = `${bundleFile}.cache`;
  if (bytes === null) {
    const otherFile = path.join(dir, 'other.js');
    writeFileSync(otherFile, 'module.exports = 1;');
    writeFileSync(
      cacheFile,
      runBundle({ bundleFile: otherFile, cacheFile: undefined }).codeCache(),
    );
  } else {
    writeFileSync(cacheFile, bytes);
  }
  const run = runBundle({ bundleFile, cacheFile });
  expect(run.cache).toBe('rejected');
  expect(run.exports).toMatchObject({ filename: bundleFile, self: true });
});

test.each([
  ['ASCII, as esbuild writes it', 'module.exports = "caf\\u00e9 \\u{1f408}";', 'café 🐈'],
  ['UTF-8 text', 'module.exports = "café 🐈";', 'café 🐈'],
])('reads a bundle of %s, with its cache, as the same text', (_name, source, expected) => {
  writeFileSync(bundleFile, source);
  const cacheFile = `${bundleFile}.cache`;
  writeFileSync(cacheFile, runBundle({ bundleFile, cacheFile: undefined }).codeCache());
  const run = runBundle({ bundleFile, cacheFile });
  expect(run.cache).toBe('accepted');
  expect(run.exports).toBe(expected);
});

test('a missing cache file counts as none', () => {
  const run = runBundle({ bundleFile, cacheFile: path.join(dir, 'missing.cache') });
  expect(run.cache).toBe('none');
  expect(run.exports).toMatchObject({ filename: bundleFile });
});

test('a missing bundle throws ENOENT', () => {
  expect(() =>
    runBundle({ bundleFile: path.join(dir, 'missing.js'), cacheFile: undefined }),
  ).toThrow(/ENOENT/);
});

describe('a cache that V8 would take, or crash on, is checked first', () => {
  /** The same length as SOURCE, other code: V8 alone takes the old cache for it. */
  const SAME_LENGTH = SOURCE.replace('n * n', 'n + n');

  test('a cache of a same-length bundle is rejected, and the new code runs', () => {
    const cacheFile = `${bundleFile}.cache`;
    writeFileSync(cacheFile, runBundle({ bundleFile, cacheFile: undefined }).codeCache());
    expect(SAME_LENGTH.length).toBe(SOURCE.length);
    writeFileSync(bundleFile, SAME_LENGTH);
    const run = runBundle({ bundleFile, cacheFile });
    expect(run.cache).toBe('rejected');
    expect(run.cacheProblem).toMatch(/another bundle/);
    expect((run.exports as { square: (n: number) => number }).square(7)).toBe(14);
  });

  test.each([
    ['one byte of the data flipped', (bytes: Buffer) => flip(bytes, bytes.length - 10)],
    ['one byte flipped every 64', (bytes: Buffer) => flipEvery(bytes, 64)],
    ['the data cut in half', (bytes: Buffer) => bytes.subarray(0, bytes.length - 40)],
    ['V8 data without the seal', (bytes: Buffer) => bytes.subarray(84)],
  ])('a damaged cache (%s) is rejected, not run', (_name, damage) => {
    const cacheFile = `${bundleFile}.cache`;
    writeFileSync(cacheFile, damage(runBundle({ bundleFile, cacheFile: undefined }).codeCache()));
    const run = runBundle({ bundleFile, cacheFile });
    expect(run.cache).toBe('rejected');
    expect(run.exports).toMatchObject({ filename: bundleFile, self: true });
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

function flipEvery(bytes: Buffer, step: number): Buffer {
  const copy = Buffer.from(bytes);
  for (let at = 84; at < copy.length; at += step) copy[at] = (copy[at] ?? 0) ^ 0x5a;
  return copy;
}
