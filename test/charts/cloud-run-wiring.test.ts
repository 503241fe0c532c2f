import { cloudRunWiring } from '../../charts/wiring/cloud-run-wiring';
import { deriveSetupScriptInput } from '../../charts/wiring/derive-setup-script-input';
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
      return target.resourceName === wiring.destination.resourceName;
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
  test('lists the resources in creation order', () => {
    expect(
      wiring.resources.map((resource) =>
        'purpose' in resource ? `${resource.kind}:${resource.purpose}` : resource.kind,
      ),
    ).toEqual([
      'topic:notifications',
      'topic:dead-letters',
      'subscription:dead-letter-hold',
      'grant:storage-publisher',
      'notification',
      'service-account:push-invoker',
      'grant:run-invoker',
      'grant:token-creator',
      'grant:dead-letter-publisher',
      'subscription:delivery',
      'grant:dead-letter-subscriber',
      'grant:object-viewer',
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

describe('deriveSetupScriptInput', () => {
  test("reads setup.sh's settings from the wiring", () => {
    expect(deriveSetupScriptInput(wiring, 'service.yaml')).toEqual({
      projectId: 'acme-prod',
      projectNumber: '987654321098',
      region: 'europe-west4',
      serviceName: 'thumbnailer',
      serviceYamlPath: 'service.yaml',
      bucket: 'acme-photos',
      topic: 'photos',
      deadLetterTopic: 'photos-dlq',
      deadLetterSubscription: 'photos-dlq-hold',
      subscription: 'thumbnailer-push',
      invokerServiceAccountId: 'thumbnailer-invoker',
      runtimeServiceAccountEmail: 'thumbnailer-run@acme-prod.iam.gserviceaccount.com',
      pushAudience: 'https://thumbnailer.acme.example/',
      ackDeadlineSeconds: 120,
      minRetryDelaySeconds: 5,
      maxRetryDelaySeconds: 300,
      maxDeliveryAttempts: 12,
    });
  });

  test('refuses a wiring whose delivery is not a push with retries and dead letters', () => {
    const pull: WiringModel = {
      ...wiring,
      resources: wiring.resources.map((resource) =>
        resource.kind === 'subscription' && resource.purpose === 'delivery'
          ? {
              kind: 'subscription',
              purpose: 'delivery',
              name: resource.name,
              topic: resource.topic,
              expires: 'never',
            }
          : resource,
      ),
    };
    expect(() => deriveSetupScriptInput(pull, 'service.yaml')).toThrow(
      /setup\.sh writes a push subscription .*; thumbnailer-push lacks one/,
    );
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
