import { cloudRunWiring } from '../../charts/wiring/cloud-run-wiring';
import { setupScriptSettings } from '../../charts/wiring/setup-script/settings';
import {
  resourceFor,
  type WiringGrant,
  type WiringGrantResource,
  type WiringModel,
} from '../../charts/wiring/wiring-model';
import { testConfig } from './test-config';

const wiring = cloudRunWiring(testConfig());
const grants = wiring.resources.filter(
  (resource): resource is WiringGrant => resource.kind === 'grant',
);

/** Whether a grant's resource is one the wiring creates, its destination service or its bucket. */
function isKnown(target: WiringGrantResource): boolean {
  switch (target.kind) {
    case 'run-service':
      return (
        wiring.destination.kind === 'cloud-run-service' &&
        target.resourceName === wiring.destination.resourceName
      );
    case 'bucket':
      return target.name === wiring.bucket;
    case 'service-account':
      return wiring.resources.some(
        (resource) =>
          resource.kind === 'service-account' && resource.accountId === target.accountId,
      );
    default:
      return wiring.resources.some(
        (resource) => resource.kind === target.kind && resource.name === target.name,
      );
  }
}

describe('cloudRunWiring', () => {
  test('lists the resources in creation order, the bucket notification last', () => {
    expect(
      wiring.resources.map((resource) =>
        'purpose' in resource ? `${resource.kind}:${resource.purpose}` : resource.kind,
      ),
    ).toEqual([
      'grant:object-viewer',
      'topic:notifications',
      'topic:dead-letters',
      'subscription:dead-letter-hold',
      'grant:dead-letter-publisher',
      'topic:results',
      'grant:results-publisher',
      'service-account:push-invoker',
      'grant:run-invoker',
      'grant:token-creator',
      'subscription:delivery',
      'grant:dead-letter-subscriber',
      'grant:storage-publisher',
      'notification',
    ]);
  });

  test('creates the push subscription before the notification that feeds its topic', () => {
    const kinds = wiring.resources.map((resource) => resource.kind);
    const delivery = wiring.resources.indexOf(resourceFor(wiring, 'subscription', 'delivery'));
    expect(delivery).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('notification')).toBeGreaterThan(delivery);
  });

  test('names each grant after the service and its purpose, with the member it is for', () => {
    expect(grants.map(({ name, member, role }) => [name, member.kind, role])).toEqual([
      ['thumbnailer-object-viewer', 'service-account', 'roles/storage.objectViewer'],
      ['thumbnailer-dead-letter-publisher', 'service-agent', 'roles/pubsub.publisher'],
      ['thumbnailer-results-publisher', 'service-account', 'roles/pubsub.publisher'],
      ['thumbnailer-run-invoker', 'service-account', 'roles/run.invoker'],
      ['thumbnailer-token-creator', 'service-agent', 'roles/iam.serviceAccountTokenCreator'],
      ['thumbnailer-dead-letter-subscriber', 'service-agent', 'roles/pubsub.subscriber'],
      ['thumbnailer-storage-publisher', 'service-agent', 'roles/pubsub.publisher'],
    ]);
  });

  test('delivers to the Cloud Run service by push, with the config settings', () => {
    expect(wiring.destination).toEqual({
      kind: 'cloud-run-service',
      name: 'thumbnailer',
      region: 'europe-west4',
      resourceName: 'projects/acme-prod/locations/europe-west4/services/thumbnailer',
      serviceAccountEmail: 'thumbnailer-run@acme-prod.iam.gserviceaccount.com',
    });
    expect(resourceFor(wiring, 'subscription', 'delivery')).toEqual({
      kind: 'subscription',
      purpose: 'delivery',
      name: 'thumbnailer-push',
      topic: 'photos',
      push: {
        endpoint: 'https://thumbnailer-987654321098.europe-west4.run.app/',
        serviceAccountEmail: 'thumbnailer-invoker@acme-prod.iam.gserviceaccount.com',
        audience: 'https://thumbnailer.acme.example/',
      },
      ackDeadlineSeconds: 120,
      retry: { minimumBackoffSeconds: 5, maximumBackoffSeconds: 300 },
      deadLetter: { topic: 'photos-dlq', maxDeliveryAttempts: 12 },
      expires: 'never',
    });
  });

  test.each(grants)(
    'grant $name is on a resource of the wiring, the service or the bucket',
    (grant) => {
      expect(isKnown(grant.resource)).toBe(true);
    },
  );
});

describe('setupScriptSettings', () => {
  test("reads setup.sh's settings from the wiring", () => {
    expect(setupScriptSettings(wiring, { serviceYamlPath: 'service.yaml' })).toEqual({
      TARGET: 'cloud-run',
      PROJECT_ID: 'acme-prod',
      PROJECT_NUMBER: '987654321098',
      REGION: 'europe-west4',
      RESULTS_TOPIC: 'image-labels',
      SERVICE_NAME: 'thumbnailer',
      SERVICE_YAML: 'service.yaml',
      BUCKET: 'acme-photos',
      BUCKET_LOCATION: 'europe-west4',
      TOPIC: 'photos',
      DEAD_LETTER_TOPIC: 'photos-dlq',
      DEAD_LETTER_SUBSCRIPTION: 'photos-dlq-hold',
      SUBSCRIPTION: 'thumbnailer-push',
      INVOKER_SERVICE_ACCOUNT_ID: 'thumbnailer-invoker',
      RUNTIME_SERVICE_ACCOUNT_EMAIL: 'thumbnailer-run@acme-prod.iam.gserviceaccount.com',
      PUSH_ENDPOINT: 'https://thumbnailer-987654321098.europe-west4.run.app/',
      PUSH_AUDIENCE: 'https://thumbnailer.acme.example/',
      ACK_DEADLINE_SECONDS: 120,
      MIN_RETRY_DELAY_SECONDS: 5,
      MAX_RETRY_DELAY_SECONDS: 300,
      MAX_DELIVERY_ATTEMPTS: 12,
    });
  });
});

describe('resourceFor', () => {
  test('throws when the wiring has no resource for the purpose', () => {
    const empty: WiringModel = { ...wiring, resources: [] };
    expect(() => resourceFor(empty, 'topic', 'notifications')).toThrow(
      'the wiring has 0 topic resources for notifications',
    );
  });

  test('throws when two resources share a purpose', () => {
    const twice: WiringModel = { ...wiring, resources: [...wiring.resources, ...wiring.resources] };
    expect(() => resourceFor(twice, 'topic', 'dead-letters')).toThrow(
      'the wiring has 2 topic resources for dead-letters',
    );
  });
});
