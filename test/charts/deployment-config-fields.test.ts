import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import { testConfig } from './test-config';

describe('field checks: each message quotes the field and the value', () => {
  test.each([
    [
      'service.name',
      'Thumbnailer',
      'service.name: "Thumbnailer" is invalid: expected a DNS-1035 label',
    ],
    ['service.name', 'x'.repeat(50), '(at most 49 characters)'],
    [
      'service.image',
      'worker:1.0',
      'service.image: "worker:1.0" is invalid: expected an image reference',
    ],
    [
      'service.image',
      'gcr.io/acme/worker',
      'service.image: "gcr.io/acme/worker" is invalid: expected an image reference with a tag or a digest',
    ],
    ['service.cpu', '1.5 cores', 'service.cpu: "1.5 cores" is invalid: expected a CPU quantity'],
    ['service.memory', '512MB', 'service.memory: "512MB" is invalid: expected a memory quantity'],
    ['service.cpu', '0m', 'service.cpu: "0m" is invalid: expected a CPU quantity above 0'],
    ['service.cpu', 0, 'service.cpu: 0 is invalid: expected a CPU quantity above 0'],
    ['service.cpu', '0.0', 'service.cpu: "0.0" is invalid: expected a CPU quantity above 0'],
    [
      'knative.requests.cpu',
      '0',
      'knative.requests.cpu: "0" is invalid: expected a CPU quantity above 0',
    ],
    [
      'knative.source.cpu',
      '0m',
      'knative.source.cpu: "0m" is invalid: expected a CPU quantity above 0',
    ],
    [
      'service.memory',
      '0Mi',
      'service.memory: "0Mi" is invalid: expected a memory quantity above 0',
    ],
    [
      'knative.requests.memory',
      '0Mi',
      'knative.requests.memory: "0Mi" is invalid: expected a memory quantity above 0',
    ],
    [
      'knative.source.memory',
      '0Gi',
      'knative.source.memory: "0Gi" is invalid: expected a memory quantity above 0',
    ],
    [
      'service.containerConcurrency',
      1001,
      'service.containerConcurrency: 1001 is invalid: expected at most 1000 (the maximum of Knative and Cloud Run)',
    ],
    [
      'service.containerConcurrency',
      0,
      'service.containerConcurrency: 0 is invalid: expected at least 1',
    ],
    ['service.minScale', -1, 'service.minScale: -1 is invalid: expected at least 0'],
    [
      'service.maxScale',
      2.5,
      'service.maxScale: 2.5 is invalid: expected an integer from 1 to 1000',
    ],
    ['google.projectId', 'Acme', 'google.projectId: "Acme" is invalid: expected a project id'],
    [
      'google.projectNumber',
      'twelve',
      'google.projectNumber: "twelve" is invalid: expected a project number (1 to 19 digits without a leading zero)',
    ],
    [
      'google.region',
      'europe',
      'google.region: "europe" is invalid: expected a region such as us-central1',
    ],
    [
      'google.region',
      'mars-north1',
      'google.region: "mars-north1" is invalid: expected a region Cloud Run runs in, such as us-central1 or europe-west1 (https://cloud.google.com/run/docs/locations)',
    ],
    [
      'google.bucket',
      'Acme Photos',
      'google.bucket: "Acme Photos" is invalid: expected a bucket name',
    ],
    [
      'google.bucket',
      'my-google-bucket',
      'google.bucket: "my-google-bucket" is invalid: expected a bucket name without "google"',
    ],
    [
      'google.bucket',
      'my-g00gle-uploads',
      'google.bucket: "my-g00gle-uploads" is invalid: expected a bucket name without a close misspelling of "google" such as "g00gle"',
    ],
    [
      'google.bucket',
      'goog-photos',
      'google.bucket: "goog-photos" is invalid: expected a bucket name not starting with "goog"',
    ],
    [
      'pubsub.pushAudience',
      'https://x.example/a b',
      'pubsub.pushAudience: "https://x.example/a b" is invalid: expected an https:// URL of printable ASCII characters without spaces',
    ],
    [
      'pubsub.pushAudience',
      'https://x.example/café',
      'pubsub.pushAudience: "https://x.example/café" is invalid: expected an https:// URL of printable ASCII characters without spaces',
    ],
    ['worker.LABELER', 'gpt', 'worker.LABELER: "gpt" is invalid: expected vision or none'],
    [
      'worker.LABELER',
      'local',
      'worker.LABELER: "local" is invalid: expected vision or none: the deployed worker labels with Cloud Vision',
    ],
    [
      'worker.RESULTS_FILE',
      '/tmp/results.jsonl',
      'worker.RESULTS_FILE: "/tmp/results.jsonl" is invalid: a deployed worker writes no files (the Knative container has a read-only root filesystem): its records go to Cloud Logging',
    ],
    [
      'worker.LOCAL_BUCKET_DIR',
      '/buckets',
      'worker.LOCAL_BUCKET_DIR: "/buckets" is invalid: a deployed worker reads images from Cloud Storage',
    ],
    [
      'worker.VISION_TIMEOUT_MS',
      0,
      'worker.VISION_TIMEOUT_MS: 0 is invalid: expected milliseconds from 1 to 3600000',
    ],
    ['worker.PORT', 8080, 'worker.PORT: 8080 is invalid: the platform sets PORT'],
    [
      'worker.GOOGLE_CLOUD_PROJECT',
      'other',
      'worker.GOOGLE_CLOUD_PROJECT: "other" is invalid: the kit sets GOOGLE_CLOUD_PROJECT from google.projectId',
    ],
    [
      'worker.AUTH_MODE',
      'oidc',
      'worker.AUTH_MODE: "oidc" is invalid: the kit sets sender authentication per target (AUTH_MODE): on Knative from knative.senderAuth, cloud-run-iam on Cloud Run',
    ],
    [
      'worker.LABLER',
      'none',
      'worker.LABLER: "none" is invalid: unknown field: expected one of LABELER, VISION_API_ENDPOINT',
    ],
    [
      'knative.namespace',
      'Media',
      'knative.namespace: "Media" is invalid: expected a DNS-1123 label',
    ],
    [
      'knative.serviceAccountName',
      'thumbnailer@acme-prod.iam.gserviceaccount.com',
      'knative.serviceAccountName: "thumbnailer@acme-prod.iam.gserviceaccount.com" is invalid: expected a DNS-1123 subdomain',
    ],
    [
      'knative.googleServiceAccount',
      'thumbnailer',
      'knative.googleServiceAccount: "thumbnailer" is invalid: expected a service-account e-mail',
    ],
    [
      'knative.timeoutSeconds',
      900,
      "knative.timeoutSeconds: 900 is invalid: expected at most 600 (Knative's max-revision-timeout-seconds)",
    ],
    [
      'knative.timeoutSeconds',
      '300',
      'knative.timeoutSeconds: "300" is invalid: expected an integer from 1 to 600',
    ],
    [
      'knative.timeoutSecond',
      300,
      'knative.timeoutSecond: 300 is invalid: unknown field: expected one of namespace, serviceAccountName, googleServiceAccount, timeoutSeconds,',
    ],
    [
      'knative.delivery.retry',
      0,
      'knative.delivery.retry: 0 is invalid: expected at least 1 (with no retry, a busy or draining worker would dead-letter events at once)',
    ],
    [
      'knative.delivery.backoffPolicy',
      'random',
      'knative.delivery.backoffPolicy: "random" is invalid: expected one of exponential, linear',
    ],
    [
      'knative.delivery.backoffDelaySeconds',
      0,
      'knative.delivery.backoffDelaySeconds: 0 is invalid: expected a number of seconds from 0.01 to 3600',
    ],
    [
      'knative.delivery.deadLetterSink',
      { uri: 'ftp://x.example' },
      'knative.delivery.deadLetterSink.uri: "ftp://x.example" is invalid: expected an http:// or https:// URL',
    ],
    [
      'knative.delivery.deadLetterSink',
      { broker: 'Dead_Letters' },
      'knative.delivery.deadLetterSink.broker: "Dead_Letters" is invalid: expected a DNS-1123 label',
    ],
    [
      'knative.delivery.deadLetterSink',
      { topic: 'x' },
      'knative.delivery.deadLetterSink: {"topic":"x"} is invalid: expected one of {receiver: {...}}, {broker: <name>} or {uri: <url>}',
    ],
    [
      'knative.delivery.deadLetterSink',
      { receiver: { name: 'Dead_Letters' } },
      'knative.delivery.deadLetterSink.receiver.name: "Dead_Letters" is invalid: expected a DNS-1123 label',
    ],
    ['knative', 'media', 'knative: "media" is invalid: expected a mapping of fields'],
    [
      'cloudRun.serviceAccountEmail',
      'thumbnailer-run',
      'cloudRun.serviceAccountEmail: "thumbnailer-run" is invalid: expected a service-account e-mail',
    ],
    [
      'cloudRun.timeoutSeconds',
      3601,
      "cloudRun.timeoutSeconds: 3601 is invalid: expected at most 3600 (Cloud Run's maximum request timeout)",
    ],
    [
      'cloudRun.ingress',
      'private',
      'cloudRun.ingress: "private" is invalid: expected one of all, internal, internal-and-cloud-load-balancing',
    ],
    [
      'pubsub.topic',
      'Photos_Topic',
      'pubsub.topic: "Photos_Topic" is invalid: expected a Pub/Sub name',
    ],
    ['pubsub.topic', undefined, 'pubsub.topic is missing: expected a Pub/Sub name'],
    [
      'pubsub.invokerServiceAccountId',
      'inv',
      'pubsub.invokerServiceAccountId: "inv" is invalid: expected a service-account id',
    ],
    [
      'pubsub.pushAudience',
      'http://thumbnailer.acme.example/',
      'pubsub.pushAudience: "http://thumbnailer.acme.example/" is invalid: expected an https:// URL',
    ],
    [
      'pubsub.ackDeadlineSeconds',
      601,
      "pubsub.ackDeadlineSeconds: 601 is invalid: expected at most 600 (Pub/Sub's maximum ack deadline)",
    ],
    [
      'pubsub.maxDeliveryAttempts',
      4,
      'pubsub.maxDeliveryAttempts: 4 is invalid: expected at least 5',
    ],
    ['configConnector', undefined, 'configConnector is missing: expected a mapping of fields'],
  ])('%s = %j', (field, value, message) => {
    const parse = () => testConfig([field, value]);
    expect(parse).toThrow(DeploymentConfigError);
    expect(parse).toThrow(message);
  });
});
