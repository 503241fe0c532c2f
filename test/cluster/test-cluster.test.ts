/**
 * The Kubernetes API server test peer: a real kube-apiserver and etcd with the real Knative and
 * Config Connector CRDs, driven with @kubernetes/client-node the way `apply` and `status` will
 * (server-side apply, field manager `dualrun`, `fieldValidation=Strict`, server dry run), with the
 * status written the way a controller writes it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AuthenticationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  V1SelfSubjectReview,
  VersionApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import {
  ADMIN_USER,
  CLIENT_CERTIFICATE_USER,
  EXEC_PLUGIN_USER,
  knownCrdFiles,
  startKubeApiServer,
  type TestCluster,
} from '../support/kube-apiserver';
import { CrdInstallError } from '../support/cluster/install-crds';
import { objectApiWithFieldValidation } from '../support/cluster/object-api';

const FIELD_MANAGER = 'dualrun';
const NAMESPACE = 'cluster-test';
const SERVING = { group: 'serving.knative.dev', version: 'v1', plural: 'services' } as const;

let cluster: TestCluster | undefined;
let installed: readonly string[] = [];

beforeAll(async () => {
  cluster = await startKubeApiServer();
  installed = await cluster.installCrds((await knownCrdFiles()).map((crd) => crd.file));
  await apply(namespace);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

function running(): TestCluster {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster;
}

/** An object as a manifest holds it: plain data, as the apply command reads it from YAML. */
interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: unknown;
}

const namespace: Manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } };

function knativeService(name: string, containerFields: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      template: {
        spec: {
          containerConcurrency: 80,
          timeoutSeconds: 300,
          containers: [
            {
              image: 'example.com/image-labeler:1',
              ports: [{ name: 'http1', containerPort: 8080 }],
              ...containerFields,
            },
          ],
        },
      },
    },
  };
}

const broker: Manifest = {
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: {
    name: 'default',
    namespace: NAMESPACE,
    annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' },
  },
  spec: { delivery: { retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT1S' } },
};

/** Server-side apply as the apply command does it: forced, field manager, Strict validation. */
function apply(object: Manifest, dryRun?: 'All'): Promise<KubernetesObject> {
  return objectApiWithFieldValidation(running().kubeConfig(), 'Strict').patch(
    object,
    undefined,
    dryRun,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

const customObjects = (): CustomObjectsApi =>
  running().kubeConfig().makeApiClient(CustomObjectsApi);

function loadKubeConfig(file: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
}

/** Who the API server says `config`'s user is (a SelfSubjectReview: `kubectl auth whoami`). */
async function userOf(config: KubeConfig): Promise<{ username?: string; groups?: string[] }> {
  const body = new V1SelfSubjectReview();
  body.apiVersion = 'authentication.k8s.io/v1';
  body.kind = 'SelfSubjectReview';
  const review = await config.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body });
  return review.status?.userInfo ?? {};
}

describe('a cluster from startKubeApiServer', () => {
  test('serves the Kubernetes version it was built from, on loopback', async () => {
    const version = await running().kubeConfig().makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(running().binaries.kubernetesVersion);
    expect(running().server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  test('has every known CRD Established and serves its kind', async () => {
    expect([...installed].sort()).toEqual([
      'brokers.eventing.knative.dev',
      'configurations.serving.knative.dev',
      'containersources.sources.knative.dev',
      'iampolicymembers.iam.cnrm.cloud.google.com',
      'iamserviceaccounts.iam.cnrm.cloud.google.com',
      'pubsubsubscriptions.pubsub.cnrm.cloud.google.com',
      'pubsubtopics.pubsub.cnrm.cloud.google.com',
      'revisions.serving.knative.dev',
      'routes.serving.knative.dev',
      'services.serving.knative.dev',
      'sinkbindings.sources.knative.dev',
      'storagebuckets.storage.cnrm.cloud.google.com',
      'storagenotifications.storage.cnrm.cloud.google.com',
      'triggers.eventing.knative.dev',
    ]);
    const topics = await customObjects().listClusterCustomObject({
      group: 'pubsub.cnrm.cloud.google.com',
      version: 'v1beta1',
      plural: 'pubsubtopics',
    });
    expect(topics).toMatchObject({ kind: 'PubSubTopicList', items: [] });
  });
});

describe('kubeconfig users', () => {
  test.each([
    ['bearer token', () => Promise.resolve(running().kubeconfigPath), ADMIN_USER],
    [
      'client certificate',
      () => running().writeClientCertificateKubeconfig(),
      CLIENT_CERTIFICATE_USER,
    ],
    ['exec credential plugin', () => running().writeExecPluginKubeconfig(), EXEC_PLUGIN_USER],
  ])('a %s kubeconfig authenticates as its user, a cluster admin', async (_kind, write, user) => {
    const config = loadKubeConfig(await write());
    expect(await userOf(config)).toMatchObject({
      username: user,
      groups: expect.arrayContaining(['system:masters', 'system:authenticated']),
    });
    const namespaces = await config.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((namespace) => namespace.metadata?.name)).toContain(NAMESPACE);
  });

  test('RBAC governs a client certificate user outside system:masters', async () => {
    const file = await running().writeClientCertificateKubeconfig({
      userName: 'nobody',
      groups: [],
    });
    const config = loadKubeConfig(file);
    expect(await userOf(config)).toMatchObject({ username: 'nobody' });
    await expect(config.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({
      code: 403,
    });
  });
});

describe('server-side apply with fieldValidation=Strict', () => {
  test('creates a Knative Service and a Broker, owned by the field manager', async () => {
    const service = await apply(knativeService('image-labeler'));
    const applied = await apply(broker);
    expect(applied.metadata?.uid).toEqual(expect.any(String));
    const stored = await customObjects().getNamespacedCustomObject({
      ...SERVING,
      namespace: NAMESPACE,
      name: 'image-labeler',
    });
    expect(stored).toMatchObject({
      metadata: { uid: service.metadata?.uid, generation: 1 },
      spec: { template: { spec: { containerConcurrency: 80, timeoutSeconds: 300 } } },
    });
    const managers = (service.metadata?.managedFields ?? []).map((entry) => [
      entry.manager,
      entry.operation,
    ]);
    expect(managers).toEqual([[FIELD_MANAGER, 'Apply']]);
    const storedBroker = await customObjects().getNamespacedCustomObject({
      group: 'eventing.knative.dev',
      version: 'v1',
      plural: 'brokers',
      namespace: NAMESPACE,
      name: 'default',
    });
    expect(storedBroker).toMatchObject({
      spec: { delivery: { retry: 5, backoffPolicy: 'exponential' } },
    });
  });

  test('refuses an unknown field with the server message naming it', async () => {
    const refusal = await apply(knativeService('broken', { imagePullPolicyTypo: 'Always' })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({
      body: expect.stringMatching(
        /"message":"failed to create typed patch object \(cluster-test\/broken; serving\.knative\.dev\/v1, Kind=Service\): \.spec\.template\.spec\.containers\[0\]\.imagePullPolicyTypo: field not declared in schema"/,
      ),
    });
    // 500, not 400, for this refusal up to Kubernetes 1.37 at least:
    // https://github.com/kubernetes/kubernetes/issues/139253 (the apply command must read the
    // Status message, not only the code).
    expect([400, 500]).toContain((refusal as { code?: number }).code);
    await expect(
      customObjects().getNamespacedCustomObject({
        ...SERVING,
        namespace: NAMESPACE,
        name: 'broken',
      }),
    ).rejects.toMatchObject({ code: 404 });
  });

  test('a server dry run answers with the object and stores nothing', async () => {
    const answered = await apply(knativeService('dry-run'), 'All');
    expect(answered.metadata).toMatchObject({ name: 'dry-run', namespace: NAMESPACE });
    await expect(
      customObjects().getNamespacedCustomObject({
        ...SERVING,
        namespace: NAMESPACE,
        name: 'dry-run',
      }),
    ).rejects.toMatchObject({ code: 404 });
  });

  test('the status subresource keeps a Ready condition written as a controller writes it', async () => {
    await apply(knativeService('status-writer'));
    const target = { ...SERVING, namespace: NAMESPACE, name: 'status-writer' };
    const current = (await customObjects().getNamespacedCustomObject(target)) as KubernetesObject;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await customObjects().replaceNamespacedCustomObjectStatus({
      ...target,
      body: {
        ...current,
        status: {
          observedGeneration: current.metadata?.generation,
          url: `http://status-writer.${NAMESPACE}.svc.cluster.local`,
          conditions: ['ConfigurationsReady', 'Ready', 'RoutesReady'].map((type) => ({
            type,
            status: 'True',
            lastTransitionTime: now,
          })),
        },
      },
    });
    // Applying the spec again leaves the controller's status alone.
    await apply(knativeService('status-writer'));
    const stored = await customObjects().getNamespacedCustomObject(target);
    expect(stored).toMatchObject({
      status: {
        observedGeneration: 1,
        conditions: expect.arrayContaining([
          { type: 'Ready', status: 'True', lastTransitionTime: now },
        ]),
      },
    });
  });
});

describe('installCrds', () => {
  test('refuses a CRD whose schema is not structural, naming the file and quoting the server', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-crd-'));
    const file = path.join(dir, 'widgets.yaml');
    await writeFile(
      file,
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: { name: widgets.example.com }',
        'spec:',
        '  group: example.com',
        '  scope: Namespaced',
        '  names: { plural: widgets, singular: widget, kind: Widget }',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema: { openAPIV3Schema: { type: object, properties: { spec: { properties: {} } } } }',
      ].join('\n'),
    );
    try {
      const install = running().installCrds([file]);
      await expect(install).rejects.toThrow(CrdInstallError);
      await expect(install).rejects.toThrow(
        /widgets\.yaml: .*openAPIV3Schema\.properties\[spec\]\.type: Required value/,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
