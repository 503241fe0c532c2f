import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import { OUTPUT_FILES, synthesizeFile } from '../../cdk8s/synth-app';
import { validateDirectories } from '../../src/validator/validate-manifests';
import { OptionError } from '../../src/cli/option-error';
import { rawTestConfig, withField } from '../charts/test-config';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'dualrun.config.yaml');

/**
 * `''` when the committed `file` is what synth wrote into `outDir`; otherwise the first line that
 * differs, and what to do about it.
 */
function staleness(file: string, outDir: string): string {
  const committed = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const synthesized = readFileSync(path.join(outDir, file), 'utf8').split('\n');
  const line = committed.findIndex((text, i) => text !== synthesized[i]);
  if (line < 0 && committed.length === synthesized.length) return '';
  const at = line < 0 ? Math.min(committed.length, synthesized.length) : line;
  return (
    `${file} is stale: line ${at + 1} is ${JSON.stringify(committed[at] ?? '(end)')}, npm run synth ` +
    `writes ${JSON.stringify(synthesized[at] ?? '(end)')} for dualrun.config.yaml: run npm run synth and commit the result`
  );
}

/** A directory with the tests' own config (not the sample users edit) in `name`, and `changes`. */
function configDirectory(name: string, ...changes: readonly [string, unknown][]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synth-'));
  const raw = changes.reduce(
    (config, [field, value]) => withField(config, field, value),
    rawTestConfig(),
  );
  writeFileSync(path.join(dir, name), stringify(raw));
  return { dir, config: path.join(dir, name) };
}

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

  test.each(Object.values(OUTPUT_FILES))('%s is what npm run synth writes', (file) => {
    expect(staleness(file, outDir)).toBe('');
  });

  test.each([OUTPUT_FILES.setupScript, OUTPUT_FILES.knativeSetupScript])(
    '%s is written executable',
    (script) => {
      expect(statSync(path.join(outDir, script)).mode & 0o777).toBe(0o755);
      expect(statSync(path.join(ROOT, script)).mode & 0o111).toBe(0o111);
    },
  );

  test('the committed outputs pass the offline validator with no findings', () => {
    expect(validateDirectories([path.join(ROOT, 'knative'), path.join(ROOT, 'cloudrun')])).toEqual(
      [],
    );
  });

  test('knative/ holds only synthesized files; its top level only Knative objects', () => {
    // kubectl apply -f knative/ applies every file of the top level (it is not recursive): the
    // Config Connector wiring and its script sit in knative/wiring/, out of its way.
    const entries = readdirSync(path.join(ROOT, 'knative'), { withFileTypes: true });
    expect(
      entries.filter((entry) => entry.isFile()).map((entry) => `knative/${entry.name}`),
    ).toEqual([OUTPUT_FILES.knative]);
    expect(
      readdirSync(path.join(ROOT, 'knative', 'wiring')).map((file) => `knative/wiring/${file}`),
    ).toEqual([OUTPUT_FILES.knativeConfigConnector, OUTPUT_FILES.knativeSetupScript]);
  });

  test('knative/dualrun.yaml holds no Config Connector object (a cluster without it applies the file)', () => {
    expect(readFileSync(path.join(ROOT, OUTPUT_FILES.knative), 'utf8')).not.toMatch(
      /apiVersion: [a-z]+\.cnrm\.cloud\.google\.com\//,
    );
  });
});

describe('synthesizeFile', () => {
  test('a source of another kind writes no Knative wiring, and removes an earlier one', () => {
    const { dir, config } = configDirectory('test.config.yaml');
    const none = configDirectory('none.config.yaml', ['knative.source', { kind: 'none' }]);
    try {
      expect(synthesizeFile(config, dir)).toContain(OUTPUT_FILES.knativeSetupScript);
      const written = synthesizeFile(none.config, dir);
      expect(written).not.toContain(OUTPUT_FILES.knativeSetupScript);
      expect(written).not.toContain(OUTPUT_FILES.knativeConfigConnector);
      expect(readdirSync(path.join(dir, 'knative'))).toEqual(['dualrun.yaml']);
      expect(readFileSync(path.join(dir, OUTPUT_FILES.knative), 'utf8')).not.toContain(
        'kind: ContainerSource',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(none.dir, { recursive: true, force: true });
    }
  });

  test('writes nothing when the config is invalid', () => {
    const { dir, config } = configDirectory('bad.config.yaml', ['knative.timeoutSeconds', 900]);
    try {
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

  test('a directory as the config is an --config error naming the path', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-synth-'));
    try {
      const read = () => synthesizeFile(dir, path.join(dir, 'out'));
      expect(read).toThrow(OptionError);
      expect(read).toThrow(`--config ${dir}: a directory, not a file`);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an output that cannot be written leaves no output and no temporary file', () => {
    const { dir, config } = configDirectory('test.config.yaml');
    try {
      // A file where cloudrun/ should be: knative/ is written first, cloudrun/ fails.
      writeFileSync(path.join(dir, 'cloudrun'), '');
      expect(() => synthesizeFile(config, dir)).toThrow(/ENOTDIR|EEXIST/);
      const left = readdirSync(path.join(dir, 'knative'), { recursive: true, withFileTypes: true });
      expect(left.filter((entry) => entry.isFile()).map((entry) => entry.name)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
