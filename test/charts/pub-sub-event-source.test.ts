import { existsSync } from 'node:fs';
import path from 'node:path';
import { App, Chart } from 'cdk8s';
import { KnativeChart } from '../../charts/constructs/knative-chart';
import {
  PubSubEventSource,
  type PubSubEventSourceProps,
} from '../../charts/constructs/pub-sub-event-source';
import { HARDENED_SECURITY_CONTEXT } from '../../charts/constructs/worker-container';
import { SOURCE_ENTRY } from '../../src/config/source-contract';
import { loadSourceConfig } from '../../src/config/source-config';
import { DIGEST, field, findObject, synthChart, testConfig, type Change } from './test-config';

const synthKnative = (...changes: Change[]) =>
  synthChart((app) => new KnativeChart(app, 'knative', { config: testConfig(...changes) }));

describe('the Pub/Sub source as a ContainerSource (knative.source.kind pubsub)', () => {
  const manifests = synthKnative();
  const source = findObject(manifests, 'ContainerSource', 'photo-uploads');
  const container = field(source, 'spec.template.spec.containers.0') as Record<string, unknown>;

  test('is a core Eventing ContainerSource whose sink is the Broker', () => {
    expect(source).toMatchObject({
      apiVersion: 'sources.knative.dev/v1',
      metadata: { name: 'photo-uploads', namespace: 'media' },
      spec: {
        sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'uploads' } },
      },
    });
  });

  test("runs the worker's image with the source's entry, as its own service account", () => {
    expect(field(source, 'spec.template.spec.serviceAccountName')).toBe('gcs-source');
    expect(container).toMatchObject({
      name: 'source',
      image: `europe-docker.pkg.dev/acme-prod/images/dualrun@${DIGEST}`,
      command: ['node', SOURCE_ENTRY],
    });
  });

  test("the entry is a file of the image's build: src/startup/source-main.ts compiles to it", () => {
    const sourceFile = SOURCE_ENTRY.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(existsSync(path.resolve(__dirname, '../..', sourceFile))).toBe(true);
  });

  test('its environment: full names, the bucket, its limits, the probe port, the log level', () => {
    expect(container['env']).toEqual([
      { name: 'PUBSUB_SUBSCRIPTION', value: 'projects/acme-prod/subscriptions/photos-source' },
      { name: 'BUCKET', value: 'acme-photos' },
      { name: 'PUBSUB_DEAD_LETTER_TOPIC', value: 'projects/acme-prod/topics/photos-dlq' },
      { name: 'SEND_TIMEOUT_MS', value: '20000' },
      { name: 'MAX_OUTSTANDING_MESSAGES', value: '40' },
      { name: 'PORT', value: '8080' },
      { name: 'LOG_LEVEL', value: 'warn' },
    ]);
  });

  test('the environment is one the source itself accepts, once Knative adds K_SINK', () => {
    const env = Object.fromEntries(
      (container['env'] as { name: string; value: string }[]).map(({ name, value }) => [
        name,
        value,
      ]),
    );
    expect(loadSourceConfig({ ...env, K_SINK: 'http://broker-ingress.example/' })).toMatchObject({
      subscription: 'projects/acme-prod/subscriptions/photos-source',
      projectId: 'acme-prod',
      sendTimeoutMs: 20000,
      maxOutstandingMessages: 40,
      port: 8080,
    });
  });

  test('probes on its probe server by port name, requests equal to limits, hardened', () => {
    expect(container).toMatchObject({
      ports: [{ name: 'probes', containerPort: 8080 }],
      readinessProbe: { httpGet: { path: '/readyz', port: 'probes' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 'probes' } },
      resources: {
        requests: { cpu: '100m', memory: '192Mi' },
        limits: { cpu: '100m', memory: '192Mi' },
      },
      securityContext: HARDENED_SECURITY_CONTEXT,
    });
  });

  test('Workload Identity: its Kubernetes account carries the Google account; no key is mounted', () => {
    expect(
      field(findObject(manifests, 'ServiceAccount', 'gcs-source'), 'metadata.annotations'),
    ).toEqual({
      'iam.gke.io/gcp-service-account': 'photo-source@acme-prod.iam.gserviceaccount.com',
    });
    expect(container['volumeMounts']).toBeUndefined();
    expect(field(source, 'spec.template.spec.volumes')).toBeUndefined();
  });

  test('a key Secret instead: mounted read-only, named by GOOGLE_APPLICATION_CREDENTIALS', () => {
    const keyed = synthKnative(['knative.source.keySecret', { name: 'source-key' }]);
    const keyedSource = findObject(keyed, 'ContainerSource', 'photo-uploads');
    const keyedContainer = field(keyedSource, 'spec.template.spec.containers.0') as Record<
      string,
      unknown
    >;
    expect(keyedContainer['env']).toContainEqual({
      name: 'GOOGLE_APPLICATION_CREDENTIALS',
      value: '/var/run/secrets/google/key.json',
    });
    expect(keyedContainer['volumeMounts']).toEqual([
      { name: 'google-credentials', mountPath: '/var/run/secrets/google', readOnly: true },
    ]);
    expect(field(keyedSource, 'spec.template.spec.volumes')).toEqual([
      {
        name: 'google-credentials',
        secret: { secretName: 'source-key', items: [{ key: 'key.json', path: 'key.json' }] },
      },
    ]);
    expect(
      field(findObject(keyed, 'ServiceAccount', 'gcs-source'), 'metadata.annotations'),
    ).toBeUndefined();
  });
});

describe('PubSubEventSource props', () => {
  const props: PubSubEventSourceProps = {
    name: 'uploads',
    namespace: 'media',
    image: 'example.com/worker:1',
    serviceAccountName: 'source',
    sinkBroker: 'default',
    env: [['BUCKET', 'photos']],
    port: 8080,
    resources: { cpu: '250m', memory: '256Mi' },
  };

  test.each<[string, Partial<PubSubEventSourceProps>, string]>([
    [
      'name',
      { name: 'Uploads' },
      'PubSubEventSource: name "Uploads" is invalid: expected a DNS-1123 label',
    ],
    [
      'serviceAccountName',
      { serviceAccountName: 'source@acme.iam.gserviceaccount.com' },
      'PubSubEventSource: serviceAccountName "source@acme.iam.gserviceaccount.com" is invalid',
    ],
    ['command', { command: [] }, 'PubSubEventSource: command [] is invalid'],
    ['port', { port: 0 }, 'PubSubEventSource: port 0 is invalid: expected a port from 1 to 65535'],
    [
      'resources.memory',
      { resources: { cpu: '250m', memory: '256MB' } },
      'PubSubEventSource: resources.memory "256MB" is invalid',
    ],
    [
      'env',
      {
        env: [
          ['BUCKET', 'a'],
          ['BUCKET', 'b'],
        ],
      },
      'PubSubEventSource: env ["BUCKET","BUCKET"] is invalid: expected each variable once',
    ],
    [
      'keySecret',
      { keySecret: { name: 'key', key: 'key.json', mountPath: 'secrets' } },
      'PubSubEventSource: keySecret {"name":"key","key":"key.json","mountPath":"secrets"} is invalid',
    ],
  ])('a bad %s is refused at synth time, quoting the value', (_prop, change, message) => {
    const create = () =>
      new PubSubEventSource(new Chart(new App(), 'source'), 'Source', { ...props, ...change });
    expect(create).toThrow(message);
  });
});
