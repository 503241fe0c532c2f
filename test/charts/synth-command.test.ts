import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { samplePlaceholderFields } from '../../charts/config/sample-placeholders';
import { OUTPUT_FILES } from '../../cdk8s/synth-app';
import { SYNTH_USAGE, synthCommand } from '../../cdk8s/synth-command';
import { rawTestConfig, testConfig, withField, type Change, type Raw } from './test-config';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'synth-command-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command; returns its exit status and everything it wrote. */
function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = synthCommand(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { status, stdout, stderr };
}

/** Writes `raw` as a config file in the test directory; returns its path. */
function configFile(raw: Raw): string {
  const file = path.join(dir, 'dualrun.config.yaml');
  writeFileSync(file, stringify(raw));
  return file;
}

describe('npm run synth', () => {
  test.each(['--help', '-h'])('%s prints the usage and writes nothing', (flag) => {
    expect(run(flag, '--out', dir)).toEqual({ status: 0, stdout: SYNTH_USAGE, stderr: '' });
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the usage names every option and every output', () => {
    for (const word of ['--config', '--out', '--help', ...Object.values(OUTPUT_FILES)]) {
      expect(SYNTH_USAGE).toContain(word);
    }
  });

  test('an unknown option is exit status 2, with the usage on stderr', () => {
    const { status, stdout, stderr } = run('--bogus');
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toBe(`Unknown option '--bogus'\n\n${SYNTH_USAGE}`);
  });

  test("a config of the user's own project writes every output and warns of nothing", () => {
    const result = run('--config', configFile(rawTestConfig()), '--out', dir);
    expect(result).toEqual({
      status: 0,
      stdout: Object.values(OUTPUT_FILES)
        .map((file) => `wrote ${path.join(dir, file)}\n`)
        .join(''),
      stderr: '',
    });
    for (const file of Object.values(OUTPUT_FILES)) {
      expect(existsSync(path.join(dir, file))).toBe(true);
    }
  });

  test('without --out, the paths printed are relative to the current directory', () => {
    const config = configFile(rawTestConfig());
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(run('--config', config).stdout).toBe(
        Object.values(OUTPUT_FILES)
          .map((file) => `wrote ${file}\n`)
          .join(''),
      );
    } finally {
      process.chdir(cwd);
    }
  });

  test("a config that still holds the sample's placeholders is written, with one warning line", () => {
    const raw = [
      ['google.projectId', 'my-project'],
      ['google.bucket', 'my-project-uploads'],
      ['knative.googleServiceAccount', 'thumbnailer@my-project.iam.gserviceaccount.com'],
      ['knative.source.googleServiceAccount', 'photo-source@my-project.iam.gserviceaccount.com'],
    ].reduce((config, [field = '', value]) => withField(config, field, value), rawTestConfig());
    const { status, stderr } = run('--config', configFile(raw), '--out', dir);
    expect(status).toBe(0);
    expect(stderr).toBe(
      "warning: dualrun.config.yaml still holds the sample's my-project / 123456789012 placeholders in google.projectId, google.bucket, knative.googleServiceAccount, knative.source.googleServiceAccount: replace them with your project's id and number before you deploy\n",
    );
    expect(readdirSync(dir).sort()).toEqual(['cloudrun', 'dualrun.config.yaml', 'knative']);
  });

  test('an invalid config is exit status 1, one line per problem, nothing written', () => {
    const file = configFile(withField(rawTestConfig(), 'google.region', 'mars-north1'));
    const { status, stdout, stderr } = run('--config', file, '--out', dir);
    expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
    expect(stderr).toMatch(
      /^dualrun\.config\.yaml: google\.region: "mars-north1" is invalid: .*\n$/,
    );
    expect(readdirSync(dir)).toEqual(['dualrun.config.yaml']);
  });

  test.each([
    ['a missing file', (): string => path.join(dir, 'nonexistent.yaml'), 'no such file'],
    ['a directory', (): string => dir, 'a directory, not a file'],
    [
      'a path through a file',
      (): string => path.join(configFile(rawTestConfig()), 'x.yaml'),
      'a part of the path is not a directory',
    ],
  ])(
    'a config that cannot be read (%s) is exit status 2, one line naming --config',
    (_what, config, problem) => {
      const file = config();
      const { status, stdout, stderr } = run('--config', file, '--out', dir);
      expect({ status, stdout, stderr }).toEqual({
        status: 2,
        stdout: '',
        stderr: `--config ${file}: ${problem}\n`,
      });
    },
  );
});

describe('samplePlaceholderFields', () => {
  test.each([
    ['google.projectId', 'my-project', true],
    ['google.projectNumber', '123456789012', true],
    ['google.bucket', 'my-project-uploads', true],
    ['service.image', 'us-docker.pkg.dev/my-project/repo/worker:1.0', true],
    ['cloudRun.serviceAccountEmail', 'runner@my-project.iam.gserviceaccount.com', true],
    ['google.bucket', 'not-my-project-uploads', false],
    ['google.projectId', 'my-projects', false],
    ['google.projectNumber', '1234567890123', false],
  ])('%s %p: %p', (field, value, found) => {
    // The source's and the worker's accounts are of google.projectId (knative/wiring/ creates
    // them): they follow.
    const account: Change[] =
      field === 'google.projectId'
        ? [
            [
              'knative.source.googleServiceAccount',
              `photo-source@${value}.iam.gserviceaccount.com`,
            ],
            ['knative.googleServiceAccount', `thumbnailer@${value}.iam.gserviceaccount.com`],
          ]
        : [];
    const fields = samplePlaceholderFields(testConfig([field, value], ...account));
    expect(fields.includes(field)).toBe(found);
  });

  test('a config of a real project has none', () => {
    expect(samplePlaceholderFields(testConfig())).toEqual([]);
  });
});
