import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OUTPUT_FILES, synthesize } from '../../cdk8s/synth-app';
import { testConfig } from '../charts/test-config';

const ROOT = path.resolve(__dirname, '../..');

/** The manifests; `cloudrun/setup.sh` is a bash script (its checks are in test/charts). */
const isYaml = (file: string): boolean => file.endsWith('.yaml');

/** Every document of a YAML stream as plain data, read as YAML `version` says. */
function read(text: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(text, { version }).map((document) => document.toJS() as unknown);
}

describe('YAML 1.1 readers (kubectl, PyYAML) read the outputs as YAML 1.2 readers do', () => {
  test.each(Object.values(OUTPUT_FILES).filter(isYaml))('%s', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const documents = read(text, '1.2');
    expect(documents.length).toBeGreaterThan(0);
    expect(read(text, '1.1')).toEqual(documents);
  });

  // Names that are booleans, numbers or null to a YAML 1.1 reader, all valid where they are used.
  const tricky = testConfig(
    ['service.name', 'y'],
    ['knative.namespace', 'on'],
    ['knative.broker', 'no'],
    ['knative.serviceAccountName', 'yes'],
    ['knative.source.name', 'off'],
    ['knative.source.serviceAccountName', '1e3'],
    ['google.bucket', '0775'],
    ['pubsub.topic', 'off'],
    ['pubsub.subscription', 'yes'],
    ['configConnector.namespace', 'null'],
  );

  test.each(
    synthesize(tricky, 'tricky.yaml')
      .filter(({ path: file }) => isYaml(file))
      .map(({ path: file, content }) => [file, content]),
  )('%s with names like "on", "no", "0775" and "null"', (_file, content) => {
    expect(read(content, '1.1')).toEqual(read(content, '1.2'));
    expect(content).not.toMatch(/: (on|no|yes|off|y|0775|1e3|null)$/m);
  });

  test('the tricky names arrive as strings', () => {
    const [knative] = synthesize(tricky, 'tricky.yaml');
    const objects = read(knative?.content ?? '', '1.1') as { metadata: { name: unknown } }[];
    expect(objects.map((object) => object.metadata.name)).toEqual([
      'on',
      'yes',
      '1e3',
      'no',
      'y',
      'y-finalized',
      'off',
    ]);
  });
});
