import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import {
  PROCESSING_MARGIN_SECONDS,
  deliveryTimeoutSeconds,
  processingBudgetSeconds,
} from '../../charts/config/deployment-config-rules';
import { testConfig } from './test-config';

// The test config: VISION_TIMEOUT_MS 15000 (budget 25 s), MAX_IN_FLIGHT 50, cpu 2, memory 1Gi,
// concurrency 40, scale 1-7, Knative timeout 120 (delivery 90), Cloud Run 900, ack deadline 120.

describe('processingBudgetSeconds', () => {
  test.each([
    [20000, 30],
    [15000, 25],
    [15001, 26],
    [1, 11],
  ])('VISION_TIMEOUT_MS %i gives %i s', (visionTimeoutMs, seconds) => {
    expect(processingBudgetSeconds(visionTimeoutMs)).toBe(seconds);
    expect(seconds - Math.ceil(visionTimeoutMs / 1000)).toBe(PROCESSING_MARGIN_SECONDS);
  });
});

describe('cross-field rules: each message names the field, its value and the other field', () => {
  test.each([
    [
      'min scale above max scale',
      [['service.minScale', 8]],
      'service.minScale: 8 is invalid: expected at most service.maxScale (7)',
    ],
    [
      'concurrency above MAX_IN_FLIGHT',
      [['service.containerConcurrency', 60]],
      'service.containerConcurrency: 60 is invalid: expected at most worker.MAX_IN_FLIGHT (50)',
    ],
    [
      'concurrency above the default MAX_IN_FLIGHT',
      [
        ['worker.MAX_IN_FLIGHT', undefined],
        ['service.containerConcurrency', 81],
      ],
      'service.containerConcurrency: 81 is invalid: expected at most worker.MAX_IN_FLIGHT (80)',
    ],
    [
      'a CPU Cloud Run does not offer',
      [['service.cpu', '3']],
      'service.cpu: "3" is invalid: expected a CPU Cloud Run offers: 1, 2, 4, 6 or 8, or a fraction from 0.08 to 1',
    ],
    [
      'a CPU below Cloud Run minimum',
      [
        ['service.cpu', '50m'],
        ['knative.requests.cpu', undefined],
      ],
      'service.cpu: "50m" is invalid: expected a CPU Cloud Run offers',
    ],
    [
      'a fractional CPU with concurrency above 1',
      [
        ['service.cpu', '0.5'],
        ['knative.requests.cpu', '250m'],
      ],
      'service.containerConcurrency: 40 is invalid: expected 1: Cloud Run allows only concurrency 1 with less than 1 CPU (service.cpu 0.5)',
    ],
    [
      'more memory than 2 CPUs allow',
      [['service.memory', '16Gi']],
      'service.memory: "16Gi" is invalid: expected from 128Mi to 8Gi, what Cloud Run allows with service.cpu 2',
    ],
    [
      'less memory than 4 CPUs need',
      [['service.cpu', '4']],
      'service.memory: "1Gi" is invalid: expected from 2Gi to 16Gi, what Cloud Run allows with service.cpu 4',
    ],
    [
      'more than 512Mi below 0.5 CPU',
      [
        ['service.cpu', '250m'],
        ['knative.requests.cpu', undefined],
        ['service.containerConcurrency', 1],
      ],
      'service.memory: "1Gi" is invalid: expected from 128Mi to 512Mi, what Cloud Run allows with service.cpu 250m',
    ],
    [
      'a CPU request above the limit',
      [['knative.requests.cpu', '2500m']],
      'knative.requests.cpu: "2500m" is invalid: expected at most the limit service.cpu (2)',
    ],
    [
      'a memory request above the limit',
      [['knative.requests.memory', '2Gi']],
      'knative.requests.memory: "2Gi" is invalid: expected at most the limit service.memory (1Gi)',
    ],
    [
      'a Knative timeout below the budget',
      [
        ['knative.timeoutSeconds', 24],
        ['knative.delivery.timeoutSeconds', undefined],
      ],
      "knative.timeoutSeconds: 24 is invalid: expected at least 25, the worker's processing budget (ceil(worker.VISION_TIMEOUT_MS 15000 / 1000) + 10 s)",
    ],
    [
      'a Cloud Run timeout below the budget',
      [
        ['cloudRun.timeoutSeconds', 20],
        ['pubsub.ackDeadlineSeconds', 20],
      ],
      'cloudRun.timeoutSeconds: 20 is invalid: expected at least 25',
    ],
    [
      'an ack deadline below the budget',
      [['pubsub.ackDeadlineSeconds', 24]],
      'pubsub.ackDeadlineSeconds: 24 is invalid: expected at least 25',
    ],
    [
      'an ack deadline below a rounded-up budget',
      [
        ['worker.VISION_TIMEOUT_MS', 15001],
        ['pubsub.ackDeadlineSeconds', 25],
      ],
      "pubsub.ackDeadlineSeconds: 25 is invalid: expected at least 26, the worker's processing budget (ceil(worker.VISION_TIMEOUT_MS 15001 / 1000) + 10 s)",
    ],
    [
      'an ack deadline above the Cloud Run timeout',
      [['cloudRun.timeoutSeconds', 100]],
      'pubsub.ackDeadlineSeconds: 120 is invalid: expected at most cloudRun.timeoutSeconds (100)',
    ],
    [
      'a delivery timeout above the Knative timeout',
      [['knative.delivery.timeoutSeconds', 121]],
      'knative.delivery.timeoutSeconds: 121 is invalid: expected at most knative.timeoutSeconds (120)',
    ],
    [
      'a delivery timeout below the budget',
      [['knative.delivery.timeoutSeconds', 24]],
      'knative.delivery.timeoutSeconds: 24 is invalid: expected at least 25',
    ],
    [
      'a min retry delay above the max',
      [['pubsub.minRetryDelaySeconds', 301]],
      'pubsub.minRetryDelaySeconds: 301 is invalid: expected at most pubsub.maxRetryDelaySeconds (300)',
    ],
    [
      'the dead-letter topic is the topic',
      [['pubsub.deadLetterTopic', 'photos']],
      'pubsub.deadLetterTopic: "photos" is invalid: expected a topic other than pubsub.topic',
    ],
    [
      'the dead-letter subscription is the push subscription',
      [['pubsub.deadLetterSubscription', 'thumbnailer-push']],
      'pubsub.deadLetterSubscription: "thumbnailer-push" is invalid: expected a subscription other than pubsub.subscription',
    ],
    [
      'the dead-letter Broker is the Broker',
      [['knative.delivery.deadLetterSink', { broker: 'uploads' }]],
      'knative.delivery.deadLetterSink.broker: "uploads" is invalid: expected a Broker other than knative.broker (uploads)',
    ],
    [
      "the source's account is the worker's",
      [['knative.source.serviceAccountName', 'thumbnailer-ksa']],
      'knative.source.serviceAccountName: "thumbnailer-ksa" is invalid: expected a service account other than the worker\'s',
    ],
    [
      "a retry window shorter than the worker's Retry-After sum (the old default, retry 5 from 1 s)",
      [
        ['knative.delivery.retry', 5],
        ['knative.delivery.backoffPolicy', 'exponential'],
        ['knative.delivery.backoffDelaySeconds', 1],
      ],
      "knative.delivery.retry: 5 is invalid: the retry window (exponential from 1 s: 31 s in all) is shorter than the worker's own Retry-After over 5 retries (5 × 30 s = 150 s)",
    ],
    [
      'a linear window one step short',
      [['knative.delivery.backoffDelaySeconds', 29.5]],
      'knative.delivery.retry: 3 is invalid: the retry window (linear from 29.5 s: 88.5 s in all) is shorter',
    ],
    [
      "the receiver's Kubernetes account is the worker's",
      [
        [
          'knative.delivery.deadLetterSink',
          { receiver: { serviceAccountName: 'thumbnailer-ksa' } },
        ],
      ],
      'knative.delivery.deadLetterSink.receiver.serviceAccountName: "thumbnailer-ksa" is invalid: expected a service account other than the worker\'s and the source\'s',
    ],
    [
      "the receiver's Google account is the source's",
      [
        [
          'knative.delivery.deadLetterSink',
          { receiver: { googleServiceAccount: 'photo-source@acme-prod.iam.gserviceaccount.com' } },
        ],
      ],
      'knative.delivery.deadLetterSink.receiver.googleServiceAccount: "photo-source@acme-prod.iam.gserviceaccount.com" is invalid: expected a Google account other than the worker\'s and the source\'s',
    ],
    [
      "the receiver's derived Google account ID is longer than 30 characters",
      [
        [
          'knative.delivery.deadLetterSink',
          { receiver: { name: 'a-very-long-dead-letter-receiver' } },
        ],
      ],
      'knative.delivery.deadLetterSink.receiver.googleServiceAccount: "a-very-long-dead-letter-receiver@acme-prod.iam.gserviceaccount.com" is invalid: expected an account of google.projectId',
    ],
    [
      "the worker's Google account is of another project",
      [['knative.googleServiceAccount', 'thumbnailer@other-project.iam.gserviceaccount.com']],
      'knative.googleServiceAccount: "thumbnailer@other-project.iam.gserviceaccount.com" is invalid: expected an account of google.projectId',
    ],
    [
      'a run.app label longer than 63',
      [
        ['service.name', 'a'.repeat(49)],
        ['google.projectNumber', '12345678901234'],
      ],
      `service.name: "${'a'.repeat(49)}" is invalid: expected at most 48 characters: the run.app URL's first label`,
    ],
  ] as const)('%s', (_case, changes, message) => {
    const parse = () => testConfig(...changes);
    expect(parse).toThrow(DeploymentConfigError);
    expect(parse).toThrow(message);
  });

  test.each([
    [
      'the budget itself',
      [
        ['knative.timeoutSeconds', 25],
        ['knative.delivery.timeoutSeconds', 25],
        ['cloudRun.timeoutSeconds', 25],
        ['pubsub.ackDeadlineSeconds', 25],
      ],
    ],
    ['concurrency equal to MAX_IN_FLIGHT', [['service.containerConcurrency', 50]]],
    [
      'a fractional CPU with concurrency 1',
      [
        ['service.cpu', '0.5'],
        ['service.containerConcurrency', 1],
        ['knative.requests.cpu', undefined],
      ],
    ],
    [
      '8 CPUs with 32Gi',
      [
        ['service.cpu', 8],
        ['service.memory', '32Gi'],
      ],
    ],
    ['min scale equal to max scale', [['service.minScale', 7]]],
    [
      'a linear window equal to the Retry-After sum (0 + 30 + 60 = 3 × 30 s)',
      [['knative.delivery.backoffDelaySeconds', 30]],
    ],
    [
      'the default delivery (retry 12, exponential from 1 s: 4,095 s)',
      [
        ['knative.delivery.retry', undefined],
        ['knative.delivery.backoffPolicy', undefined],
        ['knative.delivery.backoffDelaySeconds', undefined],
      ],
    ],
    [
      'the longest Vision timeout whose budget fits every maximum timeout',
      [
        ['worker.VISION_TIMEOUT_MS', 590000],
        ['knative.timeoutSeconds', 600],
        ['knative.delivery.timeoutSeconds', 600],
        ['cloudRun.timeoutSeconds', 600],
        ['pubsub.ackDeadlineSeconds', 600],
      ],
    ],
  ] as const)('accepts the boundary: %s', (_case, changes) => {
    expect(() => testConfig(...changes)).not.toThrow();
  });

  test.each([590001, 600000])(
    'VISION_TIMEOUT_MS %i is the one problem when its budget exceeds every maximum timeout',
    (visionTimeoutMs) => {
      const parse = () => testConfig(['worker.VISION_TIMEOUT_MS', visionTimeoutMs]);
      expect(parse).toThrow(DeploymentConfigError);
      expect(parse).toThrow(
        new RegExp(
          `^[^\\n]*: worker\\.VISION_TIMEOUT_MS: ${visionTimeoutMs} is invalid: expected at most 590000: [^\\n]* above the longest timeouts Knative and Pub/Sub allow \\(600 s\\)$`,
        ),
      );
    },
  );

  test('the delivery timeout defaults to the Knative timeout', () => {
    expect(deliveryTimeoutSeconds(testConfig(['knative.delivery.timeoutSeconds', undefined]))).toBe(
      120,
    );
  });
});
