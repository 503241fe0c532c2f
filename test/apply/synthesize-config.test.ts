/**
 * `--config FILE`: `npm run synth` into a temporary directory, run here with a stand-in npm (a
 * node script) so the test neither compiles the tools nor rewrites dist/ while other tests run.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/apply/apply-errors';
import { npmSynthesize } from '../../src/apply/synthesize-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synthesize-'));

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in for npm: records its arguments and cwd in `--out`, or fails like synth does. */
const STAND_IN = `
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
if (args.includes('bad.yaml')) {
  process.stderr.write('bad.yaml: knative.timeoutSeconds: 900 is invalid: expected at most 600\\n');
  process.exit(1);
}
const out = args[args.indexOf('--out') + 1];
fs.mkdirSync(path.join(out, 'knative'), { recursive: true });
fs.writeFileSync(path.join(out, 'args.json'), JSON.stringify({ args, cwd: process.cwd() }));
`;

async function standIn(): Promise<string> {
  const script = path.join(dir, 'npm-stand-in.cjs');
  await writeFile(script, STAND_IN);
  return script;
}

test('runs npm run --silent synth -- --config FILE --out <a new directory> in the repository root; cleanUp removes it', async () => {
  const synthesize = npmSynthesize({ command: process.execPath, args: [await standIn()] }, dir);
  const output = await synthesize('prod.yaml');
  const recorded = JSON.parse(await readFile(path.join(output.outDir, 'args.json'), 'utf8')) as {
    args: string[];
    cwd: string;
  };
  expect(recorded).toEqual({
    args: ['run', '--silent', 'synth', '--', '--config', 'prod.yaml', '--out', output.outDir],
    cwd: dir,
  });
  expect(path.dirname(output.outDir)).toBe(os.tmpdir());
  await output.cleanUp();
  expect(existsSync(output.outDir)).toBe(false);
});

test('a config synth refuses: InputError quoting synth, nothing left behind', async () => {
  const synthesize = npmSynthesize({ command: process.execPath, args: [await standIn()] }, dir);
  const failure = synthesize('bad.yaml');
  await expect(failure).rejects.toThrow(InputError);
  await expect(failure).rejects.toThrow(
    'npm run synth -- --config bad.yaml failed (exit 1):\nbad.yaml: knative.timeoutSeconds: 900 is invalid: expected at most 600',
  );
});
