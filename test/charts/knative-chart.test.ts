import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Chart } from 'cdk8s';
import { KnativeChart } from '../../charts/constructs/knative-chart';
import { StorageTrigger } from '../../charts/constructs/storage-trigger';
import {
  HARDENED_SECURITY_CONTEXT,
  WORKER_IMAGE_USER,
} from '../../charts/constructs/worker-container';
import {
  DIGEST,
  field,
  findObject,
  objectIds,
  synthChart,
  testConfig,
  type Change,
  TEST_WORKER_ENV,
} from './test-config';

const synthKnative = (...changes: Change[]) =>
  synthChart((app) => new KnativeChart(app, 'knative', { config: testConfig(...changes) }));

describe('the dead-letter receiver (deadLetterSink {receiver: {}}, the default)', () => {
  const manifests = synthKnative(['knative.delivery.deadLetterSink', undefined]);
  const receiver = findObject(manifests, 'Service', 'thumbnailer-dead-letters');
  const container = field(receiver, 'spec.template.spec.containers.0');

  test('its account and Service come before the Broker that names it', () => {
    expect(objectIds(manifests).slice(0, 6)).toEqual([
      'Namespace/media',
      'ServiceAccount/thumbnailer-ksa',
      'ServiceAccount/gcs-source',
      'ServiceAccount/thumbnailer-dead-letters',
      'Service/thumbnailer-dead-letters',
      'Broker/uploads',
    ]);
    expect(
      field(findObject(manifests, 'ServiceAccount', 'thumbnailer-dead-letters'), 'metadata'),
    ).toMatchObject({
      annotations: {
        'iam.gke.io/gcp-service-account':
          'thumbnailer-dead-letters@acme-prod.iam.gserviceaccount.com',
      },
    });
  });

  test('a cluster-local Service from zero, the worker image running the receiver, hardened', () => {
    expect(field(receiver, 'metadata.labels')).toEqual({
      'networking.knative.dev/visibility': 'cluster-local',
    });
    expect(field(receiver, 'spec.template.metadata.annotations')).toMatchObject({
      'autoscaling.knative.dev/min-scale': '0',
    });
    expect(field(receiver, 'spec.template.spec.serviceAccountName')).toBe(
      'thumbnailer-dead-letters',
    );
    expect(container).toMatchObject({
      image: field(
        findObject(manifests, 'Service', 'thumbnailer'),
        'spec.template.spec.containers.0.image',
      ),
      command: ['node'],
      args: ['dist/src/startup/dead-letter-main.js'],
      env: [
        { name: 'PUBSUB_DEAD_LETTER_TOPIC', value: 'projects/acme-prod/topics/photos-dlq' },
        { name: 'LOG_LEVEL', value: 'warn' },
      ],
      readinessProbe: { httpGet: { path: '/readyz' } },
      livenessProbe: { httpGet: { path: '/healthz' } },
      securityContext: HARDENED_SECURITY_CONTEXT,
    });
  });

  test("the Broker's and the Trigger's deadLetterSink name it", () => {
    const sink = {
      ref: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name: 'thumbnailer-dead-letters',
      },
    };
    expect(
      field(findObject(manifests, 'Broker', 'uploads'), 'spec.delivery.deadLetterSink'),
    ).toEqual(sink);
    expect(
      field(
        findObject(manifests, 'Trigger', 'thumbnailer-finalized'),
        'spec.delivery.deadLetterSink',
      ),
    ).toEqual(sink);
  });

  test('with a key Secret: no annotation, the Secret mounted read-only and named by the client', () => {
    const keyed = synthKnative([
      'knative.delivery.deadLetterSink',
      { receiver: { keySecret: { name: 'dl-key' } } },
    ]);
    const service = findObject(keyed, 'Service', 'thumbnailer-dead-letters');
    expect(
      field(findObject(keyed, 'ServiceAccount', 'thumbnailer-dead-letters'), 'metadata'),
    ).not.toHaveProperty('annotations');
    expect(field(service, 'spec.template.spec.volumes')).toEqual([
      {
        name: 'google-key',
        secret: { secretName: 'dl-key', items: [{ key: 'key.json', path: 'key.json' }] },
      },
    ]);
    expect(field(service, 'spec.template.spec.containers.0')).toMatchObject({
      volumeMounts: [{ name: 'google-key', mountPath: '/var/run/secrets/google', readOnly: true }],
      env: expect.arrayContaining([
        { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/run/secrets/google/key.json' },
      ]) as unknown,
    });
  });
});

describe('KnativeChart', () => {
  const manifests = synthKnative();
  const service = findObject(manifests, 'Service', 'thumbnailer');
  const container = field(service, 'spec.template.spec.containers.0');

  test('objects come in dependency order, all in the namespace', () => {
    expect(objectIds(manifests)).toEqual([
      'Namespace/media',
      'ServiceAccount/thumbnailer-ksa',
      'ServiceAccount/gcs-source',
      'Broker/uploads',
      'Service/thumbnailer',
      'Trigger/thumbnailer-finalized',
      'ContainerSource/photo-uploads',
    ]);
    for (const manifest of manifests.slice(1)) {
      expect(field(manifest, 'metadata.namespace')).toBe('media');
    }
  });

  test('the service accounts exist, bound to their IAM accounts when configured', () => {
    expect(findObject(manifests, 'ServiceAccount', 'thumbnailer-ksa').metadata).toEqual({
      name: 'thumbnailer-ksa',
      namespace: 'media',
      annotations: {
        'iam.gke.io/gcp-service-account': 'thumbnailer@acme-prod.iam.gserviceaccount.com',
      },
    });
    expect(findObject(manifests, 'ServiceAccount', 'gcs-source').metadata).toEqual({
      name: 'gcs-source',
      namespace: 'media',
      annotations: {
        'iam.gke.io/gcp-service-account': 'photo-source@acme-prod.iam.gserviceaccount.com',
      },
    });
  });

  test('the Service is cluster-local, scaled by kebab-case template annotations', () => {
    expect(service).toMatchObject({
      apiVersion: 'serving.knative.dev/v1',
      metadata: { labels: { 'networking.knative.dev/visibility': 'cluster-local' } },
    });
    expect(field(service, 'metadata.annotations')).toBeUndefined();
    expect(field(service, 'spec.template.metadata')).toEqual({
      annotations: {
        'autoscaling.knative.dev/min-scale': '1',
        'autoscaling.knative.dev/max-scale': '7',
      },
    });
    expect(field(service, 'spec.template.spec')).toMatchObject({
      serviceAccountName: 'thumbnailer-ksa',
      containerConcurrency: 40,
      timeoutSeconds: 120,
    });
  });

  test('the container: one http1 port, requests and limits, probes, hardened', () => {
    expect(field(service, 'spec.template.spec.containers')).toHaveLength(1);
    expect(container).toMatchObject({
      name: 'worker',
      image: `europe-docker.pkg.dev/acme-prod/images/dualrun@${DIGEST}`,
      ports: [{ name: 'http1', containerPort: 8080 }],
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } },
      readinessProbe: { httpGet: { path: '/readyz' } },
      livenessProbe: { httpGet: { path: '/healthz' } },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(field(container, 'readinessProbe.periodSeconds')).toBeUndefined();
  });

  test('the environment: worker settings, project, no authentication, never PORT', () => {
    expect(field(container, 'env')).toEqual([
      ...TEST_WORKER_ENV,
      { name: 'AUTH_MODE', value: 'none' },
      { name: 'RESULTS_MODE', value: 'reply' },
    ]);
  });

  test('the Broker pins its class and delivers with retries, backoff and a dead-letter sink', () => {
    expect(findObject(manifests, 'Broker', 'uploads')).toMatchObject({
      apiVersion: 'eventing.knative.dev/v1',
      metadata: { annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' } },
      spec: {
        delivery: {
          retry: 3,
          backoffPolicy: 'linear',
          backoffDelay: 'PT30.5S',
          deadLetterSink: { uri: 'http://dead-letters.media.svc.cluster.local/' },
        },
      },
    });
  });

  test('the Trigger filters finalized events of the bucket to the Service, with a timeout', () => {
    expect(findObject(manifests, 'Trigger', 'thumbnailer-finalized').spec).toEqual({
      broker: 'uploads',
      filters: [
        { exact: { type: 'google.cloud.storage.object.v1.finalized' } },
        { exact: { source: '//storage.googleapis.com/projects/_/buckets/acme-photos' } },
      ],
      subscriber: {
        ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'thumbnailer' },
      },
      delivery: {
        retry: 3,
        backoffPolicy: 'linear',
        backoffDelay: 'PT30.5S',
        deadLetterSink: { uri: 'http://dead-letters.media.svc.cluster.local/' },
        timeout: 'PT90S',
      },
    });
  });

  test('the legacy CloudStorageSource (kind knative-gcp) sends finalized events to the Broker', () => {
    const legacy = synthKnative([
      'knative.source',
      { kind: 'knative-gcp', name: 'photo-uploads', serviceAccountName: 'gcs-source' },
    ]);
    expect(objectIds(legacy).at(-1)).toBe('CloudStorageSource/photo-uploads');
    expect(findObject(legacy, 'CloudStorageSource', 'photo-uploads')).toMatchObject({
      apiVersion: 'events.cloud.google.com/v1',
      spec: {
        bucket: 'acme-photos',
        project: 'acme-prod',
        eventTypes: ['google.cloud.storage.object.v1.finalized'],
        serviceAccountName: 'gcs-source',
        sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'uploads' } },
      },
    });
    expect(field(findObject(legacy, 'ServiceAccount', 'gcs-source'), 'metadata.annotations')).toBe(
      undefined,
    );
  });

  test('a dead-letter Broker is created before the Broker that sends to it', () => {
    const withBroker = synthKnative(['knative.delivery.deadLetterSink', { broker: 'dead-photos' }]);
    expect(objectIds(withBroker).slice(3, 5)).toEqual(['Broker/dead-photos', 'Broker/uploads']);
    expect(findObject(withBroker, 'Broker', 'dead-photos').spec).toEqual({});
    expect(
      field(findObject(withBroker, 'Broker', 'uploads'), 'spec.delivery.deadLetterSink'),
    ).toEqual({
      ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'dead-photos' },
    });
  });

  test('with source kind none, no source and no source account', () => {
    expect(objectIds(synthKnative(['knative.source', { kind: 'none' }]))).toEqual([
      'Namespace/media',
      'ServiceAccount/thumbnailer-ksa',
      'Broker/uploads',
      'Service/thumbnailer',
      'Trigger/thumbnailer-finalized',
    ]);
  });

  test("the security context's user and group are the Dockerfile's USER", () => {
    const dockerfile = readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8');
    expect(/^USER (\d+):(\d+)$/m.exec(dockerfile)?.slice(1)).toEqual([
      String(WORKER_IMAGE_USER.uid),
      String(WORKER_IMAGE_USER.gid),
    ]);
    expect(HARDENED_SECURITY_CONTEXT).toMatchObject({
      runAsUser: WORKER_IMAGE_USER.uid,
      runAsGroup: WORKER_IMAGE_USER.gid,
    });
    expect(WORKER_IMAGE_USER.uid).toBeGreaterThan(10000);
  });

  test.each(['Type', 'ce-type', 'bucket_id'])('a Trigger filter key %j is refused', (key) => {
    const create = () =>
      new StorageTrigger(new Chart(new App(), 'trigger'), 'Trigger', {
        name: 'thumbnailer-finalized',
        namespace: 'media',
        broker: 'uploads',
        subscriberService: 'thumbnailer',
        exactFilter: { [key]: 'x' },
        delivery: {},
        timeoutSeconds: 60,
      });
    expect(create).toThrow(RangeError);
    expect(create).toThrow(
      `exactFilter key "${key}" is invalid: expected a CloudEvent attribute name (a-z, 0-9)`,
    );
  });
});
