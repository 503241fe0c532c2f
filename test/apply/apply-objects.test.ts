/**
 * `apply` against a real kube-apiserver with the real CRDs: every object of the synthesized
 * `knative/` and `cloudrun/config-connector.yaml` accepted under strict field validation; a
 * broken object refused with the server's message; a second apply changing nothing; a dry run
 * storing nothing. Readiness is left to readiness.test.ts (nothing here writes a status).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { CoreV1Api } from '@kubernetes/client-node';
import { synthesizeFile } from '../../cdk8s/synth-app';
import { startKubeApiServer, type TestCluster } from '../support/kube-apiserver';
import { readinessRuleOf } from '../../src/apply/rules/readiness';
import { installApplyCrds } from './support/apply-crds';
import { readStored } from './support/controller';
import { committedObjects, knativeObjects, writeOutput, type Manifest } from './support/manifests';
import { runInProcess } from './support/run-in-process';

let cluster: TestCluster;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-apply-test-'));
  cluster = await startKubeApiServer();
  await installApplyCrds(cluster, dir);
}, 120_000);

afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

/** `Kind namespace/name`, as the table shows an object. */
const label = (object: Manifest): string =>
  `${object.kind} ${object.metadata.namespace === undefined ? '' : `${object.metadata.namespace}/`}${object.metadata.name}`;

/** Writes `objects` as the knative/ output of a fresh directory and answers it. */
async function knativeOutput(name: string, objects: readonly Manifest[]): Promise<string> {
  return writeOutput(path.join(dir, name), 'knative/dualrun.yaml', objects);
}

const apply = (outDir: string, ...options: string[]) =>
  runInProcess(['apply', '--kubeconfig', cluster.kubeconfigPath, '--dir', outDir, ...options]);

/** `resourceVersion` of each object, by `Kind namespace/name`. */
async function resourceVersions(objects: readonly Manifest[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    objects.map(async (object): Promise<[string, string]> => {
      const stored =
        object.apiVersion === 'v1'
          ? await readCore(object)
          : await readStored(cluster.kubeConfig(), object);
      return [`${object.kind} ${object.metadata.name}`, String(stored.metadata.resourceVersion)];
    }),
  );
  return Object.fromEntries(entries);
}

async function readCore(object: Manifest): Promise<Manifest> {
  const core = cluster.kubeConfig().makeApiClient(CoreV1Api);
  const found =
    object.kind === 'Namespace'
      ? await core.readNamespace({ name: object.metadata.name })
      : await core.readNamespacedServiceAccount({
          name: object.metadata.name,
          namespace: object.metadata.namespace ?? '',
        });
  return found as unknown as Manifest;
}

describe('apply of the synthesized knative/', () => {
  let objects: Manifest[];
  let first: Awaited<ReturnType<typeof apply>>;

  beforeAll(async () => {
    objects = await knativeObjects('apply-knative');
    first = await apply(await knativeOutput('knative', objects), '--timeout', '0');
  });

  test('applies every object in dependency order, each accepted with strict field validation', () => {
    const applied = [...first.out.matchAll(/^(\S+)\s+(\S+)\s+created$/gm)].map(
      ([, kind, name]) => `${kind} ${name}`,
    );
    // The charts write the objects in dependency order (DESIGN 4.2), the order apply keeps.
    expect(applied).toEqual(objects.map(label));
    expect(applied.slice(0, 2)).toEqual([
      'Namespace apply-knative',
      'ServiceAccount apply-knative/image-labeler',
    ]);
    expect(applied).toEqual(
      expect.arrayContaining([
        'Broker apply-knative/default',
        'Service apply-knative/image-labeler',
        'Trigger apply-knative/image-labeler-finalized',
      ]),
    );
  });

  test('stores each object as the manifest has it, owned by the field manager dualrun', async () => {
    const service = objects.find((object) => object.kind === 'Service');
    const stored = await readStored(cluster.kubeConfig(), service!);
    expect(stored).toMatchObject({ spec: service!.spec });
    const managers = (
      stored.metadata.managedFields as { manager: string; operation: string }[]
    ).map(({ manager, operation }) => `${manager} ${operation}`);
    expect(managers).toEqual(['dualrun Apply']);
  });

  test('with no controller running, --timeout 0 ends not ready (exit 1) naming the objects', () => {
    expect(first.code).toBe(1);
    const waited = objects.filter((object) => readinessRuleOf(object) === 'ready-condition');
    expect(waited.length).toBeGreaterThanOrEqual(4);
    expect(first.err).toContain(`${waited.length} of ${objects.length} objects not ready after 0:`);
    expect(first.err).toContain(
      'Trigger apply-knative/image-labeler-finalized (eventing.knative.dev/v1): NoReadyCondition: no Ready condition yet',
    );
    expect(first.out).toMatch(/^Namespace\s+apply-knative\s+ready$/m);
  });

  test('a second apply changes nothing: every resourceVersion stays', async () => {
    const before = await resourceVersions(objects);
    const second = await apply(await knativeOutput('knative', objects), '--timeout', '0');
    expect(await resourceVersions(objects)).toEqual(before);
    expect(second.out.match(/ unchanged$/gm)).toHaveLength(objects.length);
    expect(second.out).not.toMatch(/ (created|configured)$/m);
  });
});

describe('apply of cloudrun/config-connector.yaml (--target config-connector)', () => {
  test('every Config Connector resource is accepted with strict field validation', async () => {
    const objects = await committedObjects('cloudrun/config-connector.yaml');
    // The namespace Config Connector manages the project from exists on a Config Connector
    // cluster; the file does not make it, so the test adds it.
    const namespace: Manifest = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: objects[0]?.metadata.namespace ?? '' },
    };
    const outDir = await writeOutput(path.join(dir, 'kcc'), 'cloudrun/config-connector.yaml', [
      ...objects,
      namespace,
    ]);
    const result = await apply(outDir, '--target', 'config-connector', '--timeout', '0');
    expect(result.out.match(/ created$/gm)).toHaveLength(objects.length + 1);
    expect(objects.length).toBeGreaterThan(10);
    // Nothing runs Config Connector here, so none reports Ready.
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${objects.length} of ${objects.length + 1} objects not ready`);
  });
});

/** `objects` with `change` made to the first object of `kind`. */
function changed(
  objects: readonly Manifest[],
  kind: string,
  change: (object: Manifest) => void,
): Manifest[] {
  const copy = structuredClone(objects) as Manifest[];
  // The worker's Service, not the dead-letter receiver's: the one the tests edit.
  const target = copy.find(
    (object) => object.kind === kind && (kind !== 'Service' || isWorkerService(object)),
  );
  if (!target) throw new Error(`no ${kind} among the objects`);
  change(target);
  return copy;
}

/** The worker's Knative Service (the receiver's is named `<service>-dead-letters`). */
function isWorkerService(object: Manifest): boolean {
  return object.kind === 'Service' && object.metadata.name === 'image-labeler';
}

type Container = Record<string, unknown>;
const containerOf = (service: Manifest): Container =>
  (service.spec as { template: { spec: { containers: Container[] } } }).template.spec
    .containers[0]!;

describe('refusals', () => {
  test('an unknown field in the Knative Service: exit 2 naming it and quoting the server; later ranks not applied', async () => {
    const objects = changed(await knativeObjects('refused-service'), 'Service', (service) => {
      containerOf(service).imagePullPolicyTypo = 'Always';
    });
    const result = await apply(await knativeOutput('refused-service', objects));
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'apply: the API server refused an object:\n  Service refused-service/image-labeler (serving.knative.dev/v1): ' +
        'failed to create typed patch object (refused-service/image-labeler; serving.knative.dev/v1, Kind=Service): ' +
        '.spec.template.spec.containers[0].imagePullPolicyTypo: field not declared in schema',
    );
    expect(result.out).toMatch(/^Broker\s+refused-service\/default\s+created$/m);
    expect(result.out).toMatch(
      /^Trigger\s+refused-service\/image-labeler-finalized\s+skipped: not applied: an earlier object was refused$/m,
    );
    const trigger = objects.find((object) => object.kind === 'Trigger')!;
    await expect(readStored(cluster.kubeConfig(), trigger)).rejects.toMatchObject({ code: 404 });
  });

  test('an unknown field in a built-in kind is refused too: the body is sent as the manifest has it', async () => {
    const objects = changed(
      await knativeObjects('refused-account'),
      'ServiceAccount',
      (account) => {
        account.automountServiceAccountTokn = false;
      },
    );
    const result = await apply(await knativeOutput('refused-account', objects));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^ {2}ServiceAccount refused-account\/image-labeler \(v1\): failed to create typed patch object .*: \.automountServiceAccountTokn: field not declared in schema$/m,
    );
  });

  test('a kind the API server does not serve: exit 2 before anything is applied', async () => {
    const widget: Manifest = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'not-served' },
    };
    const objects = [...(await knativeObjects('not-served')), widget];
    const result = await apply(await knativeOutput('not-served', objects));
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'Widget not-served/w (example.com/v1): the API server does not serve Widget in example.com/v1: is its CustomResourceDefinition installed?',
    );
    await expect(
      cluster.kubeConfig().makeApiClient(CoreV1Api).readNamespace({ name: 'not-served' }),
    ).rejects.toMatchObject({ code: 404 });
  });
});

describe('a user RBAC does not allow', () => {
  test.each([
    // apply stops after the rank of the refused Namespace; status reads every object
    ['apply', () => 'an object'],
    ['status', (count: number) => `${count} objects`],
  ])(
    '%s: exit 2, the objects named and the API server’s Forbidden quoted',
    async (command, refusedWords) => {
      const nobody = await cluster.writeClientCertificateKubeconfig({
        userName: 'nobody',
        groups: [],
      });
      const objects = await knativeObjects('forbidden');
      const outDir = await knativeOutput('forbidden', objects);
      const result = await runInProcess([command, '--kubeconfig', nobody, '--dir', outDir]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(
        new RegExp(`^${command}: the API server refused ${refusedWords(objects.length)}:\n`),
      );
      expect(result.err).toContain(
        '\n  Namespace forbidden (v1): namespaces "forbidden" is forbidden: User "nobody" cannot get ' +
          'resource "namespaces" in API group "" in the namespace "forbidden"\n',
      );
    },
  );
});

describe('--dry-run', () => {
  test('on an empty cluster: the Namespace accepted, the objects in it not checked, the store left empty', async () => {
    const objects = await knativeObjects('dry-run');
    const result = await apply(await knativeOutput('dry-run', objects), '--dry-run');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^Namespace\s+dry-run\s+created \(dry run\)$/m);
    expect(result.out.match(/skipped: namespace dry-run does not exist yet/g)).toHaveLength(
      objects.length - 1,
    );
    expect(result.out).toContain(
      `dry run: the API server accepted 1 created; ${objects.length - 1} not checked (see above); nothing was changed`,
    );
    const namespaces = await cluster.kubeConfig().makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((namespace) => namespace.metadata?.name)).not.toContain('dry-run');
  });

  test('where the objects exist: a change reported configured, nothing stored', async () => {
    const objects = await knativeObjects('dry-run-existing');
    await apply(await knativeOutput('dry-run-existing', objects), '--timeout', '0');
    const before = await resourceVersions(objects);
    const edited = changed(objects, 'Service', (service) => {
      (
        service.spec as { template: { spec: Record<string, unknown> } }
      ).template.spec.containerConcurrency = 40;
    });
    const result = await apply(await knativeOutput('dry-run-existing', edited), '--dry-run');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^Service\s+dry-run-existing\/image-labeler\s+configured \(dry run\)$/m,
    );
    expect(result.out.match(/ unchanged \(dry run\)$/gm)).toHaveLength(objects.length - 1);
    expect(await resourceVersions(objects)).toEqual(before);
    const service = await readStored(cluster.kubeConfig(), edited.find(isWorkerService)!);
    expect(service).toMatchObject({ spec: { template: { spec: { containerConcurrency: 80 } } } });
  });
});

test('--config: the config synthesized into a temporary directory, applied from there (a dry run), then removed', async () => {
  const outDirs: string[] = [];
  const result = await runInProcess(
    [
      'apply',
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--config',
      'dualrun.config.yaml',
      '--dry-run',
    ],
    {
      deps: {
        // npm run synth, in-process (the same synthesizeFile): see synthesize-config.test.ts
        synthesize: async (configFile) => {
          const outDir = await mkdtemp(path.join(dir, 'synth-'));
          outDirs.push(outDir);
          synthesizeFile(path.resolve(__dirname, '../..', configFile), outDir);
          return { outDir, cleanUp: () => rm(outDir, { recursive: true }) };
        },
      },
    },
  );
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out).toMatch(/^Namespace\s+dualrun\s+created \(dry run\)$/m);
  expect(result.out).toMatch(
    /^Service\s+dualrun\/image-labeler\s+skipped: namespace dualrun does not exist yet/m,
  );
  expect(outDirs).toHaveLength(1);
  expect(existsSync(outDirs[0]!)).toBe(false);
});
