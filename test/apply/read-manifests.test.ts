/** Reading the synthesized output as kubectl reads it; what cannot be read is exit 4. */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXIT_CODES, exitCodeOf, InputError } from '../../src/apply/apply-errors';
import { readManifests, targetPath } from '../../src/apply/read-manifests';
import { committedObjects } from './support/manifests';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-manifests-'));

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const target = path.join(dir, name);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  return target;
}

test('the committed outputs: knative/, cloudrun/config-connector.yaml and knative/wiring/config-connector.yaml under the repository root', async () => {
  const root = path.resolve(__dirname, '../..');
  const knative = await readManifests(targetPath(root, 'knative'));
  expect(knative.map(({ object }) => object)).toEqual(
    await committedObjects('knative/dualrun.yaml'),
  );
  expect(knative.map(({ object }) => object.kind)).toEqual(
    expect.arrayContaining(['Namespace', 'ServiceAccount', 'Broker', 'Service', 'Trigger']),
  );
  expect(knative[0]?.source).toBe(path.join(root, 'knative/dualrun.yaml#1'));
  const kcc = await readManifests(targetPath(root, 'config-connector'));
  expect(
    new Set(
      kcc.map(({ object }) => object.apiVersion.split('/')[0]?.split('.').slice(-4).join('.')),
    ),
  ).toEqual(new Set(['cnrm.cloud.google.com']));
  // knative/ holds the Knative objects only: its wiring/ folder is read by its own target.
  expect(knative.map(({ source }) => path.dirname(source))).not.toContain(
    path.join(root, 'knative/wiring'),
  );
  const wiring = await readManifests(targetPath(root, 'knative-wiring'));
  expect(wiring.map(({ object }) => object.kind)).toEqual(
    expect.arrayContaining(['PubSubSubscription', 'IAMPolicyMember', 'StorageNotification']),
  );
  expect(wiring[0]?.source).toBe(path.join(root, 'knative/wiring/config-connector.yaml#1'));
});

test('a directory: its .yaml, .yml and .json files in name order; empty documents skipped; YAML 1.1 scalars', async () => {
  await file(
    'dir/b.yml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {flag: no}\n',
  );
  await file('dir/a.yaml', '---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
  await file('dir/c.json', '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "c"}}');
  await file('dir/README.md', 'not a manifest');
  const entries = await readManifests(path.join(dir, 'dir'));
  expect(
    entries.map(({ object, source }) => `${object.kind} ${path.relative(dir, source)}`),
  ).toEqual(['Namespace dir/a.yaml#2', 'ConfigMap dir/b.yml#1', 'Secret dir/c.json#1']);
  // kubectl reads YAML 1.1, where an unquoted no is false: so does apply.
  expect(entries[1]?.object.data).toEqual({ flag: false });
});

test.each([
  ['a missing path', 'missing', null, /missing cannot be read: ENOENT/],
  ['a directory with no manifest', 'empty/', null, /empty holds no \.yaml, \.yml or \.json file$/],
  ['YAML that does not parse', 'bad.yaml', 'kind: [\n', /bad\.yaml#1: /],
  [
    'a document without metadata.name',
    'nameless.yaml',
    'apiVersion: v1\nkind: Namespace\n',
    /nameless\.yaml#1 is not a Kubernetes object: it needs apiVersion, kind and metadata\.name$/,
  ],
  ['a list, not an object', 'list.yaml', '- a\n- b\n', /list\.yaml#1 is not a Kubernetes object/],
  ['only empty documents', 'blank.yaml', '---\n---\n', /blank\.yaml holds no Kubernetes object$/],
])('%s: InputError naming the file (exit 4)', async (_case, name, text, message) => {
  const target = path.join(dir, name);
  if (text !== null) await file(name, text);
  if (name.endsWith('/')) await mkdir(target, { recursive: true });
  const read = readManifests(target.replace(/\/$/, ''));
  await expect(read).rejects.toThrow(InputError);
  await expect(read).rejects.toThrow(message);
  expect(exitCodeOf(new InputError(''))).toBe(EXIT_CODES.input);
});
