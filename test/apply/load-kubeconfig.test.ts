/** Finding the kubeconfig as kubectl does, and choosing the context; failures are exit 3. */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ClusterUnreachableError } from '../../src/cluster/cluster-errors';
import { loadKubeConfig } from '../../src/cluster/load-kubeconfig';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dualrun-kubeconfig-'));

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a kubeconfig with one cluster, user and context per name in `contexts`. */
async function kubeconfig(
  file: string,
  contexts: readonly { name: string; server: string; namespace?: string }[],
  current?: string,
): Promise<string> {
  const target = path.join(dir, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(
    target,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map(({ name, server }) => ({ name, cluster: { server } })),
      users: contexts.map(({ name }) => ({ name, user: { token: `token-${name}` } })),
      contexts: contexts.map(({ name, namespace }) => ({
        name,
        context: { cluster: name, user: name, ...(namespace ? { namespace } : {}) },
      })),
      ...(current ? { 'current-context': current } : {}),
    }),
  );
  return target;
}

test('--kubeconfig: its current context, server and namespace', async () => {
  const file = await kubeconfig(
    'one.yaml',
    [{ name: 'dev', server: 'https://dev:6443', namespace: 'team' }],
    'dev',
  );
  const loaded = loadKubeConfig({ file, env: {} });
  expect(loaded).toMatchObject({ context: 'dev', server: 'https://dev:6443', namespace: 'team' });
});

test('KUBECONFIG with two files: merged, the first file’s current context; --context picks another', async () => {
  const first = await kubeconfig('a.yaml', [{ name: 'dev', server: 'https://dev:6443' }], 'dev');
  const second = await kubeconfig(
    'b.yaml',
    [{ name: 'prod', server: 'https://prod:6443' }],
    'prod',
  );
  const env = { KUBECONFIG: [first, second].join(path.delimiter) };
  expect(loadKubeConfig({ env })).toMatchObject({ context: 'dev', namespace: 'default' });
  expect(loadKubeConfig({ env, context: 'prod' })).toMatchObject({
    context: 'prod',
    server: 'https://prod:6443',
  });
});

test('without KUBECONFIG: ~/.kube/config', async () => {
  await kubeconfig('home/.kube/config', [{ name: 'home', server: 'https://home:6443' }], 'home');
  expect(loadKubeConfig({ env: {}, homeDir: path.join(dir, 'home') })).toMatchObject({
    context: 'home',
  });
});

test.each([
  [
    'no kubeconfig at all',
    () => ({ env: {}, homeDir: path.join(dir, 'nobody') }),
    'no cluster reachable: no kubeconfig: KUBECONFIG is unset and ~/.kube/config does not exist (pass --kubeconfig)',
  ],
  [
    'a kubeconfig file that does not exist',
    () => ({ env: { KUBECONFIG: path.join(dir, 'missing.yaml') } }),
    `no cluster reachable: the kubeconfig ${path.join(dir, 'missing.yaml')} does not exist`,
  ],
  [
    'a context it does not have',
    () => ({ file: path.join(dir, 'no-current.yaml'), context: 'staging', env: {} }),
    'no cluster reachable through context "staging": the kubeconfig has no context "staging"; it has dev',
  ],
  [
    'no current context',
    () => ({ file: path.join(dir, 'no-current.yaml'), env: {} }),
    'no cluster reachable: the kubeconfig names no current context; it has dev (pass --context)',
  ],
])('%s: ClusterUnreachableError saying so', async (_case, sources, message) => {
  await kubeconfig('no-current.yaml', [{ name: 'dev', server: 'https://dev:6443' }]);
  expect(() => loadKubeConfig(sources())).toThrow(ClusterUnreachableError);
  expect(() => loadKubeConfig(sources())).toThrow(message);
});
