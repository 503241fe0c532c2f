/**
 * The pieces the rules lean on: Cloud Run's instance sizes, the Secret Manager ↔ Kubernetes Secret
 * names, the YAML writer's quoting, and no platform limit restated in src/convert/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { cloudRunSize, cpuQuantity } from '../../src/convert/cloud-run-size';
import { toKubernetesKey, toSecretManagerId } from '../../src/convert/secret-names';
import { writeManifest } from '../../src/convert/write-manifest';
import { findRestatedLimits } from '../support/restated-limits';

const MI = 2 ** 20;
const GI = 2 ** 30;

describe('cloudRunSize', () => {
  test.each([
    [
      'no limits: the defaults fit',
      undefined,
      undefined,
      { millicores: undefined, raisedMemory: undefined },
    ],
    ['one CPU and 512 MiB fit', 1000, 512 * MI, { millicores: 1000, raisedMemory: undefined }],
    ['250m fits the first band', 250, 256 * MI, { millicores: 250, raisedMemory: undefined }],
    [
      '50m is raised to the least fraction',
      50,
      undefined,
      { millicores: 80, raisedMemory: undefined },
    ],
    [
      '250m with 1 GiB needs the second band',
      250,
      GI,
      { millicores: 500, raisedMemory: undefined },
    ],
    ['1500m is raised to 2 CPUs', 1500, GI, { millicores: 2000, raisedMemory: undefined }],
    [
      '8 GiB without a CPU limit needs 2 CPUs',
      undefined,
      8 * GI,
      { millicores: 2000, raisedMemory: undefined },
    ],
    [
      '4 CPUs raise 1 GiB to their least, 2 GiB',
      4000,
      GI,
      { millicores: 4000, raisedMemory: '2Gi' },
    ],
  ])('%s', (_name, millicores, memory, expected) => {
    expect(cloudRunSize(millicores, memory)).toEqual({ fits: true, ...expected });
  });

  test.each([
    ['16 CPUs', 16000, undefined],
    ['64 GiB', undefined, 64 * GI],
  ])('%s do not fit', (_name, millicores, memory) => {
    expect(cloudRunSize(millicores, memory)).toEqual({
      fits: false,
      why: 'Cloud Run offers at most 8 CPUs and 32Gi of memory per container',
    });
  });

  test.each([
    [2000, '2'],
    [500, '500m'],
  ])('cpuQuantity(%d) is %s', (millicores, text) => {
    expect(cpuQuantity(millicores)).toBe(text);
  });
});

describe('Secret Manager ↔ Kubernetes Secret names', () => {
  test.each([
    ['a Secret key', { name: 'db', key: 'password' }, 'db__password'],
    ['a dotted key and name', { name: 'my.certs', key: 'tls.crt' }, 'my-certs__tls-crt'],
  ])('%s', (_name, key, id) => {
    expect(toSecretManagerId(key)).toBe(id);
  });

  test('a key that makes an ID longer than 255 characters has none', () => {
    expect(toSecretManagerId({ name: 'a', key: 'k'.repeat(260) })).toBeUndefined();
  });

  test.each([
    ['NAME__KEY splits at the first __', 'db__pass__word', { name: 'db', key: 'pass__word' }],
    [
      'another name is a Secret of that name, lower case',
      'Nginx_Config',
      { name: 'nginx-config', key: 'Nginx_Config' },
    ],
    [
      'a part before __ that is no Secret name does not split',
      'DB__password',
      { name: 'db--password', key: 'DB__password' },
    ],
  ])('%s', (_name, id, key) => {
    expect(toKubernetesKey(id)).toEqual(key);
  });

  test('an ID that makes no Secret name has none', () => {
    expect(toKubernetesKey('_x_')).toBeUndefined();
  });
});

describe('writeManifest', () => {
  const text = writeManifest(
    {
      metadata: { name: 'x' },
      data: { a: 'on', b: '1e3', c: '2001-12-14', d: '017', e: 'plain', n: 'x', f: 10 },
    },
    'cloud-run',
    'in.yaml',
  );

  test.each(['a: "on"', 'b: "1e3"', 'c: "2001-12-14"', 'd: "017"', 'e: plain', '"n": x', 'f: 10'])(
    'writes %s',
    (line) => {
      expect(text).toContain(`  ${line}\n`);
    },
  );

  test('YAML 1.1 and 1.2 readers read back the same object', () => {
    const body = text.split('\n').slice(1).join('\n');
    expect(parse(body, { version: '1.1' })).toEqual(parse(body, { version: '1.2' }));
  });
});

describe('src/convert restates no platform limit', () => {
  const root = path.resolve(__dirname, '../../src/convert');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );

  test('the scan reads the rules', () => {
    expect(files).toContain(path.join('rules', 'concurrency-rules.ts'));
  });

  test.each(files)('%s', (file) => {
    const found = findRestatedLimits(file, readFileSync(path.join(root, file), 'utf8'));
    expect(
      found.map(({ line, value, home }) => `${file}:${line}: ${String(value)}: read ${home}`),
    ).toEqual([]);
  });
});

test("the worker's build leaves src/convert out: it reads charts/limits, which the image does not copy", () => {
  const root = path.resolve(__dirname, '../..');
  const { config } = ts.readConfigFile(path.join(root, 'tsconfig.build.json'), (file) =>
    ts.sys.readFile(file),
  );
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  expect(parsed.fileNames.filter((file) => file.includes('/src/convert/'))).toEqual([]);
  expect(parsed.fileNames.some((file) => file.endsWith('src/startup/worker-main.ts'))).toBe(true);
});
