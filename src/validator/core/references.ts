/** Resolving a reference by kind and name within a manifest set (same namespace unless given). */
import { PUBSUB_NAMES } from '../../../charts/limits/pubsub';
import type { ManifestDocument, ManifestSet } from './manifest-document';
import { asMapping, valueAt, type Mapping } from './object-access';

/** The object a `{kind?, name, namespace?}` reference points at, when the set has it. */
export function resolveReference(
  set: ManifestSet,
  from: ManifestDocument,
  kind: string,
  ref: Mapping,
): ManifestDocument | undefined {
  const namespace = typeof ref['namespace'] === 'string' ? ref['namespace'] : from.namespace;
  return set.documents.find(
    (document) =>
      document.kind === kind && document.name === ref['name'] && document.namespace === namespace,
  );
}

/** The documents of one kind. */
export function documentsOfKind(set: ManifestSet, kind: string): readonly ManifestDocument[] {
  return set.documents.filter((document) => document.kind === kind);
}

/**
 * The subscriptions that deliver the bucket's notifications (to the worker by push, or to the
 * Pub/Sub source by pull): every PubSubSubscription on a topic a StorageNotification publishes to.
 * Without a StorageNotification in the set, every subscription that is not on a dead-letter topic
 * (a topic some subscription's `deadLetterPolicy.deadLetterTopicRef` names). Either way a
 * subscription that holds dead letters for inspection is left out: it needs neither push, nor the
 * worker's ack deadline, nor a dead-letter policy of its own; and a delivery subscription stays one
 * when its own dead-letter policy is missing.
 */
export function deliverySubscriptions(set: ManifestSet): readonly ManifestDocument[] {
  const subscriptions = documentsOfKind(set, 'PubSubSubscription');
  const topicOf = (subscription: ManifestDocument) =>
    referenceKey(valueAt(subscription.object, ['spec', 'topicRef']));
  const notified = new Set(
    documentsOfKind(set, 'StorageNotification').map((notification) =>
      referenceKey(valueAt(notification.object, ['spec', 'topicRef'])),
    ),
  );
  if (notified.size > 0) return subscriptions.filter((s) => notified.has(topicOf(s)));
  const deadLetterTopics = new Set(
    subscriptions.map((s) =>
      referenceKey(valueAt(s.object, ['spec', 'deadLetterPolicy', 'deadLetterTopicRef'])),
    ),
  );
  return subscriptions.filter((s) => !deadLetterTopics.has(topicOf(s)));
}

/** A reference's identity for comparison: its `name` or its `external` value. */
export function referenceKey(ref: unknown): string | undefined {
  const mapping = asMapping(ref);
  const name = mapping?.['name'] ?? mapping?.['external'];
  return typeof name === 'string' ? name : undefined;
}

/**
 * An IAM member naming the Pub/Sub service agent,
 * `serviceAccount:service-PROJECT_NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com`; group 1 is the
 * part in the project number's place.
 */
export const PUBSUB_AGENT = serviceAgentMember(PUBSUB_NAMES.serviceAgentDomain);

/**
 * An IAM member naming a Google service agent, `serviceAccount:service-PROJECT_NUMBER@<domain>`;
 * group 1 is the part in the project number's place.
 */
export function serviceAgentMember(domain: string): RegExp {
  return new RegExp(`^serviceAccount:service-([^@]+)@${domain.replaceAll('.', '\\.')}$`);
}

/** The project number of a Pub/Sub service agent member; `undefined` for any other value. */
export function pubSubAgentProjectNumber(member: unknown): string | undefined {
  const number = typeof member === 'string' ? PUBSUB_AGENT.exec(member)?.[1] : undefined;
  return number !== undefined && /^\d+$/.test(number) ? number : undefined;
}
