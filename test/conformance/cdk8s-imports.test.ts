/**
 * The committed cdk8s/imports/ are what `cdk8s import` generates from the CRDs in ../shared/crds
 * (listed in cdk8s/cdk8s.yaml): re-run the import into a temporary directory and compare.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CDK8S_DIR = path.join(ROOT, 'cdk8s');
const COMMITTED = path.join(CDK8S_DIR, 'imports');
const CRDS = path.resolve(ROOT, '../shared/crds');
if (!existsSync(CRDS)) {
  throw new Error(`the imports check needs the CRDs in ${CRDS} (../shared beside the repository)`);
}

describe('cdk8s/imports/ is generated, not hand-edited', () => {
  let outDir = '';
  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-imports-'));
    // One process for every import of cdk8s.yaml; --no-check-upgrade keeps it offline.
    const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
    execFileSync(process.execPath, [cli, 'import', '--no-check-upgrade', '--output', outDir], {
      cwd: CDK8S_DIR,
      stdio: 'pipe',
    });
  });
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  test('the same files', () => {
    expect(readdirSync(outDir).sort()).toEqual(readdirSync(COMMITTED).sort());
  });

  test.each(readdirSync(COMMITTED).sort())('%s is identical to a fresh import', (file) => {
    expect(readFileSync(path.join(COMMITTED, file), 'utf8')).toBe(
      readFileSync(path.join(outDir, file), 'utf8'),
    );
  });
});
