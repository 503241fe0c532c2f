/**
 * The shape of a negative example and the shorthands the case files build them with: a valid
 * fixture with one change (to one object, or to a file's text), and the exact set of rule ids the
 * validator must report for it.
 */
import type { ManifestFile } from '../../../src/validator/core/load-documents';
import { C0, mutateObject, mutateText, type Mutation } from '../manifest-fixtures';

/** One negative example. */
export interface NegativeCase {
  /** The rule the case is for. */
  readonly rule: string;
  /** What was changed, for the test title. */
  readonly change: string;
  readonly files: () => ManifestFile[];
  /** Every rule id expected in the findings (the case's rule included). */
  readonly expected: readonly string[];
}

/** The fixtures with the Knative Service changed. */
export const ksvc = (m: Mutation) => () => mutateObject('knative', 'Service', m);
/** … the Broker changed. */
export const broker = (m: Mutation) => () => mutateObject('knative', 'Broker', m);
/** … the Trigger changed. */
export const trigger = (m: Mutation) => () => mutateObject('knative', 'Trigger', m);
/** … the CloudStorageSource changed. */
export const source = (m: Mutation) => () => mutateObject('knative', 'CloudStorageSource', m);
/** … the Namespace changed. */
export const namespace = (m: Mutation) => () => mutateObject('knative', 'Namespace', m);
/** … the Cloud Run Service changed. */
export const run = (m: Mutation) => () => mutateObject('service', 'Service', m);
/** … a Config Connector object (of `kind`, named `name` when given) changed. */
export const kcc = (kind: string, m: Mutation, name?: string) => () =>
  mutateObject('kcc', kind, m, name);
/** … the push subscription (not the dead-letter hold beside it) changed. */
export const pushSubscription = (m: Mutation) => kcc('PubSubSubscription', m, 'gcs-worker-push');
/** … the kit's Pub/Sub source (its ContainerSource) changed. */
export const containerSource = (m: Mutation) => () => mutateObject('source', 'ContainerSource', m);
/** … an object of the Knative wiring's config-connector.yaml changed. */
export const knativeKcc = (kind: string, m: Mutation, name?: string) => () =>
  mutateObject('knativeKcc', kind, m, name);
/** … the first `from` of the Knative wiring's setup.sh replaced. */
export const knativeScriptText = (from: string, to: string) => () =>
  mutateText('knativeScript', (t) => t.replace(from, to));
/** The source container of the ContainerSource. */
export const SOURCE_C0 = ['spec', 'template', 'spec', 'containers', 0];
/** The index of each variable of the source container's env, as the fixture writes them. */
export const SOURCE_ENV_INDEX = {
  PUBSUB_SUBSCRIPTION: 0,
  BUCKET: 1,
  PUBSUB_DEAD_LETTER_TOPIC: 2,
  SEND_TIMEOUT_MS: 3,
} as const;
/** … the first `from` of the dead-letter receiver's file replaced. */
export const receiverText = (from: string, to: string) => () =>
  mutateText('receiver', (t) => t.replace(from, to));
/** … the first `from` of the Knative file's text replaced. */
export const knativeText = (from: string, to: string) => () =>
  mutateText('knative', (t) => t.replace(from, to));
/** … the first `from` of setup.sh replaced. */
export const scriptText = (from: string, to: string) => () =>
  mutateText('script', (t) => t.replace(from, to));

/** The first container's securityContext. */
export const SC = [...C0, 'securityContext'];
/** The Cloud Run Service's first container. */
export const RUN_C0 = C0;
/** The IAMPolicyMember granting the invoker roles/run.invoker. */
export const INVOKER = 'gcs-worker-invoker-run-invoker';

/** A case for `rule`, which also expects the ids in `more`. */
export const one = (
  rule: string,
  change: string,
  files: () => ManifestFile[],
  more: readonly string[] = [],
): NegativeCase => ({ rule, change, files, expected: [rule, ...more] });
