import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IamPolicyMemberSpecResourceRef } from '../../cdk8s/imports/iampolicymember-iam.cnrm.cloud.google.com';
import { IamServiceAccount } from '../../cdk8s/imports/iamserviceaccount-iam.cnrm.cloud.google.com';
import { PubSubSubscription } from '../../cdk8s/imports/pubsubsubscription-pubsub.cnrm.cloud.google.com';
import { PubSubTopic } from '../../cdk8s/imports/pubsubtopic-pubsub.cnrm.cloud.google.com';
import { StorageNotification } from '../../cdk8s/imports/storagenotification-storage.cnrm.cloud.google.com';
import {
  memberPrincipal,
  type WiringGrant,
  type WiringGrantResource,
  type WiringModel,
  type WiringResource,
  type WiringSubscription,
} from '../wiring/wiring-model';
import { IamGrant } from './iam-grant';
import { kccMetadata } from './kcc-metadata';

/** Props of {@link ConfigConnectorChart}. */
export interface ConfigConnectorChartProps extends Omit<ChartProps, 'namespace'> {
  /** The wiring to write (`cloudRunWiring(config)` or `knativeWiring(config)`). */
  readonly wiring: WiringModel;
  /** The namespace Config Connector manages the project's resources from. */
  readonly namespace: string;
}

/** What every renderer needs besides the resource: the chart, the wiring and the namespace. */
interface RenderContext {
  readonly chart: Chart;
  readonly wiring: WiringModel;
  readonly namespace: string;
}

/** Writes one resource of the wiring as Config Connector objects. */
type Renderer<R extends WiringResource> = (resource: R, context: RenderContext) => void;

const PUBSUB = 'pubsub.cnrm.cloud.google.com/v1beta1';

/** The `resourceRef` of a grant's resource: an object of this file by name, or an outside one. */
const RESOURCE_REFS: {
  readonly [K in WiringGrantResource['kind']]: (
    resource: Extract<WiringGrantResource, { kind: K }>,
  ) => IamPolicyMemberSpecResourceRef;
} = {
  topic: ({ name }) => ({ apiVersion: PUBSUB, kind: 'PubSubTopic', name }),
  subscription: ({ name }) => ({ apiVersion: PUBSUB, kind: 'PubSubSubscription', name }),
  'service-account': ({ accountId }) => ({
    apiVersion: 'iam.cnrm.cloud.google.com/v1beta1',
    kind: 'IAMServiceAccount',
    name: accountId,
  }),
  'run-service': ({ resourceName }) => ({
    apiVersion: 'run.cnrm.cloud.google.com/v1beta1',
    kind: 'RunService',
    external: resourceName,
  }),
  bucket: ({ name }) => ({
    apiVersion: 'storage.cnrm.cloud.google.com/v1beta1',
    kind: 'StorageBucket',
    external: name,
  }),
};

function resourceRef(resource: WiringGrantResource): IamPolicyMemberSpecResourceRef {
  // The entry for `resource.kind` takes that kind; TypeScript cannot correlate the two.
  const ref = RESOURCE_REFS[resource.kind] as (
    r: WiringGrantResource,
  ) => IamPolicyMemberSpecResourceRef;
  return ref(resource);
}

function metadata({ wiring, namespace }: RenderContext, name: string) {
  return kccMetadata(name, namespace, wiring.project.id);
}

/** A subscription's spec; settings the wiring leaves out stay out (Pub/Sub's defaults). */
function subscriptionSpec(subscription: WiringSubscription) {
  const { push, ackDeadlineSeconds, retry, deadLetter } = subscription;
  return {
    topicRef: { name: subscription.topic },
    ...(ackDeadlineSeconds === undefined ? {} : { ackDeadlineSeconds }),
    ...(push === undefined
      ? {}
      : {
          pushConfig: {
            pushEndpoint: push.endpoint,
            oidcToken: { serviceAccountEmail: push.serviceAccountEmail, audience: push.audience },
          },
        }),
    ...(retry === undefined
      ? {}
      : {
          retryPolicy: {
            minimumBackoff: `${retry.minimumBackoffSeconds}s`,
            maximumBackoff: `${retry.maximumBackoffSeconds}s`,
          },
        }),
    ...(deadLetter === undefined
      ? {}
      : {
          deadLetterPolicy: {
            deadLetterTopicRef: { name: deadLetter.topic },
            maxDeliveryAttempts: deadLetter.maxDeliveryAttempts,
          },
        }),
    // An empty ttl: the subscription never expires, even when no upload arrives for 31 days.
    expirationPolicy: { ttl: '' },
  };
}

/**
 * A grant's member: an account this wiring creates is referenced by its object (so Config
 * Connector waits for it); any other by its IAM principal.
 */
function grantMember({ member }: WiringGrant, { wiring }: RenderContext) {
  const account = wiring.resources.find(
    (resource) =>
      resource.kind === 'service-account' &&
      member.kind === 'service-account' &&
      resource.email === member.email,
  );
  return account?.kind === 'service-account'
    ? { serviceAccountObject: account.accountId }
    : { principal: memberPrincipal(member) };
}

/** One renderer per kind of resource. */
const RENDERERS: {
  readonly [K in WiringResource['kind']]: Renderer<Extract<WiringResource, { kind: K }>>;
} = {
  topic: ({ name }, context) => {
    new PubSubTopic(context.chart, `topic-${name}`, { metadata: metadata(context, name) });
  },
  subscription: (subscription, context) => {
    new PubSubSubscription(context.chart, `subscription-${subscription.name}`, {
      metadata: metadata(context, subscription.name),
      spec: subscriptionSpec(subscription),
    });
  },
  notification: (notification, context) => {
    new StorageNotification(context.chart, `notification-${notification.name}`, {
      metadata: metadata(context, notification.name),
      spec: {
        bucketRef: { external: notification.bucket },
        topicRef: { name: notification.topic },
        payloadFormat: notification.payloadFormat,
        eventTypes: [...notification.eventTypes],
      },
    });
  },
  'service-account': (account, context) => {
    new IamServiceAccount(context.chart, `service-account-${account.accountId}`, {
      metadata: metadata(context, account.accountId),
      spec: { displayName: account.displayName },
    });
  },
  grant: (grant, context) => {
    new IamGrant(context.chart, `grant-${grant.name}`, {
      name: grant.name,
      namespace: context.namespace,
      projectId: context.wiring.project.id,
      member: grantMember(grant, context),
      role: grant.role,
      resourceRef: resourceRef(grant.resource),
    });
  },
};

/**
 * `config-connector.yaml` (`cloudrun/`, `knative/wiring/`): a wiring as Config Connector
 * resources, for GitOps users, in the wiring's order (its creation order, which `kubectl apply`
 * keeps; Config Connector also waits for the objects a reference names, and otherwise reconciles
 * the objects side by side). `setup.sh` renders the same wiring with gcloud. The bucket and the
 * Cloud Run service are referenced, not managed.
 *
 * @see https://cloud.google.com/config-connector/docs/reference/resource-docs/pubsub/pubsubsubscription
 * @see https://cloud.google.com/config-connector/docs/reference/resource-docs/storage/storagenotification
 */
export class ConfigConnectorChart extends Chart {
  constructor(scope: Construct, id: string, props: ConfigConnectorChartProps) {
    // The namespace is Config Connector's, set on each object: not the Chart's own.
    const { wiring, namespace, ...chartProps } = props;
    super(scope, id, chartProps);
    const context: RenderContext = { chart: this, wiring, namespace };
    for (const resource of wiring.resources) {
      // The renderer for `resource.kind` takes that kind; TypeScript cannot correlate the two.
      const render = RENDERERS[resource.kind] as Renderer<WiringResource>;
      render(resource, context);
    }
  }
}
