import { CloudRunChart } from '../../charts/constructs/cloud-run-chart';
import { field, synthChart, testConfig, type Change, TEST_WORKER_ENV } from './test-config';

const synthCloudRun = (...changes: Change[]) =>
  synthChart((app) => new CloudRunChart(app, 'cloudrun', { config: testConfig(...changes) }));

/**
 * Fields of the Cloud Run Admin API v1 messages the generated YAML may use.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 */
const REVISION_SPEC_FIELDS = [
  'containerConcurrency',
  'containers',
  'serviceAccountName',
  'timeoutSeconds',
];
const CONTAINER_FIELDS = [
  'args',
  'command',
  'env',
  'image',
  'imagePullPolicy',
  'livenessProbe',
  'name',
  'ports',
  'readinessProbe',
  'resources',
  'startupProbe',
  'volumeMounts',
  'workingDir',
];

describe('CloudRunChart', () => {
  const manifests = synthCloudRun();
  const service = manifests[0];
  const container = field(service, 'spec.template.spec.containers.0');

  test('one Knative-shaped Service in the project, placed by the location label', () => {
    expect(manifests).toHaveLength(1);
    expect(service).toMatchObject({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: {
        name: 'thumbnailer',
        namespace: 'acme-prod',
        labels: { 'cloud.googleapis.com/location': 'europe-west4' },
      },
    });
    expect(Object.keys(field(service, 'metadata.labels') as object)).toEqual([
      'cloud.googleapis.com/location',
    ]);
  });

  test('ingress and the custom audience of the push sit on the Service metadata', () => {
    const annotations = field(service, 'metadata.annotations') as Record<string, string>;
    expect(annotations['run.googleapis.com/ingress']).toBe('internal');
    expect(JSON.parse(annotations['run.googleapis.com/custom-audiences'] ?? '')).toEqual([
      'https://thumbnailer.acme.example/',
    ]);
  });

  test('scale bounds are camelCase template annotations, and nothing else is', () => {
    expect(field(service, 'spec.template.metadata')).toEqual({
      annotations: {
        'autoscaling.knative.dev/minScale': '1',
        'autoscaling.knative.dev/maxScale': '7',
      },
    });
  });

  test('the revision: the IAM e-mail as service account, concurrency, a timeout above 600', () => {
    const spec = field(service, 'spec.template.spec') as Record<string, unknown>;
    expect(spec).toMatchObject({
      serviceAccountName: 'thumbnailer-run@acme-prod.iam.gserviceaccount.com',
      containerConcurrency: 40,
      timeoutSeconds: 900,
    });
    expect(REVISION_SPEC_FIELDS).toEqual(expect.arrayContaining(Object.keys(spec)));
    expect(field(service, 'spec.traffic')).toEqual([{ percent: 100, latestRevision: true }]);
  });

  test('the container: only v1 fields, limits only, no security context, one http1 port', () => {
    expect(CONTAINER_FIELDS).toEqual(expect.arrayContaining(Object.keys(container as object)));
    expect(field(container, 'securityContext')).toBeUndefined();
    expect(field(container, 'resources')).toEqual({ limits: { cpu: '2', memory: '1Gi' } });
    expect(field(container, 'ports')).toEqual([{ name: 'http1', containerPort: 8080 }]);
    expect(container).toMatchObject({
      startupProbe: { httpGet: { path: '/readyz' } },
      livenessProbe: { httpGet: { path: '/healthz' } },
    });
  });

  test('the environment: Cloud Run IAM authentication with the audience and the invoker, no PORT', () => {
    expect(field(container, 'env')).toEqual([
      ...TEST_WORKER_ENV,
      { name: 'AUTH_MODE', value: 'cloud-run-iam' },
      { name: 'AUTH_AUDIENCE', value: 'https://thumbnailer.acme.example/' },
      {
        name: 'AUTH_ALLOWED_EMAILS',
        value: 'thumbnailer-invoker@acme-prod.iam.gserviceaccount.com',
      },
      { name: 'RESULTS_MODE', value: 'pubsub' },
      { name: 'RESULTS_TOPIC', value: 'projects/acme-prod/topics/image-labels' },
    ]);
  });

  test('worker settings left out are left to the worker defaults', () => {
    const [minimal] = synthCloudRun(['worker', undefined]);
    const env = field(minimal, 'spec.template.spec.containers.0.env') as { name: string }[];
    expect(env.map(({ name }) => name)).toEqual([
      'GOOGLE_CLOUD_PROJECT',
      'AUTH_MODE',
      'AUTH_AUDIENCE',
      'AUTH_ALLOWED_EMAILS',
      'RESULTS_MODE',
      'RESULTS_TOPIC',
    ]);
  });
});
