/**
 * The object client over a stand-in `KubeHttp`: the paths, query and body of a server-side apply,
 * the namespace of objects that name none, discovery (subresources skipped, a kind missing from
 * the cache asked again, a group not served), and the probe.
 */
import {
  ApiStatusError,
  ClusterUnreachableError,
  KindNotServedError,
} from '../../src/cluster/cluster-errors';
import type { KubeHttp, KubeRequest } from '../../src/cluster/kube-http';
import { createObjectClient } from '../../src/cluster/object-client';

const CORE = {
  resources: [
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
    { name: 'services/status', kind: 'Service', namespaced: true },
    { name: 'services', kind: 'Service', namespaced: true },
    { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  ],
};

/** A stand-in API server: discovery for the core group, echoes for applies, 404 for the rest. */
function standIn(
  overrides: Record<string, () => unknown> = {},
): KubeHttp & { requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return {
    requests,
    identity: { context: 'test', server: 'https://127.0.0.1:6443' },
    request(request) {
      requests.push(request);
      const override = overrides[`${request.method} ${request.path}`];
      if (override) return Promise.resolve({ status: 200, body: override() });
      if (request.method === 'GET' && request.path === '/api/v1') {
        return Promise.resolve({ status: 200, body: CORE });
      }
      if (request.method === 'PATCH') {
        return Promise.resolve({ status: 200, body: JSON.parse(request.body ?? '{}') as unknown });
      }
      return Promise.reject(new ApiStatusError(404, 'NotFound', `${request.path} not found`));
    },
  };
}

test('a namespaced object that names no namespace is applied in the context’s, with the apply query', async () => {
  const http = standIn();
  const client = createObjectClient(http, { defaultNamespace: 'team' });
  const applied = await client.apply(
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'worker' } },
    { dryRun: false },
  );
  expect(applied.metadata).toEqual({ name: 'worker', namespace: 'team' });
  expect(http.requests.at(-1)).toEqual({
    method: 'PATCH',
    path: '/api/v1/namespaces/team/serviceaccounts/worker',
    query: { fieldManager: 'dualrun', force: 'true', fieldValidation: 'Strict' },
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'worker', namespace: 'team' },
    }),
    contentType: 'application/apply-patch+yaml',
  });
});

test('--dry-run adds dryRun=All; a cluster-scoped object has no namespace in its path or ref', async () => {
  const http = standIn();
  const client = createObjectClient(http);
  await client.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dualrun' } },
    { dryRun: true },
  );
  expect(http.requests.at(-1)).toMatchObject({
    path: '/api/v1/namespaces/dualrun',
    query: { dryRun: 'All' },
  });
  const located = await client.locate({
    apiVersion: 'v1',
    kind: 'Namespace',
    name: 'dualrun',
    namespace: 'ignored',
  });
  expect(located.ref).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'dualrun' });
});

test('discovery skips subresources, caches a group version, and asks again for a kind missing from it', async () => {
  const http = standIn();
  const client = createObjectClient(http);
  const service = await client.locate({
    apiVersion: 'v1',
    kind: 'Service',
    name: 's',
    namespace: 'n',
  });
  expect(service.path).toBe('/api/v1/namespaces/n/services/s');
  await client.locate({ apiVersion: 'v1', kind: 'ServiceAccount', name: 'a', namespace: 'n' });
  await expect(
    client.locate({ apiVersion: 'v1', kind: 'Widget', name: 'w', namespace: 'n' }),
  ).rejects.toThrow(KindNotServedError);
  const discoveries = http.requests.filter((request) => request.path === '/api/v1');
  expect(discoveries).toHaveLength(2);
});

test('a group version the server does not serve (404): KindNotServedError naming kind and version', async () => {
  const client = createObjectClient(standIn());
  await expect(
    client.locate({
      apiVersion: 'events.cloud.google.com/v1',
      kind: 'CloudStorageSource',
      name: 'x',
    }),
  ).rejects.toThrow(
    'the API server does not serve CloudStorageSource in events.cloud.google.com/v1: is its CustomResourceDefinition installed?',
  );
});

test('get: the stored object, or undefined for a 404', async () => {
  const stored = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
  const client = createObjectClient(standIn({ 'GET /api/v1/namespaces/a': () => stored }));
  await expect(client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'a' })).resolves.toEqual(
    stored,
  );
  await expect(
    client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'b' }),
  ).resolves.toBeUndefined();
});

test('probe: an error status on GET /api is no cluster reachable, naming the context', async () => {
  const http = standIn();
  http.request = () => Promise.reject(new ApiStatusError(403, 'Forbidden', 'forbidden: User "x"'));
  const probe = createObjectClient(http).probe();
  await expect(probe).rejects.toThrow(ClusterUnreachableError);
  await expect(probe).rejects.toThrow(
    'no cluster reachable through context "test" (https://127.0.0.1:6443): GET /api answered 403 Forbidden: forbidden: User "x"',
  );
});
