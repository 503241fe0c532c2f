/** Resolving a reference by kind and name within a manifest set (same namespace unless given). */
import { PUBSUB_NAMES } from '../../../charts/limits/pubsub';
import { SOURCE_ENV } from '../../config/source-contract';
import type { ManifestDocument, ManifestSet, ShellScript } from './manifest-document';
import { asMapping, ITEM, valueAt, valuesAt, type Mapping } from './object-access';

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

/** Which wiring a generated `setup.sh` is for: `TARGET` of its header (Cloud Run's when absent). */
export type ScriptTarget = 'cloud-run' | 'knative';

/** The target of a `setup.sh`: `readonly TARGET='knative'` or `'cloud-run'`; Cloud Run without. */
export function scriptTarget(script: ShellScript): ScriptTarget {
  return script.variables.get('TARGET')?.value === 'knative' ? 'knative' : 'cloud-run';
}

/** Selects the kit's Pub/Sub source: a Knative ContainerSource. */
export const CONTAINER_SOURCE = {
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ContainerSource',
} as const;

/** A literal env value of any container of a ContainerSource's pod template. */
export function sourceEnv(source: ManifestDocument, name: string): string | undefined {
  const entry = valuesAt(source.object, [
    'spec',
    'template',
    'spec',
    'containers',
    ITEM,
    'env',
    ITEM,
  ])
    .map(({ value }) => asMapping(value))
    .find((env) => env?.['name'] === name);
  const value = entry?.['value'];
  return typeof value === 'string' ? value : undefined;
}

/** The last segment of a full resource name (`projects/P/subscriptions/S` → `S`). */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * The IDs of the subscriptions the kit's Pub/Sub source pulls: the subscription of each
 * ContainerSource's `PUBSUB_SUBSCRIPTION`, and `SUBSCRIPTION` of a Knative `setup.sh`. Every other
 * delivery subscription pushes to the worker.
 */
export function pulledSubscriptions(set: ManifestSet): ReadonlySet<string> {
  return new Set([
    ...set.documents
      .filter(
        (d) => d.apiVersion === CONTAINER_SOURCE.apiVersion && d.kind === CONTAINER_SOURCE.kind,
      )
      .flatMap((d) => {
        const name = sourceEnv(d, SOURCE_ENV.subscription);
        return name === undefined ? [] : [lastSegment(name)];
      }),
    ...set.scripts
      .filter((script) => scriptTarget(script) === 'knative')
      .flatMap((script) => {
        const name = script.variables.get('SUBSCRIPTION')?.value;
        return name === undefined ? [] : [name];
      }),
  ]);
}

/** The delivery subscriptions that push to the worker (those the source does not pull). */
export function pushSubscriptions(set: ManifestSet): readonly ManifestDocument[] {
  const pulled = pulledSubscriptions(set);
  return deliverySubscriptions(set).filter((s) => !pulled.has(s.name));
}
