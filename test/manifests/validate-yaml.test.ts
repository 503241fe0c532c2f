import {
  createManifestValidator,
  validateManifests,
} from '../../cdk8s/validate/validate-manifests';

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
