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
    ['an unknown tag', `${NAMESPACE}metadata:\n  name: !foo events\n`, 'the tag !foo'],
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

  test.each([
    ['!!binary', 'spec: !!binary Zm9v', 'the tag !!binary'],
    ['!!timestamp', 'spec:\n  at: !!timestamp 2001-12-14', 'the tag !!timestamp'],
    ['!!set', 'spec: !!set {a, b}', 'the tag !!set'],
    ['!!omap', 'spec:\n  - x\n  - !!omap [a: 1, b: 2]', 'the tag !!omap'],
    ['!!pairs', 'spec: !!pairs [a: 1]', 'the tag !!pairs'],
  ])('%s (not plain JSON data) is one yaml/syntax finding with its line', (_, yaml, message) => {
    const text = `${NAMESPACE}metadata:\n  name: a\n${yaml}\n`;
    const line = text.split('\n').findIndex((l) => l.includes('!!')) + 1;
    const findings = validateManifests([{ path: 'knative/a.yaml', text }], validator);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'yaml/syntax',
        line,
        message: expect.stringContaining(message),
      }),
    ]);
  });

  test('explicit plain tags (!!str, !!int) read as plain data', () => {
    const text = `${NAMESPACE}metadata:\n  name: !!str a\n  generation: !!int 1\n`;
    expect(validateManifests([{ path: 'knative/a.yaml', text }], validator)).toEqual([]);
  });

  test.each([
    ['flow', `${NAMESPACE}metadata:\n  name: a\nspec: ${'['.repeat(101)}${']'.repeat(101)}\n`, 5],
    ['block', `${NAMESPACE}metadata:\n  name: a\nspec:\n${' '.repeat(1001)}x: 1\n`, 6],
  ])('%s nesting too deep is reported at its line', (_, text, line) => {
    expect(validateManifests([{ path: 'knative/deep.yaml', text }], validator)).toEqual([
      expect.objectContaining({ rule: 'yaml/syntax', line }),
    ]);
  });

  test.each([[''], ['\n'], ['# only a comment\n'], ['---\n---\n']])(
    'a file without documents (%j) is yaml/empty-file at line 1',
    (text) => {
      expect(validateManifests([{ path: 'knative/empty.yaml', text }], validator)).toEqual([
        expect.objectContaining({ rule: 'yaml/empty-file', file: 'knative/empty.yaml', line: 1 }),
      ]);
    },
  );

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
