import { ConfigConnectorChart } from '../../charts/constructs/config-connector-chart';
import { cloudRunWiring } from '../../charts/wiring/cloud-run-wiring';
import { knativeWiring } from '../../charts/wiring/knative-wiring';
import { renderSetupScript } from '../../charts/wiring/setup-script/render-setup-script';
import { SETUP_SCRIPT_PRELUDE } from '../../charts/wiring/setup-script/prelude';
import { setupScriptSettings } from '../../charts/wiring/setup-script/settings';
import {
  memberPrincipal,
  resourceFor,
  type WiringGrant,
  type WiringModel,
} from '../../charts/wiring/wiring-model';
import {
  field,
  findObject,
  synthChart,
  testConfig,
  type Change,
  type Manifest,
} from './test-config';

/** The Knative wiring of the test config with `changes`; fails when the source has none. */
function wiringOf(...changes: Change[]): WiringModel {
  const wiring = knativeWiring(testConfig(...changes));
  if (wiring === undefined) throw new Error('no Knative wiring');
  return wiring;
}

const wiring = wiringOf();
const grants = wiring.resources.filter(
  (resource): resource is WiringGrant => resource.kind === 'grant',
);

/** Config Connector objects of a wiring in the test config's namespace. */
function kccOf(model: WiringModel): Manifest[] {
  return synthChart(
    (app) => new ConfigConnectorChart(app, 'kcc', { wiring: model, namespace: 'acme-kcc' }),
  );
}

describe('knativeWiring', () => {
  test('exists for the Pub/Sub source only', () => {
    expect(knativeWiring(testConfig(['knative.source', { kind: 'none' }]))).toBeUndefined();
    expect(
      knativeWiring(
        testConfig([
          'knative.source',
          { kind: 'knative-gcp', name: 'photo-uploads', serviceAccountName: 'gcs-source' },
        ]),
      ),
    ).toBeUndefined();
  });

  test('lists the resources in creation order, the bucket notification last', () => {
    expect(
      wiring.resources.map((resource) =>
        'purpose' in resource ? `${resource.kind}:${resource.purpose}` : resource.kind,
      ),
    ).toEqual([
      'topic:notifications',
      'topic:dead-letters',
      'subscription:dead-letter-hold',
      'grant:dead-letter-publisher',
      'service-account:source',
      'grant:source-workload-identity',
      'subscription:delivery',
      'grant:source-subscriber',
      'grant:source-dead-letter-publisher',
      'grant:source-dead-letter-subscriber',
      'service-account:worker',
      'grant:worker-workload-identity',
      'grant:worker-object-viewer',
      'grant:storage-publisher',
      'notification',
    ]);
  });

  test('delivers to the source in the cluster by a pull subscription with the config settings', () => {
    expect(wiring.destination).toEqual({
      kind: 'knative-source',
      name: 'photo-uploads',
      namespace: 'media',
      serviceAccountName: 'gcs-source',
      broker: 'uploads',
    });
    expect(resourceFor(wiring, 'subscription', 'delivery')).toEqual({
      kind: 'subscription',
      purpose: 'delivery',
      name: 'photos-source',
      topic: 'photos',
      ackDeadlineSeconds: 30,
      retry: { minimumBackoffSeconds: 5, maximumBackoffSeconds: 300 },
      deadLetter: { topic: 'photos-dlq', maxDeliveryAttempts: 12 },
      expires: 'never',
    });
  });

  test("the source's account, its grants, and the Pub/Sub agent's dead-letter grants", () => {
    expect(resourceFor(wiring, 'service-account', 'source')).toMatchObject({
      accountId: 'photo-source',
      email: 'photo-source@acme-prod.iam.gserviceaccount.com',
    });
    expect(
      grants.map(({ name, member, role, resource }) => [
        name,
        memberPrincipal(member),
        role,
        resource,
      ]),
    ).toEqual([
      [
        'thumbnailer-dead-letter-publisher',
        'serviceAccount:service-987654321098@gcp-sa-pubsub.iam.gserviceaccount.com',
        'roles/pubsub.publisher',
        { kind: 'topic', name: 'photos-dlq' },
      ],
      [
        'thumbnailer-source-workload-identity',
        'serviceAccount:acme-prod.svc.id.goog[media/gcs-source]',
        'roles/iam.workloadIdentityUser',
        { kind: 'service-account', accountId: 'photo-source' },
      ],
      [
        'thumbnailer-source-subscriber',
        'serviceAccount:photo-source@acme-prod.iam.gserviceaccount.com',
        'roles/pubsub.subscriber',
        { kind: 'subscription', name: 'photos-source' },
      ],
      [
        'thumbnailer-source-dead-letter-publisher',
        'serviceAccount:photo-source@acme-prod.iam.gserviceaccount.com',
        'roles/pubsub.publisher',
        { kind: 'topic', name: 'photos-dlq' },
      ],
      [
        'thumbnailer-source-dead-letter-subscriber',
        'serviceAccount:service-987654321098@gcp-sa-pubsub.iam.gserviceaccount.com',
        'roles/pubsub.subscriber',
        { kind: 'subscription', name: 'photos-source' },
      ],
      [
        'thumbnailer-worker-workload-identity',
        'serviceAccount:acme-prod.svc.id.goog[media/thumbnailer-ksa]',
        'roles/iam.workloadIdentityUser',
        { kind: 'service-account', accountId: 'thumbnailer' },
      ],
      [
        'thumbnailer-worker-object-viewer',
        'serviceAccount:thumbnailer@acme-prod.iam.gserviceaccount.com',
        'roles/storage.objectViewer',
        { kind: 'bucket', name: 'acme-photos' },
      ],
      [
        'thumbnailer-storage-publisher',
        'serviceAccount:service-987654321098@gs-project-accounts.iam.gserviceaccount.com',
        'roles/pubsub.publisher',
        { kind: 'topic', name: 'photos' },
      ],
    ]);
  });

  test('with a key Secret, no Workload Identity binding for the source', () => {
    const keyed = wiringOf(
      ['knative.source.keySecret', { name: 'source-key' }],
      ['knative.googleServiceAccount', undefined],
    );
    expect(
      keyed.resources.filter(
        (resource) => resource.kind === 'grant' && resource.member.kind === 'workload-identity',
      ),
    ).toEqual([]);
    expect(setupScriptSettings(keyed)).not.toHaveProperty('NAMESPACE');
  });

  test('without knative.googleServiceAccount, no worker account nor bucket grant', () => {
    const bare = wiringOf(['knative.googleServiceAccount', undefined]);
    expect(bare.resources.filter((r) => 'purpose' in r && r.purpose.startsWith('worker'))).toEqual(
      [],
    );
  });

  describe('the dead-letter receiver (deadLetterSink {receiver: {}}, the default)', () => {
    const withReceiver = wiringOf(['knative.delivery.deadLetterSink', undefined]);
    const purposes = withReceiver.resources.map((r) =>
      'purpose' in r ? `${r.kind}:${r.purpose}` : r.kind,
    );

    test('its account, Workload Identity binding and publisher grant, before the notification', () => {
      expect(purposes.slice(purposes.indexOf('service-account:dead-letter-receiver'))).toEqual([
        'service-account:dead-letter-receiver',
        'grant:receiver-workload-identity',
        'grant:receiver-dead-letter-publisher',
        'service-account:worker',
        'grant:worker-workload-identity',
        'grant:worker-object-viewer',
        'grant:storage-publisher',
        'notification',
      ]);
      expect(resourceFor(withReceiver, 'service-account', 'dead-letter-receiver')).toMatchObject({
        accountId: 'thumbnailer-dead-letters',
        email: 'thumbnailer-dead-letters@acme-prod.iam.gserviceaccount.com',
      });
      const publisher = resourceFor(withReceiver, 'grant', 'receiver-dead-letter-publisher');
      expect([memberPrincipal(publisher.member), publisher.role, publisher.resource]).toEqual([
        'serviceAccount:thumbnailer-dead-letters@acme-prod.iam.gserviceaccount.com',
        'roles/pubsub.publisher',
        { kind: 'topic', name: 'photos-dlq' },
      ]);
      expect(
        memberPrincipal(resourceFor(withReceiver, 'grant', 'receiver-workload-identity').member),
      ).toBe('serviceAccount:acme-prod.svc.id.goog[media/thumbnailer-dead-letters]');
    });

    test('setup.sh binds each Kubernetes account by its own variable', () => {
      const text = renderSetupScript(withReceiver);
      expect(setupScriptSettings(withReceiver)).toMatchObject({
        RECEIVER_KUBERNETES_SERVICE_ACCOUNT: 'thumbnailer-dead-letters',
        RECEIVER_SERVICE_ACCOUNT_ID: 'thumbnailer-dead-letters',
        WORKER_KUBERNETES_SERVICE_ACCOUNT: 'thumbnailer-ksa',
        WORKER_SERVICE_ACCOUNT_ID: 'thumbnailer',
      });
      expect(text).toContain('[$NAMESPACE/$RECEIVER_KUBERNETES_SERVICE_ACCOUNT]');
      expect(text).toContain('[$NAMESPACE/$WORKER_KUBERNETES_SERVICE_ACCOUNT]');
      expect(text).toContain('[$NAMESPACE/$SOURCE_KUBERNETES_SERVICE_ACCOUNT]');
    });

    test('with a key Secret, no binding for the receiver', () => {
      const keyed = wiringOf([
        'knative.delivery.deadLetterSink',
        { receiver: { keySecret: { name: 'dl-key' } } },
      ]);
      expect(keyed.resources.map((r) => ('purpose' in r ? r.purpose : r.kind))).not.toContain(
        'receiver-workload-identity',
      );
    });
  });
});

describe('the Knative wiring as Config Connector resources', () => {
  const manifests = kccOf(wiring);

  test('the pull subscription: no pushConfig, ack deadline, retries, dead letters, no expiry', () => {
    expect(findObject(manifests, 'PubSubSubscription', 'photos-source').spec).toEqual({
      topicRef: { name: 'photos' },
      ackDeadlineSeconds: 30,
      retryPolicy: { minimumBackoff: '5s', maximumBackoff: '300s' },
      deadLetterPolicy: { deadLetterTopicRef: { name: 'photos-dlq' }, maxDeliveryAttempts: 12 },
      expirationPolicy: { ttl: '' },
    });
  });

  test('the Workload Identity binding names the Kubernetes account on the Google one', () => {
    expect(
      findObject(manifests, 'IAMPolicyMember', 'thumbnailer-source-workload-identity').spec,
    ).toEqual({
      member: 'serviceAccount:acme-prod.svc.id.goog[media/gcs-source]',
      role: 'roles/iam.workloadIdentityUser',
      resourceRef: {
        apiVersion: 'iam.cnrm.cloud.google.com/v1beta1',
        kind: 'IAMServiceAccount',
        name: 'photo-source',
      },
    });
  });

  test("the source's grants reference its IAMServiceAccount, so Config Connector waits for it", () => {
    expect(
      field(
        findObject(manifests, 'IAMPolicyMember', 'thumbnailer-source-subscriber'),
        'spec.memberFrom',
      ),
    ).toEqual({ serviceAccountRef: { name: 'photo-source' } });
  });

  test('both targets can share a Config Connector namespace: no name with two different objects', () => {
    const cloudRun = kccOf(cloudRunWiring(testConfig()));
    const byId = new Map(
      cloudRun.map((object) => [
        `${String(object.kind)}/${String(field(object, 'metadata.name'))}`,
        object,
      ]),
    );
    const clashes = manifests.filter((object) => {
      const same = byId.get(`${String(object.kind)}/${String(field(object, 'metadata.name'))}`);
      return same !== undefined && JSON.stringify(same) !== JSON.stringify(object);
    });
    expect(clashes.map((object) => field(object, 'metadata.name'))).toEqual([]);
    const shared = manifests.filter((object) =>
      byId.has(`${String(object.kind)}/${String(field(object, 'metadata.name'))}`),
    );
    expect(
      shared.map((object) => `${String(object.kind)}/${String(field(object, 'metadata.name'))}`),
    ).toEqual([
      'PubSubTopic/photos',
      'PubSubTopic/photos-dlq',
      'PubSubSubscription/photos-dlq-hold',
      'IAMPolicyMember/thumbnailer-dead-letter-publisher',
      'IAMPolicyMember/thumbnailer-storage-publisher',
      'StorageNotification/thumbnailer-finalize-notification',
    ]);
  });
});

describe("the Knative wiring's setup.sh", () => {
  const script = renderSetupScript(wiring);

  test("is rendered by the same renderer, with the same prelude as Cloud Run's", () => {
    expect(script).toContain(SETUP_SCRIPT_PRELUDE);
    expect(renderSetupScript(cloudRunWiring(testConfig()))).toContain(SETUP_SCRIPT_PRELUDE);
  });

  test('declares the Knative settings and none of Cloud Run', () => {
    expect(setupScriptSettings(wiring)).toEqual({
      TARGET: 'knative',
      PROJECT_ID: 'acme-prod',
      PROJECT_NUMBER: '987654321098',
      NAMESPACE: 'media',
      SOURCE_KUBERNETES_SERVICE_ACCOUNT: 'gcs-source',
      BUCKET: 'acme-photos',
      BUCKET_LOCATION: 'europe-west4',
      TOPIC: 'photos',
      DEAD_LETTER_TOPIC: 'photos-dlq',
      DEAD_LETTER_SUBSCRIPTION: 'photos-dlq-hold',
      SUBSCRIPTION: 'photos-source',
      SOURCE_SERVICE_ACCOUNT_ID: 'photo-source',
      WORKER_KUBERNETES_SERVICE_ACCOUNT: 'thumbnailer-ksa',
      WORKER_SERVICE_ACCOUNT_ID: 'thumbnailer',
      ACK_DEADLINE_SECONDS: 30,
      MIN_RETRY_DELAY_SECONDS: 5,
      MAX_RETRY_DELAY_SECONDS: 300,
      MAX_DELIVERY_ATTEMPTS: 12,
    });
    expect(script).not.toMatch(/SERVICE_NAME|ensure_run_service|run\.googleapis\.com/);
  });
});
