/**
 * The built command as a person runs it: `npm run apply` and `npm run status` as child processes
 * against a real kube-apiserver, one case per exit code, and a kubeconfig of each kind of user
 * (bearer token, client certificate, exec credential plugin).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { startKubeApiServer, type TestCluster } from '../support/kube-apiserver';
import { KUBECONFIG_CONTEXT, writeKubeconfig } from '../support/cluster/kubeconfig';
import { installApplyCrds } from './support/apply-crds';
import { reconcile } from './support/controller';
import { knativeObjects, writeOutput, type Manifest } from './support/manifests';
import { runChild, runCli } from './support/run-cli';
import { readinessRuleOf } from '../../src/apply/rules/readiness';
import { USAGE } from '../../src/apply/command-line';

let cluster: TestCluster;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-apply-cli-'));
  cluster = await startKubeApiServer();
  await installApplyCrds(cluster, dir);
}, 120_000);

afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The environment of a child: the kubeconfig, and a home without one. */
const envWith = (kubeconfig: string): Record<string, string> => ({
  KUBECONFIG: kubeconfig,
  HOME: dir,
});

async function knativeOutput(namespace: string, objects?: Manifest[]): Promise<string> {
  return writeOutput(
    path.join(dir, namespace),
    'knative/dualrun.yaml',
    objects ?? (await knativeObjects(namespace)),
  );
}

test('npm run apply: applies, waits while the controllers work, exit 0', async () => {
  const objects = await knativeObjects('cli-ready');
  const outDir = await knativeOutput('cli-ready', objects);
  // The waiting lines are readiness.test.ts's; here the exit code and the last line.
  const controllers = objects
    .filter((object) => readinessRuleOf(object) === 'ready-condition')
    .map((object) =>
      reconcile(
        cluster.kubeConfig(),
        object,
        [{ status: 'Unknown', reason: 'Reconciling', message: '' }, { status: 'True' }],
        { stepMs: 1000 },
      ),
    );
  const [result] = await Promise.all([
    runChild('npm', ['run', '--silent', 'apply', '--', '--dir', outDir, '--timeout', '30s'], {
      ...envWith(cluster.kubeconfigPath),
      CI: 'true',
    }),
    ...controllers,
  ]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toMatch(/^Service\s+cli-ready\/image-labeler\s+created$/m);
  expect(result.stdout).toMatch(/^Service\s+cli-ready\/image-labeler\s+ready$/m);
  expect(result.stdout).toMatch(
    new RegExp(`^all ${objects.length} objects applied and ready in \\d+\\.\\d s\n$`, 'm'),
  );
}, 40_000);

test('not ready by the deadline: exit 1, each object named with its reason and message', async () => {
  const objects = await knativeObjects('cli-not-ready');
  const waited = objects.filter((object) => readinessRuleOf(object) === 'ready-condition');
  const outDir = await knativeOutput('cli-not-ready', objects);
  const result = await runCli(
    ['apply', '--dir', outDir, '--timeout', '2s'],
    envWith(cluster.kubeconfigPath),
  );
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    new RegExp(`^apply: ${waited.length} of ${objects.length} objects not ready after 2s:\n`),
  );
  expect(result.stderr).toContain(
    '  Broker cli-not-ready/default (eventing.knative.dev/v1): NoReadyCondition: no Ready condition yet: is its controller running?\n',
  );
});

test('refused by the API server: exit 2, the object named and the server quoted', async () => {
  const objects = await knativeObjects('cli-refused');
  const broker = objects.find((object) => object.metadata.name === 'default')!;
  (broker.spec as Record<string, unknown>).delivery = { retry: 'five' };
  const result = await runCli(
    ['apply', '--dir', await knativeOutput('cli-refused', objects)],
    envWith(cluster.kubeconfigPath),
  );
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(
    /^apply: the API server refused an object:\n {2}Broker cli-refused\/default \(eventing\.knative\.dev\/v1\): failed to create typed patch object \(cli-refused\/default; eventing\.knative\.dev\/v1, Kind=Broker\): \.spec\.delivery\.retry: expected numeric \(int or float\), got string\n$/,
  );
});

describe('no cluster reachable: exit 3, one line naming the context and why', () => {
  test('the server is down', async () => {
    const port = await freePort();
    const kubeconfig = await writeKubeconfig(path.join(dir, 'down.kubeconfig'), {
      server: `https://127.0.0.1:${port}`,
      caPem: cluster.caPem,
      user: { kind: 'token', token: cluster.token },
    });
    const result = await runCli(
      ['status', '--dir', await knativeOutput('cli-down')],
      envWith(kubeconfig),
    );
    expect(result).toMatchObject({ code: 3, stdout: '' });
    expect(result.stderr).toBe(
      `status: no cluster reachable through context "${KUBECONFIG_CONTEXT}" (https://127.0.0.1:${port}): connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });

  test('the context is not in the kubeconfig', async () => {
    const result = await runCli(
      ['apply', '--context', 'production', '--dir', await knativeOutput('cli-context')],
      envWith(cluster.kubeconfigPath),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `apply: no cluster reachable through context "production": the kubeconfig has no context "production"; it has ${KUBECONFIG_CONTEXT}\n`,
    );
  });

  test('the token is not accepted', async () => {
    const kubeconfig = await writeKubeconfig(path.join(dir, 'bad-token.kubeconfig'), {
      server: cluster.server,
      caPem: cluster.caPem,
      user: { kind: 'token', token: 'not-a-token' },
    });
    const result = await runCli(
      ['status', '--dir', await knativeOutput('cli-token')],
      envWith(kubeconfig),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^status: no cluster reachable through context "dualrun-test" \(https:\/\/127\.0\.0\.1:\d+\): the API server does not accept the credentials \(401 Unauthorized: Unauthorized\)\n$/,
    );
  });
});

describe('kubeconfig users', () => {
  const namespaceOnly = (name: string): Manifest[] => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'worker', namespace: name } },
  ];

  test.each([
    ['a bearer token', 'token', () => Promise.resolve(cluster.kubeconfigPath)],
    ['a client certificate', 'certificate', () => cluster.writeClientCertificateKubeconfig()],
    ['an exec credential plugin', 'exec', () => cluster.writeExecPluginKubeconfig()],
  ])('a user with %s: apply and status work (exit 0)', async (_user, slug, write) => {
    const name = `cli-user-${slug}`;
    const outDir = await knativeOutput(name, namespaceOnly(name));
    const env = envWith(await write());
    const applied = await runCli(['apply', '--dir', outDir], env);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toMatch(
      new RegExp(`^ServiceAccount\\s+${name}/worker\\s+created$`, 'm'),
    );
    const status = await runCli(['status', '--dir', outDir], env);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(status.stdout).toMatch(/^all 2 objects ready$/m);
  });
});

describe('usage', () => {
  test('--help prints the usage; exit 0', async () => {
    const result = await runCli(['apply', '--help'], envWith(cluster.kubeconfigPath));
    expect(result).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
  });

  test('an option it does not know: exit 4, the option named, then the usage', async () => {
    const result = await runCli(['status', '--dry-run'], envWith(cluster.kubeconfigPath));
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `status: --dry-run and --timeout are options of apply, not of status\n${USAGE}\n`,
    );
  });
});
