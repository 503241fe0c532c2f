/**
 * The Knative target's wiring, derived from the deployment config, for the kit's own Pub/Sub source
 * (`knative.source.kind: pubsub`): the bucket notifies the same topic as the Cloud Run wiring's, a
 * pull subscription of the source's own delivers it, dead letters go to the same dead-letter
 * topic, and the source's Google account gets what it pulls and publishes with, bound to its
 * Kubernetes service account through Workload Identity unless it mounts a key.
 */
import type { DeploymentConfig } from '../config/deployment-config';
import { accountIdOf, deadLetterReceiver, pubSubSource } from '../config/derived-names';
import { sharedWiring, type SharedWiring } from './shared-wiring';
import type { WiringMember, WiringModel, WiringResource } from './wiring-model';

/** A Kubernetes service account of the namespace, as a Workload Identity member. */
function workloadIdentityMember(
  { google, knative }: DeploymentConfig,
  serviceAccountName: string,
): WiringMember {
  return {
    kind: 'workload-identity',
    pool: `${google.projectId}.svc.id.goog`,
    namespace: knative.namespace,
    serviceAccountName,
  };
}

/**
 * The dead-letter receiver's Google account (with `knative.delivery.deadLetterSink: {receiver}`,
 * the default), its Workload Identity binding unless it mounts a key, and its right to publish to
 * the dead-letter topic, where the hold subscription keeps what it publishes.
 */
function receiverResources(config: DeploymentConfig, { grant }: SharedWiring): WiringResource[] {
  const receiver = deadLetterReceiver(config);
  if (receiver === undefined) return [];
  const accountId = accountIdOf(receiver.googleServiceAccount);
  const account: WiringMember = { kind: 'service-account', email: receiver.googleServiceAccount };
  return [
    {
      kind: 'service-account',
      purpose: 'dead-letter-receiver',
      accountId,
      email: receiver.googleServiceAccount,
      displayName: `dualrun dead-letter receiver of ${config.service.name}`,
    },
    ...(receiver.keySecret === undefined
      ? [
          grant(
            'receiver-workload-identity',
            workloadIdentityMember(config, receiver.serviceAccountName),
            'roles/iam.workloadIdentityUser',
            { kind: 'service-account', accountId },
          ),
        ]
      : []),
    grant('receiver-dead-letter-publisher', account, 'roles/pubsub.publisher', {
      kind: 'topic',
      name: config.pubsub.deadLetterTopic,
    }),
  ];
}

/**
 * The worker's Google account (`knative.googleServiceAccount`, when set), its Workload Identity
 * binding, and `roles/storage.objectViewer` on the bucket: Vision reads `gs://BUCKET/NAME` with the
 * worker's credentials.
 */
function workerResources(config: DeploymentConfig, { grant }: SharedWiring): WiringResource[] {
  const email = config.knative.googleServiceAccount;
  if (email === undefined) return [];
  const accountId = accountIdOf(email);
  return [
    {
      kind: 'service-account',
      purpose: 'worker',
      accountId,
      email,
      displayName: `dualrun worker ${config.service.name} on Knative`,
    },
    grant(
      'worker-workload-identity',
      workloadIdentityMember(config, config.knative.serviceAccountName),
      'roles/iam.workloadIdentityUser',
      { kind: 'service-account', accountId },
    ),
    grant(
      'worker-object-viewer',
      { kind: 'service-account', email },
      'roles/storage.objectViewer',
      {
        kind: 'bucket',
        name: config.google.bucket,
      },
    ),
  ];
}

/**
 * The wiring of `config`'s Pub/Sub source, in creation order (the bucket notification last, after
 * the source's subscription), or `undefined` when `knative.source` is not of kind `pubsub`
 * (knative-gcp's source creates its own; with `none` you bring yours).
 *
 * @see https://cloud.google.com/pubsub/docs/access-control (subscriber, publisher)
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 * @see https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions
 */
export function knativeWiring(config: DeploymentConfig): WiringModel | undefined {
  const source = pubSubSource(config);
  if (source === undefined) return undefined;
  const { service, google, knative, pubsub } = config;
  const shared = sharedWiring(config);
  const { grant, pubSubAgent } = shared;
  const accountId = accountIdOf(source.googleServiceAccount);
  const sourceAccount: WiringMember = {
    kind: 'service-account',
    email: source.googleServiceAccount,
  };
  const kubernetesAccount: WiringMember = {
    kind: 'workload-identity',
    pool: `${google.projectId}.svc.id.goog`,
    namespace: knative.namespace,
    serviceAccountName: source.serviceAccountName,
  };
  return {
    ...shared.place,
    destination: {
      kind: 'knative-source',
      name: source.name,
      namespace: knative.namespace,
      serviceAccountName: source.serviceAccountName,
      broker: knative.broker,
    },
    resources: [
      ...shared.topics,
      {
        kind: 'service-account',
        purpose: 'source',
        accountId,
        email: source.googleServiceAccount,
        displayName: `dualrun Pub/Sub source of ${service.name}`,
      },
      // A key Secret stands in for Workload Identity where the cluster has none.
      ...(source.keySecret === undefined
        ? [
            grant('source-workload-identity', kubernetesAccount, 'roles/iam.workloadIdentityUser', {
              kind: 'service-account',
              accountId,
            }),
          ]
        : []),
      {
        kind: 'subscription',
        purpose: 'delivery',
        name: source.subscription,
        topic: pubsub.topic,
        ackDeadlineSeconds: source.ackDeadlineSeconds,
        retry: shared.retry,
        deadLetter: shared.deadLetter,
        expires: 'never',
      },
      grant('source-subscriber', sourceAccount, 'roles/pubsub.subscriber', {
        kind: 'subscription',
        name: source.subscription,
      }),
      // The source publishes there what the sink refuses for good.
      grant('source-dead-letter-publisher', sourceAccount, 'roles/pubsub.publisher', {
        kind: 'topic',
        name: pubsub.deadLetterTopic,
      }),
      grant('source-dead-letter-subscriber', pubSubAgent, 'roles/pubsub.subscriber', {
        kind: 'subscription',
        name: source.subscription,
      }),
      ...receiverResources(config, shared),
      ...workerResources(config, shared),
      ...shared.notification,
    ],
  };
}
