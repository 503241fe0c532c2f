import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import {
  parseDeploymentConfig,
  readDeploymentConfig,
} from '../../charts/config/load-deployment-config';
import { rawTestConfig, testConfig, withField, type Raw } from './test-config';

/** The sample config as the kit shipped it: the test's own copy, never the file users edit. */
const SAMPLE_FIXTURE = path.resolve(__dirname, '../fixtures/config/dualrun.config.yaml');

describe('a sample-shaped config (test/fixtures/config/dualrun.config.yaml)', () => {
  test('is valid and names the article-style deployment', () => {
    const config = readDeploymentConfig(
      readFileSync(SAMPLE_FIXTURE, 'utf8'),
      'dualrun.config.yaml',
    );
    expect(config.service).toMatchObject({ name: 'image-labeler', cpu: '1', memory: '512Mi' });
    expect(config.google.projectNumber).toBe('123456789012');
    expect(config.knative.delivery.deadLetterSink).toEqual({
      receiver: {
        name: 'image-labeler-dead-letters',
        googleServiceAccount: 'image-labeler-dead-letters@my-project.iam.gserviceaccount.com',
      },
    });
    expect(config.knative.source).toMatchObject({
      kind: 'pubsub',
      name: 'image-uploads',
      subscription: 'image-uploads-source',
    });
  });
});

describe('defaults', () => {
  const OPTIONAL_FIELDS = [
    'service.cpu',
    'service.memory',
    'service.containerConcurrency',
    'service.minScale',
    'service.maxScale',
    'worker',
    'knative.googleServiceAccount',
    'knative.timeoutSeconds',
    'knative.requests',
    'knative.broker',
    'knative.delivery.retry',
    'knative.delivery.backoffPolicy',
    'knative.delivery.backoffDelaySeconds',
    'knative.delivery.timeoutSeconds',
    'knative.source.kind',
    'knative.source.ackDeadlineSeconds',
    'knative.source.sendTimeoutMs',
    'knative.source.maxOutstandingMessages',
    'knative.source.cpu',
    'knative.source.memory',
    'cloudRun.timeoutSeconds',
    'cloudRun.ingress',
    'pubsub.ackDeadlineSeconds',
    'pubsub.minRetryDelaySeconds',
    'pubsub.maxRetryDelaySeconds',
    'pubsub.maxDeliveryAttempts',
  ];
  const minimal = OPTIONAL_FIELDS.reduce<Raw>(
    (raw, field) => withField(raw, field, undefined),
    rawTestConfig(),
  );

  test('fill every optional field', () => {
    const config = parseDeploymentConfig(minimal);
    expect(config.service).toMatchObject({
      cpu: '1',
      memory: '512Mi',
      containerConcurrency: 80,
      minScale: 0,
      maxScale: 10,
    });
    expect(config.worker).toEqual({});
    expect(config.knative).toMatchObject({ timeoutSeconds: 300, requests: {}, broker: 'default' });
    expect(config.knative.delivery).toEqual({
      retry: 12,
      backoffPolicy: 'exponential',
      backoffDelaySeconds: 1,
      deadLetterSink: { uri: 'http://dead-letters.media.svc.cluster.local/' },
    });
    expect(config.knative.source).toEqual({
      kind: 'pubsub',
      name: 'photo-uploads',
      serviceAccountName: 'gcs-source',
      googleServiceAccount: 'photo-source@acme-prod.iam.gserviceaccount.com',
      subscription: 'photos-source',
      ackDeadlineSeconds: 60,
      sendTimeoutMs: 10000,
      maxOutstandingMessages: 80,
      cpu: '250m',
      memory: '256Mi',
    });
    expect(config.cloudRun).toMatchObject({ timeoutSeconds: 300, ingress: 'all' });
    expect(config.pubsub).toMatchObject({
      ackDeadlineSeconds: 60,
      minRetryDelaySeconds: 10,
      maxRetryDelaySeconds: 600,
      maxDeliveryAttempts: 5,
    });
  });
});

describe('parseDeploymentConfig', () => {
  test.each([
    [987654321098, 'expected a project number as a quoted string of digits'],
    [Number.MAX_SAFE_INTEGER + 2, 'expected a project number as a quoted string of digits'],
    ['0123456789', 'expected a project number (1 to 19 digits without a leading zero)'],
    ['12345678901234567890', 'expected a project number (1 to 19 digits without a leading zero)'],
  ])('google.projectNumber %j is refused, never changed', (projectNumber, reason) => {
    const parse = () => testConfig(['google.projectNumber', projectNumber]);
    expect(parse).toThrow(DeploymentConfigError);
    expect(parse).toThrow(
      `google.projectNumber: ${JSON.stringify(projectNumber)} is invalid: ${reason}`,
    );
  });

  test.each(['7', '1234567890123456789'])('google.projectNumber %j is kept as written', (value) => {
    expect(testConfig(['google.projectNumber', value]).google.projectNumber).toBe(value);
  });

  test('every problem is reported, one line each', () => {
    const raw = withField(withField(rawTestConfig(), 'service.minScale', -1), 'pubsub.topic', 7);
    const parse = () => parseDeploymentConfig(raw, 'broken.yaml');
    expect(parse).toThrow(
      'broken.yaml has 2 problems:\n' +
        '  service.minScale: -1 is invalid: expected at least 0\n' +
        '  pubsub.topic: 7 is invalid: expected a Pub/Sub name',
    );
  });
});

describe('readDeploymentConfig', () => {
  test('text that is not YAML is a config error naming the file', () => {
    const read = () => readDeploymentConfig('service: [unclosed', 'broken.yaml');
    expect(read).toThrow(DeploymentConfigError);
    expect(read).toThrow(/^broken\.yaml: \(file\): .* is invalid: expected YAML/);
  });
});
