/**
 * An `--images` directory that cannot be read is one line naming the option and what is wrong,
 * with the usage-error exit status, in both commands that take one (`npm run demo`,
 * `npm run inspect`): never a raw `ENOENT: … scandir` message. The process half runs the built
 * entries (`npm run build`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OptionError } from '../../src/cli/option-error';
import { prepareBucket } from '../../src/demo/demo-bucket';
import { runChild } from '../apply/support/run-cli';

const ROOT = path.resolve(__dirname, '../..');

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'option-errors-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('prepareBucket(--images)', () => {
  test.each([
    ['a missing directory', (): string => path.join(dir, 'nonexistent'), 'no such directory'],
    [
      'a file',
      (): string => {
        const file = path.join(dir, 'cat.jpg');
        writeFileSync(file, 'x');
        return file;
      },
      'not a directory',
    ],
    [
      'a directory without images',
      (): string => dir,
      'no .jpg, .png, .gif, .webp or .tiff file in it',
    ],
  ])('%s is an OptionError naming --images', async (_what, images, problem) => {
    const imagesDir = images();
    const bucketDir = mkdtempSync(path.join(dir, 'bucket-'));
    const error: unknown = await prepareBucket(bucketDir, 'b', imagesDir).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toBe(`--images ${imagesDir}: ${problem}`);
  });
});

describe.each([
  ['demo', 'dist/src/demo/main.js', []],
  ['inspect', 'dist/src/inspector/main.js', ['--port', '0']],
] as const)('npm run %s -- --images /nonexistent', (command, entry, extra) => {
  test('prints one line naming the option and exits 2', async () => {
    const missing = path.join(dir, 'nonexistent');
    const run = await runChild(
      process.execPath,
      [path.join(ROOT, entry), '--images', missing, ...extra],
      {},
    );
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `${command}: --images ${missing}: no such directory\n`,
    });
  }, 60_000);
});
