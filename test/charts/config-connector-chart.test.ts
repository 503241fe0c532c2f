import { ConfigConnectorChart } from '../../charts/constructs/config-connector-chart';
import { cloudRunWiring } from '../../charts/wiring/cloud-run-wiring';
import { field, findObject, objectIds, synthChart, testConfig } from './test-config';

const config = testConfig();
const manifests = synthChart(
  (app) =>
    new ConfigConnectorChart(app, 'config-connector', {
      wiring: cloudRunWiring(config),
      namespace: config.configConnector.namespace,
    }),
);

const PUBSUB_AGENT = 'serviceAccount:service-987654321098@gcp-sa-pubsub.iam.gserviceaccount.com';

describe('ConfigConnectorChart', () => {
  test('objects come in dependency order, the notification after the push subscription', () => {
    expect(objectIds(manifests)).toEqual([
      'IAMPolicyMember/thumbnailer-object-viewer',
      'PubSubTopic/photos',
      'PubSubTopic/photos-dlq',
      'PubSubSubscription/photos-dlq-hold',
      'IAMPolicyMember/thumbnailer-dead-letter-publisher',
      'PubSubTopic/image-labels',
      'IAMPolicyMember/thumbnailer-results-publisher',
      'IAMServiceAccount/thumbnailer-invoker',
      'IAMPolicyMember/thumbnailer-run-invoker',
      'IAMPolicyMember/thumbnailer-token-creator',
      'PubSubSubscription/thumbnailer-push',
      'IAMPolicyMember/thumbnailer-dead-letter-subscriber',
      'IAMPolicyMember/thumbnailer-storage-publisher',
      'StorageNotification/thumbnailer-finalize-notification',
    ]);
    const ids = objectIds(manifests);
    expect(ids.indexOf('StorageNotification/thumbnailer-finalize-notification')).toBeGreaterThan(
      ids.indexOf('PubSubSubscription/thumbnailer-push'),
    );
  });

  test("every object is in Config Connector's namespace and names the project", () => {
    for (const manifest of manifests) {
      expect(manifest.metadata).toMatchObject({
        namespace: 'acme-kcc',
        annotations: { 'cnrm.cloud.google.com/project-id': 'acme-prod' },
      });
      expect(String(manifest.apiVersion)).toMatch(/^[a-z]+\.cnrm\.cloud\.google\.com\/v1beta1$/);
    }
  });

  test('the bucket notifies finalized objects as JSON to the topic', () => {
    expect(
      findObject(manifests, 'StorageNotification', 'thumbnailer-finalize-notification').spec,
    ).toEqual({
      bucketRef: { external: 'acme-photos' },
      topicRef: { name: 'photos' },
      payloadFormat: 'JSON_API_V1',
      eventTypes: ['OBJECT_FINALIZE'],
    });
  });

  test('the push subscription: the deterministic URL, OIDC, ack deadline, retries, dead letters', () => {
    expect(findObject(manifests, 'PubSubSubscription', 'thumbnailer-push').spec).toEqual({
      topicRef: { name: 'photos' },
      ackDeadlineSeconds: 120,
      pushConfig: {
        pushEndpoint: 'https://thumbnailer-987654321098.europe-west4.run.app/',
        oidcToken: {
          serviceAccountEmail: 'thumbnailer-invoker@acme-prod.iam.gserviceaccount.com',
          audience: 'https://thumbnailer.acme.example/',
        },
      },
      retryPolicy: { minimumBackoff: '5s', maximumBackoff: '300s' },
      deadLetterPolicy: { deadLetterTopicRef: { name: 'photos-dlq' }, maxDeliveryAttempts: 12 },
      expirationPolicy: { ttl: '' },
    });
  });

  test('dead letters are kept by a pull subscription that never expires', () => {
    expect(findObject(manifests, 'PubSubSubscription', 'photos-dlq-hold').spec).toEqual({
      topicRef: { name: 'photos-dlq' },
      expirationPolicy: { ttl: '' },
    });
  });

  test('the invoker account exists', () => {
    expect(
      field(findObject(manifests, 'IAMServiceAccount', 'thumbnailer-invoker'), 'spec'),
    ).toEqual({
      displayName: 'Pub/Sub push invoker of thumbnailer',
    });
  });

  test.each([
    [
      'thumbnailer-storage-publisher',
      { member: 'serviceAccount:service-987654321098@gs-project-accounts.iam.gserviceaccount.com' },
      'roles/pubsub.publisher',
      { apiVersion: 'pubsub.cnrm.cloud.google.com/v1beta1', kind: 'PubSubTopic', name: 'photos' },
    ],
    [
      'thumbnailer-run-invoker',
      { memberFrom: { serviceAccountRef: { name: 'thumbnailer-invoker' } } },
      'roles/run.invoker',
      {
        apiVersion: 'run.cnrm.cloud.google.com/v1beta1',
        kind: 'RunService',
        external: 'projects/acme-prod/locations/europe-west4/services/thumbnailer',
      },
    ],
    [
      'thumbnailer-token-creator',
      { member: PUBSUB_AGENT },
      'roles/iam.serviceAccountTokenCreator',
      {
        apiVersion: 'iam.cnrm.cloud.google.com/v1beta1',
        kind: 'IAMServiceAccount',
        name: 'thumbnailer-invoker',
      },
    ],
    [
      'thumbnailer-dead-letter-publisher',
      { member: PUBSUB_AGENT },
      'roles/pubsub.publisher',
      {
        apiVersion: 'pubsub.cnrm.cloud.google.com/v1beta1',
        kind: 'PubSubTopic',
        name: 'photos-dlq',
      },
    ],
    [
      'thumbnailer-dead-letter-subscriber',
      { member: PUBSUB_AGENT },
      'roles/pubsub.subscriber',
      {
        apiVersion: 'pubsub.cnrm.cloud.google.com/v1beta1',
        kind: 'PubSubSubscription',
        name: 'thumbnailer-push',
      },
    ],
    [
      'thumbnailer-object-viewer',
      { member: 'serviceAccount:thumbnailer-run@acme-prod.iam.gserviceaccount.com' },
      'roles/storage.objectViewer',
      {
        apiVersion: 'storage.cnrm.cloud.google.com/v1beta1',
        kind: 'StorageBucket',
        external: 'acme-photos',
      },
    ],
  ])('grant %s', (name, member, role, resourceRef) => {
    expect(findObject(manifests, 'IAMPolicyMember', name).spec).toEqual({
      ...member,
      role,
      resourceRef,
    });
  });
});
