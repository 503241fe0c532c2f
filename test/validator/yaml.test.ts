import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';

const validator = createManifestValidator();

const namespace = (labelValue: string) => ({
  path: 'knative/namespace.yaml',
  text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: events\n  labels:\n    tier: ${labelValue}\n`,
});

const yamlFindings = (labelValue: string) =>
  validateManifests([namespace(labelValue)], validator).filter(
    (finding) => finding.rule === 'yaml/yaml11-ambiguous',
  );

describe('YAML 1.1 readings', () => {
  test.each([
    ['on', 'the boolean true'],
    ['off', 'the boolean false'],
    ['yes', 'the boolean true'],
    ['no', 'the boolean false'],
    ['y', 'the boolean true'],
    ['NO', 'the boolean false'],
    ['1_000', 'the number 1000'],
    ['1:20', 'the number 80'],
    ['0b101', 'the number 5'],
    ['017', 'the number 15'],
    ['2001-12-14', 'the timestamp 2001-12-14T00:00:00.000Z'],
  ])('plain %s is reported with its line (1.1 reads %s)', (scalar, reading) => {
    expect(yamlFindings(scalar)).toEqual([
      expect.objectContaining({
        file: 'knative/namespace.yaml',
        kind: 'Namespace',
        name: 'events',
        path: 'metadata.labels.tier',
        line: 6,
        message: expect.stringContaining(`is ${reading} to a YAML 1.1 reader`),
      }),
    ]);
  });

  test.each([["'on'"], ['"no"'], ['frontend'], ['0x1F'], ['true'], ['"1_000"']])(
    '%s reads the same in YAML 1.1 and 1.2',
    (scalar) => {
      expect(yamlFindings(scalar)).toEqual([]);
    },
  );

  test('a mapping key is checked too', () => {
    const file = {
      path: 'knative/a.yaml',
      text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\non: 1\n',
    };
    const findings = validateManifests([file], validator).map((f) => [f.rule, f.line]);
    expect(findings).toContainEqual(['yaml/yaml11-ambiguous', 5]);
  });
});

describe('YAML syntax', () => {
  test('a duplicate key is a syntax error with its line', () => {
    const file = {
      path: 'knative/a.yaml',
      text: 'apiVersion: v1\nkind: Namespace\nkind: Namespace\n',
    };
    expect(validateManifests([file], validator)).toEqual([
      expect.objectContaining({ rule: 'yaml/syntax', line: 3 }),
    ]);
  });

  test('empty documents are skipped', () => {
    const file = {
      path: 'knative/a.yaml',
      text: '---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n',
    };
    expect(validateManifests([file], validator)).toEqual([]);
  });
});

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\n';
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...['b', 'c', 'd', 'e', 'f', 'g'].map(
    (name, i) =>
      `${name}: &${name} [${Array(9)
        .fill(`*${'abcdefg'[i] ?? ''}`)
        .join(', ')}]`,
  ),
].join('\n');

describe('hostile YAML is a finding, never a crash', () => {
  test.each([
    ['a circular alias', `${NAMESPACE}metadata: &m {labels: *m}\n`, 'circular'],
    ['an alias bomb', `${ALIAS_BOMB}\n`, 'Excessive alias count'],
    ['5000 nested [', `${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'nested deeper than 100'],
    ['5000 nested block sequences', `${'- '.repeat(5000)}x\n`, 'deeper than 1000 columns'],
    ['an unknown tag', `${NAMESPACE}metadata:\n  name: !foo events\n`, 'Unresolved tag: !foo'],
  ])('%s gives yaml/syntax', (_, text, message) => {
    const emitted: string[] = [];
    const record = (warning: Error) => emitted.push(warning.message);
    process.on('warning', record);
    const findings = validateManifests([{ path: 'knative/a.yaml', text }], validator);
    process.off('warning', record);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'yaml/syntax', message: expect.stringContaining(message) }),
    ]);
    expect(emitted).toEqual([]);
  });

  test('a merge key is yaml/merge-key with a message that names both readings', () => {
    const file = {
      path: 'knative/a.yaml',
      text: `${NAMESPACE}metadata:\n  name: a\n  labels:\n    <<: {tier: web}\n`,
    };
    const merge = validateManifests([file], validator).filter((f) => f.rule === 'yaml/merge-key');
    expect(merge).toEqual([expect.objectContaining({ path: 'metadata.labels', line: 6 })]);
    expect(merge[0]?.message).not.toMatch(/undefined|quote/);
  });
});
