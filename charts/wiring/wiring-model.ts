/**
 * The Pub/Sub wiring as plain data: which topics, subscriptions, bucket notification, service
 * accounts and IAM grants connect a bucket's uploads to a target, in the order they are created.
 * It is derived once from the deployment config (`cloud-run-wiring.ts`); `config-connector.yaml`
 * (`ConfigConnectorChart`) and `setup.sh` (`deriveSetupScriptInput`) both render it, so the two
 * can only differ in how they write a resource, never in which resources or settings they hold.
 *
 * A resource a later target needs is one more entry (a pull subscription with its subscriber
 * grant, a results topic with a publisher grant): the Config Connector renderer writes every kind
 * below whatever its purpose.
 */
import type { CLOUD_STORAGE_NOTIFICATIONS } from '../limits/cloud-storage';

/** The wiring of one target: the project, the bucket, where events go, and what connects them. */
export interface WiringModel {
  /** The project every resource is created in. */
  readonly project: { readonly id: string; readonly number: string };
  /** The bucket whose uploads are wired: referenced, never managed by Config Connector. */
  readonly bucket: string;
  /** Where the bucket's events are delivered. */
  readonly destination: WiringDestination;
  /** The resources the wiring creates, in creation order, which is their dependency order. */
  readonly resources: readonly WiringResource[];
}

/**
 * The Cloud Run service a push subscription delivers to (deployed from `service.yaml`, not by the
 * wiring). The Knative target's wiring will add its Pub/Sub source here.
 */
export interface WiringDestination {
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

/** One resource of the wiring. */
export type WiringResource =
  WiringTopic | WiringSubscription | WiringNotification | WiringServiceAccount | WiringGrant;

/** A Pub/Sub topic. */
export interface WiringTopic {
  readonly kind: 'topic';
  /** What it carries: the bucket's notifications, or the messages no delivery could hand over. */
  readonly purpose: 'notifications' | 'dead-letters';
  /** The topic ID. */
  readonly name: string;
}

/**
 * A Pub/Sub subscription. A setting left out is Pub/Sub's default: ack deadline
 * `PUBSUB_LIMITS.ackDeadlineSeconds.unset`, immediate redelivery, no dead-letter topic.
 *
 * @see https://cloud.google.com/pubsub/docs/subscription-properties
 */
export interface WiringSubscription {
  readonly kind: 'subscription';
  /** What it is for: delivering to the destination, or holding the dead letters for inspection. */
  readonly purpose: 'delivery' | 'dead-letter-hold';
  /** The subscription ID. */
  readonly name: string;
  /** The ID of the topic it subscribes to. */
  readonly topic: string;
  /** Push delivery with an OIDC token; absent for a pull subscription. */
  readonly push?: WiringPush;
  /** Seconds Pub/Sub waits for an acknowledgement (for a push, the request's timeout). */
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

/** A user-managed service account the wiring creates. */
export interface WiringServiceAccount {
  readonly kind: 'service-account';
  /** What it is for: the identity of the push's OIDC token. */
  readonly purpose: 'push-invoker';
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
  /** Its name, unique in the project's Config Connector namespace: `<service>-<purpose>`. */
  readonly name: string;
  /** The e-mail of the service account granted (a service agent, or an account of the wiring). */
  readonly member: string;
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
  | 'object-viewer';

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
type PurposeOf<K extends WiringResource['kind']> =
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
  const found = wiring.resources.filter(
    (resource): resource is ResourceOf<K> =>
      resource.kind === kind && 'purpose' in resource && resource.purpose === purpose,
  );
  const [only] = found;
  if (only === undefined || found.length > 1) {
    throw new Error(`the wiring has ${found.length} ${kind} resources for ${String(purpose)}`);
  }
  return only;
}
