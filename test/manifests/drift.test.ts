import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeploymentConfigError } from '../../charts/deployment-config-error';
import { OUTPUT_FILES, synthesizeFile } from '../../cdk8s/synth-app';
import { validateDirectories } from '../../src/validator/validate-manifests';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'dualrun.config.yaml');

describe('the committed outputs are the synth of dualrun.config.yaml', () => {
  let outDir = '';
  let written: string[] = [];
  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synth-'));
    written = synthesizeFile(SAMPLE, outDir);
  });
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  test('synth writes the manifests and setup.sh', () => {
    expect(written).toEqual(Object.values(OUTPUT_FILES));
  });

  test.each(Object.values(OUTPUT_FILES))(
    '%s is up to date (if not: run `npm run synth` and commit the result)',
    (file) => {
      expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(
        readFileSync(path.join(outDir, file), 'utf8'),
      );
    },
  );

  test('setup.sh is written executable', () => {
    expect(statSync(path.join(outDir, OUTPUT_FILES.setupScript)).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(ROOT, OUTPUT_FILES.setupScript)).mode & 0o111).toBe(0o111);
  });

  test('the committed outputs pass the offline validator with no findings', () => {
    expect(validateDirectories([path.join(ROOT, 'knative'), path.join(ROOT, 'cloudrun')])).toEqual(
      [],
    );
  });

  test('knative/ holds only synthesized files (kubectl apply -f knative/ applies every file)', () => {
    expect(readdirSync(path.join(ROOT, 'knative')).map((file) => `knative/${file}`)).toEqual([
      OUTPUT_FILES.knative,
    ]);
  });
});

describe('synthesizeFile', () => {
  test('writes nothing when the config is invalid', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synth-'));
    try {
      const config = path.join(dir, 'bad.config.yaml');
      writeFileSync(
        config,
        readFileSync(SAMPLE, 'utf8').replace('timeoutSeconds: 300 #', 'timeoutSeconds: 900 #'),
      );
      const out = path.join(dir, 'out');
      expect(() => synthesizeFile(config, out)).toThrow(DeploymentConfigError);
      expect(() => synthesizeFile(config, out)).toThrow(
        "bad.config.yaml: knative.timeoutSeconds: 900 is invalid: expected at most 600 (Knative's max-revision-timeout-seconds)",
      );
      expect(readdirSync(dir)).toEqual(['bad.config.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a directory as the config is a file error naming the path', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synth-'));
    try {
      const read = () => synthesizeFile(dir, path.join(dir, 'out'));
      expect(read).toThrow(`${dir}: cannot read the config: EISDIR`);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an output that cannot be written leaves no output and no temporary file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synth-'));
    try {
      // A file where cloudrun/ should be: knative/ is written first, cloudrun/ fails.
      writeFileSync(path.join(dir, 'cloudrun'), '');
      expect(() => synthesizeFile(SAMPLE, dir)).toThrow(/ENOTDIR|EEXIST/);
      expect(readdirSync(path.join(dir, 'knative'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
