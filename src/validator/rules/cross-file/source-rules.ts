/**
 * The kit's Pub/Sub source against the wiring of its deployment (`knative/` with `knative/wiring/`:
 * config-connector.yaml and setup.sh): the subscription it pulls exists there, is a pull
 * subscription of the same project whose dead-letter topic it publishes to, its ack deadline
 * outlasts a send, the bucket is the notification's, its Google account holds what it pulls and
 * publishes with and is bound to its own Kubernetes service account. A break anywhere and the
 * source never starts, never receives, or receives every message twice.
 *
 * @see https://knative.dev/docs/eventing/custom-event-source/containersource/
 */
import { PUBSUB_LIMITS } from '../../../../charts/limits/pubsub';
import { SOURCE_DEFAULTS, SOURCE_ENV } from '../../../config/source-contract';
import type { ManifestSet, Subject } from '../../core/manifest-document';
import { quote, stringAt, valueAt, type Path } from '../../core/object-access';
import { documentsOfKind, referenceKey } from '../../core/references';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { isServingService } from '../kubernetes/workload';
import { kccProject } from './cloud-run-deployment';
import {
  fullName,
  grantsAccount,
  kitSources,
  knativeScript,
  pulledSubscription,
  sourceGoogleAccount,
  sourceServiceAccount,
  type KitSource,
} from './source-deployment';

/** One value of the wiring a source setting must equal, and where it is. */
interface Expected {
  readonly value: string | undefined;
  readonly label: string;
}

/** A violation on the source container's env `variable`. */
function onSetting(source: KitSource, path: Path, message: string): LocatedViolation {
  return { subject: source.document, path, message };
}

/** The findings for a setting whose part differs from each expected value that is known. */
function differing(
  source: KitSource,
  path: Path,
  what: string,
  actual: string,
  expected: readonly Expected[],
): LocatedViolation[] {
  return expected
    .filter(({ value }) => value !== undefined && value !== actual)
    .map(({ value, label }) =>
      onSetting(source, path, `${what} ${quote(actual)} differs from ${label} ${quote(value)}`),
    );
}

function subscription(set: ManifestSet): LocatedViolation[] {
  const script = knativeScript(set);
  const subscriptions = documentsOfKind(set, 'PubSubSubscription');
  return kitSources(set).flatMap((source) => {
    const setting = source.env(SOURCE_ENV.subscription);
    const name = setting === undefined ? undefined : fullName(setting.value, 'subscriptions');
    if (setting === undefined || name === undefined) return []; // source/environment reports it
    const pulled = pulledSubscription(set, source);
    const missing =
      subscriptions.length > 0 && pulled === undefined
        ? [
            onSetting(
              source,
              setting.path,
              `no PubSubSubscription named ${quote(name.name)} in the wiring beside it: the source would pull a subscription nobody creates`,
            ),
          ]
        : [];
    const push =
      pulled !== undefined && valueAt(pulled.object, ['spec', 'pushConfig']) !== undefined
        ? [
            onSetting(
              source,
              setting.path,
              `PubSubSubscription ${quote(name.name)} has a pushConfig: Pub/Sub delivers it by push, and the source's pulls get nothing`,
            ),
          ]
        : [];
    return [
      ...missing,
      ...push,
      ...differing(source, setting.path, 'the subscription', name.name, [
        { value: script?.variables.get('SUBSCRIPTION')?.value, label: 'SUBSCRIPTION of setup.sh' },
      ]),
      ...differing(source, setting.path, 'the project', name.project, [
        {
          value: pulled === undefined ? undefined : kccProject(pulled).value,
          label: `the project of PubSubSubscription ${name.name}`,
        },
        { value: script?.variables.get('PROJECT_ID')?.value, label: 'PROJECT_ID of setup.sh' },
      ]),
    ];
  });
}

function deadLetterTopic(set: ManifestSet): LocatedViolation[] {
  const script = knativeScript(set);
  return kitSources(set).flatMap((source) => {
    const setting = source.env(SOURCE_ENV.deadLetterTopic);
    const topic = setting === undefined ? undefined : fullName(setting.value, 'topics');
    if (setting === undefined || topic === undefined) return [];
    const pulled = pulledSubscription(set, source);
    const policyTopic =
      pulled === undefined
        ? undefined
        : referenceKey(valueAt(pulled.object, ['spec', 'deadLetterPolicy', 'deadLetterTopicRef']));
    return [
      ...differing(source, setting.path, 'the dead-letter topic', topic.name, [
        {
          value: policyTopic,
          label: `the deadLetterTopicRef of PubSubSubscription ${pulled?.name ?? ''}`,
        },
        {
          value: script?.variables.get('DEAD_LETTER_TOPIC')?.value,
          label: 'DEAD_LETTER_TOPIC of setup.sh',
        },
      ]),
      ...differing(source, setting.path, 'the project', topic.project, [
        { value: script?.variables.get('PROJECT_ID')?.value, label: 'PROJECT_ID of setup.sh' },
      ]),
    ];
  });
}

function ackDeadline(set: ManifestSet): LocatedViolation[] {
  const script = knativeScript(set);
  return kitSources(set).flatMap((source) => {
    const timeout = source.env(SOURCE_ENV.sendTimeoutMs);
    const sendMs = timeout === undefined ? SOURCE_DEFAULTS.sendTimeoutMs : Number(timeout.value);
    if (!Number.isInteger(sendMs)) return [];
    const pulled = pulledSubscription(set, source);
    const subscriptionAck =
      pulled === undefined ? undefined : valueAt(pulled.object, ['spec', 'ackDeadlineSeconds']);
    const scriptAck = script?.variables.get('ACK_DEADLINE_SECONDS')?.value;
    const deadlines: { seconds: number; label: string; subject: Subject; path: Path }[] = [
      ...(pulled === undefined
        ? []
        : [
            {
              seconds:
                subscriptionAck === undefined
                  ? PUBSUB_LIMITS.ackDeadlineSeconds.unset
                  : Number(subscriptionAck),
              label: `ackDeadlineSeconds of ${pulled.name}`,
              subject: pulled,
              path: ['spec', 'ackDeadlineSeconds'] as Path,
            },
          ]),
      ...(script === undefined || scriptAck === undefined
        ? []
        : [
            {
              seconds: Number(scriptAck),
              label: 'ACK_DEADLINE_SECONDS of setup.sh',
              subject: script,
              path: ['ACK_DEADLINE_SECONDS'] as Path,
            },
          ]),
    ];
    const sent = timeout === undefined ? `the default ${sendMs} ms` : `${sendMs} ms`;
    return deadlines
      .filter(({ seconds }) => Number.isFinite(seconds) && seconds * 1000 <= sendMs)
      .map(({ seconds, label, subject, path }) => ({
        subject,
        path,
        message: `${label} ${seconds} s does not outlast the source's SEND_TIMEOUT_MS (${sent}) in ContainerSource ${source.document.name}: a slow send would be delivered again while it is under way`,
      }));
  });
}

function bucket(set: ManifestSet): LocatedViolation[] {
  const script = knativeScript(set);
  const notified = documentsOfKind(set, 'StorageNotification')
    .map((notification) => referenceKey(valueAt(notification.object, ['spec', 'bucketRef'])))
    .find((name) => name !== undefined);
  return kitSources(set).flatMap((source) => {
    const setting = source.env(SOURCE_ENV.bucket);
    return setting === undefined
      ? []
      : differing(source, setting.path, 'BUCKET', setting.value, [
          { value: notified, label: "the StorageNotification's bucketRef" },
          { value: script?.variables.get('BUCKET')?.value, label: 'BUCKET of setup.sh' },
        ]);
  });
}

function iam(set: ManifestSet): LocatedViolation[] {
  if (documentsOfKind(set, 'IAMPolicyMember').length === 0) return [];
  return kitSources(set).flatMap((source) => {
    const email = sourceGoogleAccount(set, source);
    const pulled = pulledSubscription(set, source);
    const topic = fullName(source.env(SOURCE_ENV.deadLetterTopic)?.value ?? '', 'topics');
    if (email === undefined) return [];
    const needs = [
      ...(pulled === undefined ||
      grantsAccount(set, email, 'roles/pubsub.subscriber', 'PubSubSubscription', pulled.name)
        ? []
        : [`roles/pubsub.subscriber on subscription ${quote(pulled.name)}`]),
      ...(topic === undefined ||
      grantsAccount(set, email, 'roles/pubsub.publisher', 'PubSubTopic', topic.name)
        ? []
        : [`roles/pubsub.publisher on the dead-letter topic ${quote(topic.name)}`]),
    ];
    const account = sourceServiceAccount(set, source);
    const escaped = (text: string) => text.replaceAll('.', '\\.');
    const principal = new RegExp(
      `^serviceAccount:[^[\\]]+\\.svc\\.id\\.goog\\[${escaped(source.document.namespace)}/${escaped(source.serviceAccountName ?? '')}\\]$`,
    );
    const accountId = email.slice(0, email.indexOf('@'));
    const bound = documentsOfKind(set, 'IAMPolicyMember').some((grant) => {
      const member = valueAt(grant.object, ['spec', 'member']);
      return (
        typeof member === 'string' &&
        principal.test(member) &&
        valueAt(grant.object, ['spec', 'role']) === 'roles/iam.workloadIdentityUser' &&
        valueAt(grant.object, ['spec', 'resourceRef', 'name']) === accountId
      );
    });
    return [
      ...(needs.length === 0
        ? []
        : [
            onSetting(
              source,
              ['spec', 'template', 'spec', 'serviceAccountName'],
              `no IAMPolicyMember grants the source's Google account ${quote(email)} ${needs.join(' or ')}: it could not pull, or not dead-letter`,
            ),
          ]),
      ...(bound || account === undefined
        ? []
        : [
            {
              subject: account,
              path: ['metadata', 'annotations'] as Path,
              message: `no IAMPolicyMember grants PROJECT.svc.id.goog[${source.document.namespace}/${source.serviceAccountName ?? ''}] roles/iam.workloadIdentityUser on ${quote(email)}: the pods would get no Google identity`,
            },
          ]),
    ];
  });
}

function serviceAccount(set: ManifestSet): LocatedViolation[] {
  const workerAccounts = new Set(
    set.documents
      .filter((d) => isServingService(d) && d.target === 'knative')
      .map((d) => stringAt(d.object, ['spec', 'template', 'spec', 'serviceAccountName'])),
  );
  const path = ['spec', 'template', 'spec', 'serviceAccountName'];
  return kitSources(set).flatMap((source) => {
    const name = source.serviceAccountName;
    if (name === undefined)
      return [
        onSetting(
          source,
          path,
          "policy: the source runs as its own service account: set serviceAccountName (the namespace's default account is shared)",
        ),
      ];
    if (workerAccounts.has(name))
      return [
        onSetting(
          source,
          path,
          `policy: ${quote(name)} is the worker's service account: the source needs Pub/Sub rights the worker must not have`,
        ),
      ];
    return set.documents.some((d) => d.kind === 'ServiceAccount') &&
      sourceServiceAccount(set, source) === undefined
      ? [
          onSetting(
            source,
            path,
            `no ServiceAccount named ${quote(name)} in the output: the source's pods would never be created`,
          ),
        ]
      : [];
  });
}

/** The source rules. */
export const CROSS_SOURCE_RULES = defineRules('set', SOURCES.pubSubSource, {
  'cross/source-subscription': [
    "the source's PUBSUB_SUBSCRIPTION is a pull subscription of the wiring (config-connector.yaml, setup.sh SUBSCRIPTION), in its project",
    subscription,
  ],
  'cross/source-dead-letter-topic': [
    "the source's PUBSUB_DEAD_LETTER_TOPIC is its subscription's dead-letter topic (deadLetterTopicRef, setup.sh DEAD_LETTER_TOPIC)",
    deadLetterTopic,
    SOURCES.pubSubDeadLetter,
  ],
  'cross/source-ack-deadline': [
    "the pulled subscription's ack deadline (ackDeadlineSeconds, setup.sh ACK_DEADLINE_SECONDS) outlasts the source's SEND_TIMEOUT_MS",
    ackDeadline,
    SOURCES.pubSubLeaseManagement,
  ],
  'cross/source-bucket': [
    "the source's BUCKET is the StorageNotification's bucket (and setup.sh BUCKET)",
    bucket,
  ],
  'cross/source-iam': [
    "the source's Google account holds subscriber on its subscription and publisher on the dead-letter topic, and (Workload Identity) its Kubernetes account may act as it",
    iam,
    SOURCES.pubSubAccessControl,
  ],
  'cross/source-service-account': [
    "policy: the source runs as its own ServiceAccount of the output, not the worker's",
    serviceAccount,
    SOURCES.workloadIdentity,
  ],
});
