import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { IamServiceAccount } from '../../cdk8s/imports/iamserviceaccount-iam.cnrm.cloud.google.com';
import { PubSubSubscription } from '../../cdk8s/imports/pubsubsubscription-pubsub.cnrm.cloud.google.com';
import { PubSubTopic } from '../../cdk8s/imports/pubsubtopic-pubsub.cnrm.cloud.google.com';
import { StorageNotification } from '../../cdk8s/imports/storagenotification-storage.cnrm.cloud.google.com';
import type { DeploymentConfig } from '../config/deployment-config';
import {
  invokerEmail,
  pubSubServiceAgent,
  pushEndpoint,
  runServiceResourceName,
  storageServiceAgent,
} from '../config/derived-names';
import { IamGrant, type IamGrantProps } from './iam-grant';
import { kccMetadata } from './kcc-metadata';

/** Props of {@link ConfigConnectorChart}. */
export interface ConfigConnectorChartProps extends Omit<ChartProps, 'namespace'> {
  /** The checked deployment config (`readDeploymentConfig`); it also gives every namespace. */
  readonly config: DeploymentConfig;
}

const PUBSUB = 'pubsub.cnrm.cloud.google.com/v1beta1';

/** `""`: the subscription never expires, even when no upload arrives for 31 days. */
const NEVER_EXPIRES = { ttl: '' };

/**
 * `cloudrun/config-connector.yaml`: the Pub/Sub wiring of the Cloud Run target as Config Connector
 * resources, for GitOps users. The same steps as `cloudrun/setup.sh`: topics, the
 * bucket notification and the Cloud Storage agent's right to publish, the invoker account and its
 * `run.invoker` on the service, the push subscription with OIDC, retries and dead-lettering, the
 * Pub/Sub agent's rights for dead-lettering, and the runtime account's read access to the bucket.
 * The bucket and the Cloud Run service are referenced, not managed.
 *
 * @see https://cloud.google.com/config-connector/docs/reference/resource-docs/pubsub/pubsubsubscription
 */
export class ConfigConnectorChart extends Chart {
  constructor(scope: Construct, id: string, props: ConfigConnectorChartProps) {
    super(scope, id, props);
    const { config } = props;
    const { service, google, cloudRun, pubsub } = config;
    const namespace = config.configConnector.namespace;
    const metadata = (name: string) => kccMetadata(name, namespace, google.projectId);
    const grant = (
      grantId: string,
      name: string,
      rest: Omit<IamGrantProps, 'name' | 'namespace' | 'projectId'>,
    ) =>
      new IamGrant(this, grantId, {
        name: `${service.name}-${name}`,
        namespace,
        projectId: google.projectId,
        ...rest,
      });
    const topicRef = (name: string) => ({ apiVersion: PUBSUB, kind: 'PubSubTopic', name });

    // Written in creation order, which is the dependency order; Config Connector also waits for
    // the objects a reference names.

    new PubSubTopic(this, 'Topic', { metadata: metadata(pubsub.topic) });
    new PubSubTopic(this, 'DeadLetterTopic', {
      metadata: metadata(pubsub.deadLetterTopic),
    });
    // A topic keeps nothing by itself: this pull subscription holds dead letters for inspection.
    new PubSubSubscription(this, 'DeadLetterSubscription', {
      metadata: metadata(pubsub.deadLetterSubscription),
      spec: { topicRef: { name: pubsub.deadLetterTopic }, expirationPolicy: NEVER_EXPIRES },
    });

    // Config Connector's StorageNotification, unlike gcloud, does not grant this itself.
    grant('StoragePublisher', 'storage-publisher', {
      member: { email: storageServiceAgent(config) },
      role: 'roles/pubsub.publisher',
      resourceRef: topicRef(pubsub.topic),
    });
    new StorageNotification(this, 'Notification', {
      metadata: metadata(`${service.name}-finalize-notification`),
      spec: {
        bucketRef: { external: google.bucket },
        topicRef: { name: pubsub.topic },
        payloadFormat: 'JSON_API_V1',
        eventTypes: ['OBJECT_FINALIZE'],
      },
    });

    new IamServiceAccount(this, 'Invoker', {
      metadata: metadata(pubsub.invokerServiceAccountId),
      spec: { displayName: `Pub/Sub push invoker of ${service.name}` },
    });
    grant('RunInvoker', 'run-invoker', {
      member: { serviceAccountObject: pubsub.invokerServiceAccountId },
      role: 'roles/run.invoker',
      resourceRef: {
        apiVersion: 'run.cnrm.cloud.google.com/v1beta1',
        kind: 'RunService',
        external: runServiceResourceName(config),
      },
    });
    // Needed by projects that enabled Pub/Sub before 2021-04-08 to mint the push's OIDC token;
    // harmless elsewhere, and narrower than the project-wide grant the article made.
    grant('TokenCreator', 'token-creator', {
      member: { email: pubSubServiceAgent(config) },
      role: 'roles/iam.serviceAccountTokenCreator',
      resourceRef: {
        apiVersion: 'iam.cnrm.cloud.google.com/v1beta1',
        kind: 'IAMServiceAccount',
        name: pubsub.invokerServiceAccountId,
      },
    });

    grant('DeadLetterPublisher', 'dead-letter-publisher', {
      member: { email: pubSubServiceAgent(config) },
      role: 'roles/pubsub.publisher',
      resourceRef: topicRef(pubsub.deadLetterTopic),
    });
    new PubSubSubscription(this, 'PushSubscription', {
      metadata: metadata(pubsub.subscription),
      spec: {
        topicRef: { name: pubsub.topic },
        ackDeadlineSeconds: pubsub.ackDeadlineSeconds,
        pushConfig: {
          pushEndpoint: pushEndpoint(config),
          oidcToken: { serviceAccountEmail: invokerEmail(config), audience: pubsub.pushAudience },
        },
        retryPolicy: {
          minimumBackoff: `${pubsub.minRetryDelaySeconds}s`,
          maximumBackoff: `${pubsub.maxRetryDelaySeconds}s`,
        },
        deadLetterPolicy: {
          deadLetterTopicRef: { name: pubsub.deadLetterTopic },
          maxDeliveryAttempts: pubsub.maxDeliveryAttempts,
        },
        expirationPolicy: NEVER_EXPIRES,
      },
    });
    grant('DeadLetterSubscriber', 'dead-letter-subscriber', {
      member: { email: pubSubServiceAgent(config) },
      role: 'roles/pubsub.subscriber',
      resourceRef: { apiVersion: PUBSUB, kind: 'PubSubSubscription', name: pubsub.subscription },
    });

    // Vision reads gs://bucket/name on the caller's behalf: the runtime account needs to read it.
    grant('ObjectViewer', 'object-viewer', {
      member: { email: cloudRun.serviceAccountEmail },
      role: 'roles/storage.objectViewer',
      resourceRef: {
        apiVersion: 'storage.cnrm.cloud.google.com/v1beta1',
        kind: 'StorageBucket',
        external: google.bucket,
      },
    });
  }
}
