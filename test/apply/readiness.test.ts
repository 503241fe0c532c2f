/**
 * Readiness against a real kube-apiserver: no controller runs, so the test writes each object's
 * status subresource as its controller would (Ready Unknown, then True; one that stays False with
 * a reason), and `apply` and `status` report it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startKubeApiServer, type TestCluster } from '../support/kube-apiserver';
import { installApplyCrds } from './support/apply-crds';
import { reconcile, writeReadyCondition, type ReadyCondition } from './support/controller';
import {
  committedObjects,
  containerSource,
  knativeObjects,
  writeOutput,
  type Manifest,
} from './support/manifests';
import { runInProcess } from './support/run-in-process';
import { readinessRuleOf } from '../../src/apply/rules/readiness';

let cluster: TestCluster;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-readiness-test-'));
  cluster = await startKubeApiServer();
  await installApplyCrds(cluster, dir);
}, 120_000);

afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The sample's knative/ objects plus the kit's ContainerSource, in `namespace`, written out. */
async function deployment(namespace: string): Promise<{ objects: Manifest[]; outDir: string }> {
  const objects = [...(await knativeObjects(namespace)), containerSource(namespace)];
  const outDir = await writeOutput(path.join(dir, namespace), 'knative/dualrun.yaml', objects);
  return { objects, outDir };
}

const withReadyCondition = (objects: readonly Manifest[]): Manifest[] =>
  objects.filter((object) => readinessRuleOf(object) === 'ready-condition');

const command = (name: 'apply' | 'status', outDir: string, ...options: string[]) =>
  runInProcess([name, '--kubeconfig', cluster.kubeconfigPath, '--dir', outDir, ...options]);

const READY: ReadyCondition = { status: 'True' };

/** What each kind's controller says before it is ready. */
const NOT_YET: ReadyCondition = {
  status: 'Unknown',
  reason: 'Reconciling',
  message: 'the controller is at work',
};

describe('apply waits for the Ready conditions', () => {
  const namespace = 'ready';
  let objects: Manifest[];
  let result: Awaited<ReturnType<typeof command>>;

  beforeAll(async () => {
    const written = await deployment(namespace);
    objects = written.objects;
    const controllers = withReadyCondition(objects).map((object) =>
      reconcile(cluster.kubeConfig(), object, [NOT_YET, READY]),
    );
    [result] = await Promise.all([
      command('apply', written.outDir, '--timeout', '30s'),
      ...controllers,
    ]);
  }, 40_000);

  test('shows each object waiting with its condition, then ready; exit 0', () => {
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    for (const object of withReadyCondition(objects)) {
      const row = `${object.kind}\\s+${namespace}/${object.metadata.name}\\s+`;
      expect(result.out).toMatch(
        new RegExp(`^${row}waiting: Ready=Unknown Reconciling: the controller is at work$`, 'm'),
      );
      expect(result.out).toMatch(new RegExp(`^${row}ready$`, 'm'));
    }
    expect(result.out).toMatch(/^all 9 objects applied and ready in \d+\.\d s$/m);
  });

  test('the table covers every kind of the deployment, the ContainerSource too', () => {
    expect(withReadyCondition(objects).map((object) => object.kind)).toEqual([
      'Broker',
      'Broker',
      'Service',
      'Trigger',
      'CloudStorageSource',
      'ContainerSource',
    ]);
  });

  test('status prints the same objects ready, without applying; exit 0', async () => {
    const status = await command('status', path.join(dir, namespace));
    expect(status).toMatchObject({ code: 0, err: '' });
    expect(status.out.match(/^\S+\s+\S+\s+ready$/gm)).toHaveLength(objects.length);
    expect(status.out).toMatch(/^all 9 objects ready$/m);
    expect(status.out).not.toMatch(/created|configured|unchanged/);
  });

  test('Ready=True for an older generation is not ready until the controller observes the new one', async () => {
    const edited = structuredClone(objects);
    const service = edited.find((object) => object.kind === 'Service')!;
    (
      service.spec as { template: { spec: Record<string, unknown> } }
    ).template.spec.containerConcurrency = 40;
    const outDir = await writeOutput(path.join(dir, 'edited'), 'knative/dualrun.yaml', edited);
    const changed = await command('apply', outDir, '--timeout', '1s');
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/^Service\s+ready\/image-labeler\s+configured$/m);
    expect(changed.err).toContain(
      '1 of 9 objects not ready after 1s:\n  Service ready/image-labeler (serving.knative.dev/v1): ' +
        'Ready=True GenerationNotObserved: the controller has observed generation 1, not yet 2',
    );
    await writeReadyCondition(cluster.kubeConfig(), service, READY);
    expect(await command('status', outDir)).toMatchObject({ code: 0, err: '' });
  });
});

describe('an object that stays not ready', () => {
  const namespace = 'stuck';
  const BROKER_MISSING: ReadyCondition = {
    status: 'False',
    reason: 'BrokerDoesNotExist',
    message: 'Broker "default" does not exist',
  };
  let outDir: string;
  let result: Awaited<ReturnType<typeof command>>;

  beforeAll(async () => {
    const written = await deployment(namespace);
    outDir = written.outDir;
    const controllers = withReadyCondition(written.objects).map((object) =>
      reconcile(cluster.kubeConfig(), object, [object.kind === 'Trigger' ? BROKER_MISSING : READY]),
    );
    [result] = await Promise.all([command('apply', outDir, '--timeout', '3s'), ...controllers]);
  }, 40_000);

  test('apply: exit 1 by the deadline, quoting the condition’s reason and message', () => {
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'apply: 1 of 9 objects not ready after 3s:\n' +
        '  Trigger stuck/image-labeler-finalized (eventing.knative.dev/v1): ' +
        'Ready=False BrokerDoesNotExist: Broker "default" does not exist\n',
    );
    expect(result.out).toMatch(
      /^Trigger\s+stuck\/image-labeler-finalized\s+not ready: Ready=False BrokerDoesNotExist: Broker "default" does not exist$/m,
    );
    expect(result.out.match(/^\S+\s+\S+\s+ready$/gm)).toHaveLength(8);
  });

  test('status: the same table, exit 1 with the same reason', async () => {
    const status = await command('status', outDir);
    expect(status.code).toBe(1);
    expect(status.err).toBe(result.err.replace('apply: ', 'status: ').replace(' after 3s', ''));
  });
});

test('status of objects never applied: each not found; exit 1', async () => {
  const { objects, outDir } = await deployment('absent');
  const status = await command('status', outDir);
  expect(status.code).toBe(1);
  expect(status.out.match(/ not ready: NotFound: not in the cluster$/gm)).toHaveLength(
    objects.length,
  );
  expect(status.err).toContain(`${objects.length} of ${objects.length} objects not ready:`);
});

test('Config Connector resources: ready when each reports Ready=True', async () => {
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'config-control' } },
    ...(await committedObjects('cloudrun/config-connector.yaml')),
  ];
  const outDir = await writeOutput(
    path.join(dir, 'kcc'),
    'cloudrun/config-connector.yaml',
    objects,
  );
  const controllers = objects
    .slice(1)
    .map((object) => reconcile(cluster.kubeConfig(), object, [NOT_YET, READY], { stepMs: 100 }));
  const [result] = await Promise.all([
    command('apply', outDir, '--target', 'config-connector', '--timeout', '30s'),
    ...controllers,
  ]);
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out.match(/ waiting: Ready=Unknown Reconciling/gm)?.length).toBeGreaterThan(0);
  expect(result.out).toMatch(
    new RegExp(`^all ${objects.length} objects applied and ready in`, 'm'),
  );
}, 40_000);
