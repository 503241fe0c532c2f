import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

test('npm start before npm run build: exit 1 and one line that says to build, no stack', () => {
  const clone = mkdtempSync(path.join(tmpdir(), 'dualrun-unbuilt-'));
  try {
    const run = spawnSync('sh', ['-c', scripts.start ?? ''], {
      cwd: clone,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dualrun: dist/src/startup/start.js is missing: run npm run build\n');
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});
