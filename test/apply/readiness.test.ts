/**
 * Readiness against a real kube-apiserver: no controller runs, so the test writes each object's
 * status subresource as its controller would (Ready Unknown, then True; one that stays False with
 * a reason), and `apply` and `status` report it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
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

/** The table row of `object`, as a pattern: `Kind  namespace/name  `. */
const rowOf = (object: Manifest): string =>
  `${object.kind}\\s+${object.metadata.namespace ?? ''}/?${object.metadata.name}\\s+`;

/** Resolves once `predicate` holds, checking every 20 ms; rejects after `withinMs`. */
async function until(predicate: () => boolean, what: string, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await delay(20);
  }
}

/**
 * Runs `apply` while playing the controllers of `objects`: each is held at Ready=Unknown until
 * the command's table shows it waiting (so the test does not race the poll interval), then made
 * ready; `final` chooses another last condition.
 */
async function applyWhileReconciling(
  outDir: string,
  objects: readonly Manifest[],
  options: readonly string[],
  final: (object: Manifest) => ReadyCondition = () => READY,
): Promise<Awaited<ReturnType<typeof command>>> {
  let out = '';
  const run = runInProcess(
    ['apply', '--kubeconfig', cluster.kubeconfigPath, '--dir', outDir, ...options],
    { onOut: (text) => (out += text) },
  );
  const controllers = withReadyCondition(objects).map(async (object) => {
    await reconcile(cluster.kubeConfig(), object, [NOT_YET]);
    const waiting = new RegExp(`^${rowOf(object)}waiting: Ready=Unknown`, 'm');
    await until(() => waiting.test(out), `${object.kind} ${object.metadata.name} shown waiting`);
    await writeReadyCondition(cluster.kubeConfig(), object, final(object));
  });
  const [result] = await Promise.all([run, ...controllers]);
  return result;
}

describe('apply waits for the Ready conditions', () => {
  const namespace = 'ready';
  let objects: Manifest[];
  let result: Awaited<ReturnType<typeof command>>;

  beforeAll(async () => {
    const written = await deployment(namespace);
    objects = written.objects;
    result = await applyWhileReconciling(written.outDir, objects, ['--timeout', '30s']);
  }, 40_000);

  test('shows each object waiting with its condition, then ready; exit 0', () => {
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    for (const object of withReadyCondition(objects)) {
      const row = rowOf(object);
      expect(result.out).toMatch(
        new RegExp(`^${row}waiting: Ready=Unknown Reconciling: the controller is at work$`, 'm'),
      );
      expect(result.out).toMatch(new RegExp(`^${row}ready$`, 'm'));
    }
    expect(result.out).toMatch(
      new RegExp(`^all ${objects.length} objects applied and ready in \\d+\\.\\d s$`, 'm'),
    );
  });

  test('the table covers every kind of the deployment, the ContainerSource too', () => {
    const kinds = withReadyCondition(objects).map((object) => object.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['Broker', 'Service', 'Trigger', 'ContainerSource']),
    );
    expect(objects.filter((object) => !kinds.includes(object.kind)).map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Namespace', 'ServiceAccount']),
    );
  });

  test('status prints the same objects ready, without applying; exit 0', async () => {
    const status = await command('status', path.join(dir, namespace));
    expect(status).toMatchObject({ code: 0, err: '' });
    expect(status.out.match(/^\S+\s+\S+\s+ready$/gm)).toHaveLength(objects.length);
    expect(status.out).toMatch(new RegExp(`^all ${objects.length} objects ready$`, 'm'));
    expect(status.out).not.toMatch(/created|configured|unchanged/);
  });

  test('Ready=True for an older generation is not ready until the controller observes the new one', async () => {
    const edited = structuredClone(objects);
    const service = edited.find(
      (object) => object.kind === 'Service' && object.metadata.name === 'image-labeler',
    )!;
    (
      service.spec as { template: { spec: Record<string, unknown> } }
    ).template.spec.containerConcurrency = 40;
    const outDir = await writeOutput(path.join(dir, 'edited'), 'knative/dualrun.yaml', edited);
    const changed = await command('apply', outDir, '--timeout', '1s');
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/^Service\s+ready\/image-labeler\s+configured$/m);
    expect(changed.err).toContain(
      `1 of ${objects.length} objects not ready after 1s:\n  Service ready/image-labeler (serving.knative.dev/v1): ` +
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
  let total: number;
  let result: Awaited<ReturnType<typeof command>>;

  beforeAll(async () => {
    const written = await deployment(namespace);
    outDir = written.outDir;
    total = written.objects.length;
    result = await applyWhileReconciling(outDir, written.objects, ['--timeout', '5s'], (object) =>
      object.kind === 'Trigger' ? BROKER_MISSING : READY,
    );
  }, 40_000);

  test('apply: exit 1 by the deadline, quoting the condition’s reason and message', () => {
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `apply: 1 of ${total} objects not ready after 5s:\n` +
        '  Trigger stuck/image-labeler-finalized (eventing.knative.dev/v1): ' +
        'Ready=False BrokerDoesNotExist: Broker "default" does not exist\n',
    );
    expect(result.out).toMatch(
      /^Trigger\s+stuck\/image-labeler-finalized\s+not ready: Ready=False BrokerDoesNotExist: Broker "default" does not exist$/m,
    );
    expect(result.out.match(/^\S+\s+\S+\s+ready$/gm)).toHaveLength(total - 1);
  });

  test('status: the same table, exit 1 with the same reason', async () => {
    const status = await command('status', outDir);
    expect(status.code).toBe(1);
    expect(status.err).toBe(result.err.replace('apply: ', 'status: ').replace(' after 5s', ''));
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
  const result = await applyWhileReconciling(outDir, objects, [
    '--target',
    'config-connector',
    '--timeout',
    '30s',
  ]);
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out.match(/ waiting: Ready=Unknown Reconciling/gm)).toHaveLength(
    objects.length - 1,
  );
  expect(result.out).toMatch(
    new RegExp(`^all ${objects.length} objects applied and ready in`, 'm'),
  );
}, 40_000);
