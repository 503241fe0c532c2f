import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ManifestInputError,
  readManifestFiles,
} from '../../src/validator/core/read-manifest-files';
import { formatFinding, formatSummary } from '../../src/validator/core/report';
import {
  createManifestValidator,
  validateDirectories,
  validateManifests,
} from '../../src/validator/validate-manifests';
import { FIXTURE_DIRECTORIES, fixtureFiles, mutateObject, set, POD } from './manifest-fixtures';

const validator = createManifestValidator();

describe('the valid fixtures', () => {
  test('validate with no findings', () => {
    expect(validateManifests(fixtureFiles(), validator)).toEqual([]);
  });

  test('validate with no findings when read from their directories', () => {
    expect(validateDirectories(FIXTURE_DIRECTORIES, validator)).toEqual([]);
  });

  test('are all checked: every object has a schema and every file is read', () => {
    const result = validator.check(fixtureFiles());
    expect(result.summary).toEqual({ files: 8, documents: 36, rules: expect.any(Number) });
  });
});

describe('a finding', () => {
  const findings = validateManifests(
    mutateObject('knative', 'Service', set([...POD, 'timeoutSeconds'], 900)),
    validator,
  );

  test('names the rule, file, object, path and line', () => {
    expect(findings).toEqual([
      {
        rule: 'knative/timeout-seconds',
        file: 'knative/worker.yaml',
        kind: 'Service',
        name: 'gcs-worker',
        path: 'spec.template.spec.timeoutSeconds',
        message: expect.stringContaining('900 is outside [0, 600]'),
        line: expect.any(Number),
      },
    ]);
  });

  test('prints as file:line: Kind/name: path: [rule] message', () => {
    expect(formatFinding(findings[0]!)).toMatch(
      /^knative\/worker\.yaml:\d+: Service\/gcs-worker: spec\.template\.spec\.timeoutSeconds: \[knative\/timeout-seconds\] 900 is outside/,
    );
  });

  test.each([
    [
      {
        rule: 'yaml/syntax',
        file: 'a.yaml',
        kind: '',
        name: '',
        path: '(document)',
        message: 'bad',
      },
      'a.yaml: -/-: (document): [yaml/syntax] bad',
    ],
    [
      {
        rule: 'x/y',
        file: 'b.yaml',
        kind: 'Broker',
        name: 'default',
        path: 'spec',
        message: 'm',
        line: 3,
      },
      'b.yaml:3: Broker/default: spec: [x/y] m',
    ],
  ])('formats %o', (finding, line) => {
    expect(formatFinding(finding)).toBe(line);
  });

  test.each([
    [[], 'validate: no findings in 4 files (16 documents, 90 rules)'],
    [
      [{ rule: 'a/b', file: 'x', kind: '', name: '', path: '', message: '' }],
      'validate: 1 finding in 1 of 4 files (16 documents, 90 rules)',
    ],
  ])('summary of %j', (list, text) => {
    expect(formatSummary(list, { files: 4, documents: 16, rules: 90 })).toBe(text);
  });
});

describe('reading directories', () => {
  test('a missing directory is an input error', () => {
    expect(() => readManifestFiles(['no-such-directory'])).toThrow(ManifestInputError);
  });

  test('a directory without manifests is an input error', () => {
    const empty = mkdtempSync(join(tmpdir(), 'validate-'));
    try {
      writeFileSync(join(empty, 'notes.txt'), 'nothing to validate');
      expect(() => readManifestFiles([empty])).toThrow(ManifestInputError);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  test('a file reached twice is read once; another extension is skipped and reported', () => {
    const [knative = '', cloudrun = ''] = FIXTURE_DIRECTORIES;
    const skipped: string[] = [];
    const notes = join(cloudrun, '..', 'README-not-there.txt');
    const directory = mkdtempSync(join(tmpdir(), 'validate-'));
    const text = join(directory, 'notes.txt');
    try {
      writeFileSync(text, 'not a manifest');
      const files = readManifestFiles(
        [knative, knative, join(knative, 'worker.yaml'), text],
        (path) => skipped.push(path),
      );
      expect(files.map((file) => file.path)).toEqual([
        join(knative, 'dead-letter-receiver.yaml'),
        join(knative, 'source.yaml'),
        join(knative, 'wiring', 'config-connector.yaml'),
        join(knative, 'wiring', 'setup.sh'),
        join(knative, 'worker.yaml'),
      ]);
      expect(skipped).toEqual([text]);
      expect(() => readManifestFiles([notes])).toThrow(ManifestInputError);
    } finally {
      rmSync(directory, { recursive: true });
    }
  });
});
