/**
 * Names and addresses the charts derive from the deployment config, in one place so that every
 * output (Knative, Cloud Run, Config Connector, setup script) spells them the same way.
 */
import type { StorageEventType } from '../../src/events/event-types';
import type { DeploymentConfig, PubSubSource } from './deployment-config';
import { CLOUD_STORAGE_NAMES } from '../limits/cloud-storage';
import { PUBSUB_NAMES } from '../limits/pubsub';

/** The only event type the kit routes to the worker: an object was created or overwritten. */
export const FINALIZED_EVENT_TYPE: StorageEventType = 'google.cloud.storage.object.v1.finalized';

/**
 * The Cloud Run service's deterministic URL, `https://SERVICE-PROJECT_NUMBER.REGION.run.app`: known
 * before the first deploy, so the push subscription can be created in the same apply.
 *
 * @see https://cloud.google.com/run/docs/triggering/https-request (the deterministic URL)
 */
export function cloudRunUrl({ service, google }: DeploymentConfig): string {
  return `https://${service.name}-${google.projectNumber}.${google.region}.run.app`;
}

/** The push subscription's endpoint: the service's root path (the worker takes any POST path). */
export function pushEndpoint(config: DeploymentConfig): string {
  return `${cloudRunUrl(config)}/`;
}

/** The e-mail of the service account whose OIDC token the push subscription sends. */
export function invokerEmail({ pubsub, google }: DeploymentConfig): string {
  return projectAccountEmail(pubsub.invokerServiceAccountId, google.projectId);
}

/** The Pub/Sub service agent, which needs rights on the dead-letter topic and the subscription. */
export function pubSubServiceAgent({ google }: DeploymentConfig): string {
  return `service-${google.projectNumber}@${PUBSUB_NAMES.serviceAgentDomain}`;
}

/** The Cloud Storage service agent, which publishes the bucket's notifications. */
export function storageServiceAgent({ google }: DeploymentConfig): string {
  return `service-${google.projectNumber}@${CLOUD_STORAGE_NAMES.serviceAgentDomain}`;
}

/** The Cloud Run service as IAM names it: `projects/P/locations/R/services/S`. */
export function runServiceResourceName({ service, google }: DeploymentConfig): string {
  return `projects/${google.projectId}/locations/${google.region}/services/${service.name}`;
}

/** The Trigger's name: the service's name and the event it takes. */
export function triggerName({ service }: DeploymentConfig): string {
  return `${service.name}-finalized`;
}

/**
 * The audience of the tokens the Broker's dispatcher sends to the Knative worker with
 * `knative.senderAuth.mode: oidc`: the configured one, else the Service's cluster-local URL.
 */
export function knativeWorkerAudience({ service, knative }: DeploymentConfig): string | undefined {
  const auth = knative.senderAuth;
  if (auth.mode !== 'oidc') return undefined;
  return auth.audience ?? `http://${service.name}.${knative.namespace}.svc.cluster.local`;
}

/** The dead-letter Broker the kit creates, if the config asks for one. */
export function deadLetterBrokerName({ knative }: DeploymentConfig): string | undefined {
  const sink = knative.delivery.deadLetterSink;
  return 'broker' in sink ? sink.broker : undefined;
}

/**
 * The Triggers of the Knative worker's result events, one per result event type (a Trigger's
 * `exact` filter matches one value): `<service>-<outcome>`.
 */
export function resultTriggerName({ service }: DeploymentConfig, outcome: string): string {
  return `${service.name}-${outcome}`;
}

/** The Cloud Run worker's results topic as `RESULTS_TOPIC` names it: `projects/P/topics/T`. */
export function resultsTopicPath(config: DeploymentConfig): string {
  return topicPath(config, config.results.topic);
}

/** The kit's dead-letter receiver with its defaults filled in. */
export interface DeadLetterReceiver {
  /** The Knative Service's name: `<service.name>-dead-letters` unless set. */
  readonly name: string;
  /** Its Kubernetes service account: its name unless set. */
  readonly serviceAccountName: string;
  /** Its Google account: `<name>@<project>.iam.gserviceaccount.com` unless set. */
  readonly googleServiceAccount: string;
  /** The key Secret it mounts instead of Workload Identity, if any. */
  readonly keySecret: { readonly name: string; readonly key: string } | undefined;
}

/**
 * The kit's dead-letter receiver, when `knative.delivery.deadLetterSink` is `{receiver: …}` (the
 * default).
 */
export function deadLetterReceiver({
  service,
  google,
  knative,
}: Pick<DeploymentConfig, 'service' | 'google' | 'knative'>): DeadLetterReceiver | undefined {
  const sink = knative.delivery.deadLetterSink;
  if (!('receiver' in sink)) return undefined;
  const name = sink.receiver.name ?? `${service.name}-dead-letters`;
  return {
    name,
    serviceAccountName: sink.receiver.serviceAccountName ?? name,
    googleServiceAccount:
      sink.receiver.googleServiceAccount ?? projectAccountEmail(name, google.projectId),
    keySecret: sink.receiver.keySecret,
  };
}

/** The kit's own Pub/Sub source, when `knative.source` is of kind `pubsub`. */
export function pubSubSource({
  knative,
}: Pick<DeploymentConfig, 'knative'>): PubSubSource | undefined {
  return knative.source.kind === 'pubsub' ? knative.source : undefined;
}

/** A service account's ID: the part of its e-mail before `@`. */
export function accountIdOf(email: string): string {
  return email.slice(0, email.indexOf('@'));
}

/** A user-managed service account's e-mail in `projectId`: `ID@PROJECT.iam.gserviceaccount.com`. */
export function projectAccountEmail(accountId: string, projectId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}

/** A subscription's full name, `projects/P/subscriptions/S`, as the Pub/Sub API names it. */
export function subscriptionPath({ google }: DeploymentConfig, subscription: string): string {
  return `projects/${google.projectId}/subscriptions/${subscription}`;
}

/** A topic's full name, `projects/P/topics/T`. */
export function topicPath({ google }: DeploymentConfig, topic: string): string {
  return `projects/${google.projectId}/topics/${topic}`;
}
