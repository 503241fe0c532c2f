/**
 * The Pub/Sub wiring as plain data: which topics, subscriptions, bucket notification, service
 * accounts and IAM grants connect a bucket's uploads to a target, in the order they are created.
 * It is derived once per target from the deployment config (`cloud-run-wiring.ts`,
 * `knative-wiring.ts`); `config-connector.yaml` (`ConfigConnectorChart`) and `setup.sh`
 * (`renderSetupScript`) both render it, so the two can only differ in how they write a resource,
 * never in which resources or settings they hold.
 *
 * A resource a later target or feature needs is one more entry (the results topic with its
 * publisher grant is one): both renderers write every kind below whatever its purpose; a new purpose is a new
 * member of its kind's purpose union.
 */
import type { CLOUD_STORAGE_NOTIFICATIONS } from '../limits/cloud-storage';

/** The wiring of one target: the project, the bucket, where events go, and what connects them. */
export interface WiringModel {
  /** The project every resource is created in. */
  readonly project: { readonly id: string; readonly number: string };
  /** The bucket whose uploads are wired: referenced, never managed by Config Connector. */
  readonly bucket: string;
  /** Where `setup.sh` creates the bucket when it is missing (a region, `US`, `EU`…). */
  readonly bucketLocation: string;
  /** Where the bucket's events are delivered. */
  readonly destination: WiringDestination;
  /** The resources the wiring creates, in creation order, which is their dependency order. */
  readonly resources: readonly WiringResource[];
}

/** Where the wiring delivers: a Cloud Run service (push), or the kit's Pub/Sub source (pull). */
export type WiringDestination = CloudRunDestination | KnativeSourceDestination;

/**
 * The Cloud Run service a push subscription delivers to (deployed from `service.yaml`, not by the
 * wiring).
 */
export interface CloudRunDestination {
  readonly kind: 'cloud-run-service';
  /** The service name. */
  readonly name: string;
  /** Its region, such as `us-central1`. */
  readonly region: string;
  /** Its IAM resource name, `projects/P/locations/R/services/S`. */
  readonly resourceName: string;
  /** The e-mail of the account it runs as. */
  readonly serviceAccountEmail: string;
}

/**
 * The kit's Pub/Sub source in a Knative cluster (a `ContainerSource` of `knative/`, not created by
 * the wiring), which pulls the delivery subscription and sends each event to a Broker.
 */
export interface KnativeSourceDestination {
  readonly kind: 'knative-source';
  /** The ContainerSource's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Its own Kubernetes service account. */
  readonly serviceAccountName: string;
  /** The Broker it sends to. */
  readonly broker: string;
}

/** One resource of the wiring. */
export type WiringResource =
  WiringTopic | WiringSubscription | WiringNotification | WiringServiceAccount | WiringGrant;

/** A Pub/Sub topic. */
export interface WiringTopic {
  readonly kind: 'topic';
  /**
   * What it carries: the bucket's notifications, the messages no delivery could hand over, or the
   * worker's result events (the Cloud Run worker publishes them, `RESULTS_MODE=pubsub`).
   */
  readonly purpose: 'notifications' | 'dead-letters' | 'results';
  /** The topic ID. */
  readonly name: string;
}

/**
 * A Pub/Sub subscription: push when it has `push`, pull otherwise. A setting left out is Pub/Sub's
 * default: ack deadline `PUBSUB_LIMITS.ackDeadlineSeconds.unset`, immediate redelivery, no
 * dead-letter topic.
 *
 * @see https://cloud.google.com/pubsub/docs/subscription-properties
 */
export interface WiringSubscription {
  readonly kind: 'subscription';
  /**
   * What it is for: delivering the notifications to the destination (a push to the Cloud Run
   * service, a pull by the Pub/Sub source), or holding the dead letters for inspection.
   */
  readonly purpose: 'delivery' | 'dead-letter-hold';
  /** The subscription ID. */
  readonly name: string;
  /** The ID of the topic it subscribes to. */
  readonly topic: string;
  /** Push delivery with an OIDC token; absent for a pull subscription. */
  readonly push?: WiringPush;
  /**
   * Seconds Pub/Sub waits for an acknowledgement (for a push, the request's timeout; for a pull,
   * how long the source may take before the message is delivered again).
   */
  readonly ackDeadlineSeconds?: number;
  /** The retry policy's backoff, in seconds. */
  readonly retry?: {
    readonly minimumBackoffSeconds: number;
    readonly maximumBackoffSeconds: number;
  };
  /** Where a message goes after `maxDeliveryAttempts` deliveries (the ID of a topic). */
  readonly deadLetter?: { readonly topic: string; readonly maxDeliveryAttempts: number };
  /** `never`: the subscription does not expire (Pub/Sub's default: after 31 idle days). */
  readonly expires: 'never';
}

/**
 * A push subscription's endpoint and the OIDC token it sends.
 *
 * @see https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
 */
export interface WiringPush {
  /** The URL Pub/Sub POSTs each message to. */
  readonly endpoint: string;
  /** The account whose token the push carries. */
  readonly serviceAccountEmail: string;
  /** The token's audience (`aud`). */
  readonly audience: string;
}

/**
 * A Cloud Storage notification configuration: the bucket publishes these events to the topic.
 *
 * @see https://cloud.google.com/storage/docs/pubsub-notifications
 */
export interface WiringNotification {
  readonly kind: 'notification';
  /** A name for it (Config Connector's object name; Cloud Storage numbers its configurations). */
  readonly name: string;
  /** The bucket that publishes. */
  readonly bucket: string;
  /** The ID of the topic it publishes to. */
  readonly topic: string;
  /** The message body: the object's JSON resource, or none (attributes only). */
  readonly payloadFormat: (typeof CLOUD_STORAGE_NOTIFICATIONS.payloadFormats)[number];
  /** The events it publishes. */
  readonly eventTypes: readonly (typeof CLOUD_STORAGE_NOTIFICATIONS.eventTypes)[number][];
}

/** A user-managed service account the wiring creates, in the wiring's project. */
export interface WiringServiceAccount {
  readonly kind: 'service-account';
  /**
   * What it is for: the identity of the push's OIDC token, the Pub/Sub source's, the Knative
   * dead-letter receiver's, or the Knative worker's (which reads the bucket for Vision).
   */
  readonly purpose: 'push-invoker' | 'source' | 'dead-letter-receiver' | 'worker';
  /** The account ID, the part of its e-mail before `@`. */
  readonly accountId: string;
  /** Its e-mail. */
  readonly email: string;
  /** Its display name. */
  readonly displayName: string;
}

/**
 * One IAM binding: `member` gets `role` on `resource`, added to the resource's policy (the other
 * bindings stay).
 *
 * @see https://cloud.google.com/iam/docs/granting-changing-revoking-access
 */
export interface WiringGrant {
  readonly kind: 'grant';
  /** What the grant is for; unique in a wiring. */
  readonly purpose: GrantPurpose;
  /**
   * Its name, unique in the project's Config Connector namespace: `<service>-<purpose>`. Purposes
   * of the two targets differ where their grants differ, so both wirings can be applied there.
   */
  readonly name: string;
  /** Who is granted. */
  readonly member: WiringMember;
  /** The role, such as `roles/pubsub.publisher`. */
  readonly role: string;
  /** The resource the binding is on. */
  readonly resource: WiringGrantResource;
}

/** Why a grant exists. */
export type GrantPurpose =
  | 'storage-publisher'
  | 'run-invoker'
  | 'token-creator'
  | 'dead-letter-publisher'
  | 'dead-letter-subscriber'
  | 'object-viewer'
  | 'results-publisher'
  | 'source-subscriber'
  | 'source-dead-letter-publisher'
  | 'source-dead-letter-subscriber'
  | 'source-workload-identity'
  | 'receiver-workload-identity'
  | 'receiver-dead-letter-publisher'
  | 'worker-workload-identity'
  | 'worker-object-viewer';

/**
 * Who a grant is for: a Google service agent of the project, a service account by e-mail (one of
 * the wiring's, or one outside it such as the Cloud Run runtime account), or a Kubernetes service
 * account through GKE Workload Identity.
 *
 * @see https://cloud.google.com/iam/docs/service-agents
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */
export type WiringMember =
  | {
      readonly kind: 'service-agent';
      /** Whose agent: Pub/Sub's or Cloud Storage's. */
      readonly service: 'pubsub' | 'storage';
      /** `service-PROJECT_NUMBER@<the service's agent domain>`. */
      readonly email: string;
    }
  | { readonly kind: 'service-account'; readonly email: string }
  | {
      readonly kind: 'workload-identity';
      /** The Workload Identity pool, `PROJECT_ID.svc.id.goog`. */
      readonly pool: string;
      readonly namespace: string;
      /** The Kubernetes service account's name. */
      readonly serviceAccountName: string;
    };

/** A member as IAM writes it: `serviceAccount:EMAIL`, or `serviceAccount:POOL[NAMESPACE/KSA]`. */
export function memberPrincipal(member: WiringMember): string {
  return member.kind === 'workload-identity'
    ? `serviceAccount:${member.pool}[${member.namespace}/${member.serviceAccountName}]`
    : `serviceAccount:${member.email}`;
}

/**
 * The resource a grant is on: a topic, subscription or service account of the wiring (by ID), or
 * one outside it (the Cloud Run service by its IAM resource name, the bucket by name).
 */
export type WiringGrantResource =
  | { readonly kind: 'topic'; readonly name: string }
  | { readonly kind: 'subscription'; readonly name: string }
  | { readonly kind: 'service-account'; readonly accountId: string }
  | { readonly kind: 'run-service'; readonly resourceName: string }
  | { readonly kind: 'bucket'; readonly name: string };

/** The resources of `kind`. */
type ResourceOf<K extends WiringResource['kind']> = Extract<WiringResource, { kind: K }>;

/** The purposes a resource of `kind` can have. */
export type PurposeOf<K extends WiringResource['kind']> =
  ResourceOf<K> extends { readonly purpose: infer P } ? P : never;

/**
 * The one resource of `kind` with `purpose`, for a renderer that writes each by its role.
 *
 * @throws Error when the wiring has no such resource, or more than one
 */
export function resourceFor<K extends WiringResource['kind']>(
  wiring: WiringModel,
  kind: K,
  purpose: PurposeOf<K>,
): ResourceOf<K> {
  const only = resourceOrNone(wiring, kind, purpose);
  if (only === undefined)
    throw new Error(`the wiring has 0 ${kind} resources for ${String(purpose)}`);
  return only;
}

/**
 * The resource of `kind` with `purpose`, or `undefined` when the wiring has none (a Knative wiring
 * has no push invoker).
 *
 * @throws Error when the wiring has more than one
 */
export function resourceOrNone<K extends WiringResource['kind']>(
  wiring: WiringModel,
  kind: K,
  purpose: PurposeOf<K>,
): ResourceOf<K> | undefined {
  const found = wiring.resources.filter(
    (resource): resource is ResourceOf<K> =>
      resource.kind === kind && 'purpose' in resource && resource.purpose === purpose,
  );
  if (found.length > 1) {
    throw new Error(`the wiring has ${found.length} ${kind} resources for ${String(purpose)}`);
  }
  return found[0];
}

/** The resource of `kind` named `name` (a topic or subscription ID, an account ID), if any. */
export function resourceNamed(
  wiring: WiringModel,
  kind: 'topic' | 'subscription' | 'service-account',
  name: string,
): WiringResource | undefined {
  return wiring.resources.find(
    (resource) =>
      resource.kind === kind &&
      (resource.kind === 'service-account'
        ? resource.accountId
        : 'name' in resource
          ? resource.name
          : '') === name,
  );
}
