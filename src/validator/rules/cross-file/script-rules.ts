/**
 * setup.sh's header on its own and against config-connector.yaml and service.yaml of the same
 * directory: Pub/Sub's delivery bounds, the same topic, subscription, service, region, project
 * number and delivery settings as the manifests (gcloud and Config Connector users must get the
 * same wiring), every compared variable declared once as a literal, and bash syntax.
 *
 * @see https://cloud.google.com/pubsub/docs/handling-failures
 */
import { PUBSUB_LIMITS } from '../../../../charts/limits/pubsub';
import {
  cloudRunDeploymentOf,
  scriptSetting,
  serviceRegion,
  type CloudRunDeployment,
  type Located,
} from './cloud-run-deployment';
import { parseProtoDurationMs } from '../../core/durations';
import type { ManifestSet, ShellScript } from '../../core/manifest-document';
import { quote, valueAt, type Path } from '../../core/object-access';
import {
  pubSubAgentProjectNumber,
  referenceKey,
  scriptTarget,
  type ScriptTarget,
} from '../../core/references';
import { kitSources, sourceGoogleAccount, type KitSource } from './source-deployment';
import { defineRules, type LocatedViolation, type RuleContext } from '../../core/rule';
import { SOURCES } from '../../sources';

/** Integer bounds of setup.sh settings (Pub/Sub's limits). */
const BOUNDS: readonly { readonly name: string; readonly min: number; readonly max: number }[] = [
  { name: 'MAX_DELIVERY_ATTEMPTS', ...PUBSUB_LIMITS.maxDeliveryAttempts },
  { name: 'MIN_RETRY_DELAY_SECONDS', ...PUBSUB_LIMITS.retryDelaySeconds },
  { name: 'MAX_RETRY_DELAY_SECONDS', ...PUBSUB_LIMITS.retryDelaySeconds },
];

type Lookup = (deployment: CloudRunDeployment, set: ManifestSet) => string | undefined;

const subscriptionAt =
  (path: Path, read: (value: unknown) => string | undefined): Lookup =>
  ({ subscriptions }) => {
    const first = subscriptions[0];
    return first === undefined ? undefined : read(valueAt(first.object, ['spec', ...path]));
  };
const reference = (value: unknown) => referenceKey(value);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
/** A value of the first ContainerSource that runs the kit's source. */
const sourceValue =
  (read: (source: KitSource, set: ManifestSet) => string | undefined): Lookup =>
  (_deployment, set) => {
    const [source] = kitSources(set);
    return source === undefined ? undefined : read(source, set);
  };
const number = (value: unknown) => (typeof value === 'number' ? String(value) : undefined);
const durationSeconds = (value: unknown) => {
  const ms = typeof value === 'string' ? parseProtoDurationMs(value) : undefined;
  return ms === undefined ? undefined : String(ms / 1000);
};

/**
 * setup.sh variable → where the manifests say the same thing, for the scripts of `targets` (both
 * when absent). An `optional` variable is compared when declared: a script may leave it out.
 */
const SAME_AS: readonly {
  readonly name: string;
  readonly label: string;
  readonly of: Lookup;
  readonly targets?: readonly ScriptTarget[];
  readonly optional?: true;
}[] = [
  {
    name: 'TOPIC',
    label: "the subscription's topicRef",
    of: subscriptionAt(['topicRef'], reference),
  },
  {
    name: 'DEAD_LETTER_TOPIC',
    label: "the subscription's deadLetterTopicRef",
    of: subscriptionAt(['deadLetterPolicy', 'deadLetterTopicRef'], reference),
  },
  {
    name: 'SUBSCRIPTION',
    label: 'the PubSubSubscription that delivers the notifications',
    of: ({ subscriptions }) => subscriptions[0]?.name,
  },
  {
    name: 'SERVICE_NAME',
    label: 'the Cloud Run Service',
    of: ({ service }) => service?.name,
    targets: ['cloud-run'],
  },
  {
    name: 'REGION',
    label: "the service's cloud.googleapis.com/location",
    of: ({ service }) => (service === undefined ? undefined : serviceRegion(service)),
    targets: ['cloud-run'],
  },
  {
    name: 'PUSH_ENDPOINT',
    label: "the subscription's pushConfig.pushEndpoint",
    of: subscriptionAt(['pushConfig', 'pushEndpoint'], text),
    targets: ['cloud-run'],
    optional: true,
  },
  {
    name: 'NAMESPACE',
    label: "the ContainerSource's namespace",
    of: sourceValue((source) => source.document.namespace),
    targets: ['knative'],
    optional: true,
  },
  {
    name: 'SOURCE_KUBERNETES_SERVICE_ACCOUNT',
    label: "the ContainerSource's serviceAccountName",
    of: sourceValue((source) => source.serviceAccountName),
    targets: ['knative'],
    optional: true,
  },
  {
    name: 'SOURCE_SERVICE_ACCOUNT_ID',
    label:
      "the Google account of the source's Kubernetes service account (iam.gke.io/gcp-service-account)",
    of: sourceValue((source, set) => {
      const email = sourceGoogleAccount(set, source);
      return email?.slice(0, email.indexOf('@'));
    }),
    targets: ['knative'],
  },
  {
    name: 'PROJECT_NUMBER',
    label: 'the Pub/Sub service agent of the IAMPolicyMembers',
    of: ({ kcc }) =>
      kcc
        .map((d) => valueAt(d.object, ['spec', 'member']))
        .map(pubSubAgentProjectNumber)
        .find((found) => found !== undefined),
  },
  {
    name: 'ACK_DEADLINE_SECONDS',
    label: "the subscription's ackDeadlineSeconds",
    of: subscriptionAt(['ackDeadlineSeconds'], (v) =>
      v === undefined ? String(PUBSUB_LIMITS.ackDeadlineSeconds.unset) : number(v),
    ),
  },
  {
    name: 'MIN_RETRY_DELAY_SECONDS',
    label: "the subscription's retryPolicy.minimumBackoff",
    of: subscriptionAt(['retryPolicy', 'minimumBackoff'], durationSeconds),
  },
  {
    name: 'MAX_RETRY_DELAY_SECONDS',
    label: "the subscription's retryPolicy.maximumBackoff",
    of: subscriptionAt(['retryPolicy', 'maximumBackoff'], durationSeconds),
  },
  {
    name: 'MAX_DELIVERY_ATTEMPTS',
    label: "the subscription's deadLetterPolicy.maxDeliveryAttempts",
    of: subscriptionAt(['deadLetterPolicy', 'maxDeliveryAttempts'], number),
  },
  {
    name: 'BUCKET',
    label: "the StorageNotification's bucketRef",
    of: ({ kcc }) =>
      kcc
        .filter((d) => d.kind === 'StorageNotification')
        .map((d) => referenceKey(valueAt(d.object, ['spec', 'bucketRef'])))
        .find((found) => found !== undefined),
  },
];

function integerIn(text: string, min: number, max: number): boolean {
  return /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
}

function violation(where: Located, message: string): LocatedViolation {
  return { subject: where.subject, path: where.path, message };
}

function deliverySettings(set: ManifestSet): LocatedViolation[] {
  const { script } = cloudRunDeploymentOf(set);
  const outOfBounds = BOUNDS.flatMap(({ name, min, max }) => {
    const where = scriptSetting(script, name);
    return where === undefined || integerIn(where.value, min, max)
      ? []
      : [violation(where, `${name} ${quote(where.value)} must be an integer in [${min}, ${max}]`)];
  });
  const low = scriptSetting(script, 'MIN_RETRY_DELAY_SECONDS');
  const high = scriptSetting(script, 'MAX_RETRY_DELAY_SECONDS');
  const inverted =
    low !== undefined && high !== undefined && Number(low.value) > Number(high.value)
      ? [
          violation(
            high,
            `MAX_RETRY_DELAY_SECONDS ${high.value} is below MIN_RETRY_DELAY_SECONDS ${low.value}`,
          ),
        ]
      : [];
  const topic = scriptSetting(script, 'TOPIC');
  const deadLetter = scriptSetting(script, 'DEAD_LETTER_TOPIC');
  const sameTopic =
    topic !== undefined && deadLetter?.value === topic.value
      ? [
          violation(
            deadLetter,
            `DEAD_LETTER_TOPIC must differ from TOPIC ${quote(topic.value)}: dead letters would be delivered again`,
          ),
        ]
      : [];
  return [...outOfBounds, ...inverted, ...sameTopic];
}

/** The SAME_AS rows of a script's target. */
function comparedFor(script: ShellScript) {
  const target = scriptTarget(script);
  return SAME_AS.filter(({ targets }) => targets === undefined || targets.includes(target));
}

function scriptSettings(set: ManifestSet): LocatedViolation[] {
  const deployment = cloudRunDeploymentOf(set);
  return setupScripts(set).flatMap((script) =>
    comparedFor(script).flatMap(({ name, label, of }) => {
      const where = scriptSetting(script, name);
      const expected = of(deployment, set);
      return where === undefined || expected === undefined || where.value === expected
        ? []
        : [
            violation(
              where,
              `${name} ${quote(where.value)} differs from ${label} ${quote(expected)} in the manifests beside it: setup.sh would wire something else`,
            ),
          ];
    }),
  );
}

/** The deployment's `setup.sh` scripts. */
function setupScripts(set: ManifestSet): readonly ShellScript[] {
  return set.scripts.filter((script) => script.name === 'setup.sh');
}

/** Why a declaration could not be read, for the finding. */
const UNREAD_MESSAGES = {
  'not-literal': (name: string) =>
    `${name} is not a literal value: the rules cannot compare it with the manifests, and setup.sh would run whatever it expands to`,
  repeated: (name: string) =>
    `${name} is declared a second time: bash stops there (${name}: readonly variable)`,
} as const;

/**
 * The header variables a script of each target must declare: those of {@link SAME_AS} it is
 * compared on, and those other rules read (the push-authentication chain, `cross-push-auth.ts`; the
 * source rules, `source-rules.ts`).
 */
function required(script: ShellScript): readonly string[] {
  const extra: Readonly<Record<ScriptTarget, readonly string[]>> = {
    'cloud-run': ['PROJECT_ID', 'PUSH_AUDIENCE', 'INVOKER_SERVICE_ACCOUNT_ID'],
    knative: ['PROJECT_ID'],
  };
  return [
    ...comparedFor(script)
      .filter(({ optional }) => optional !== true)
      .map(({ name }) => name),
    ...extra[scriptTarget(script)],
  ];
}

/**
 * Each header variable a script must declare ({@link required}) is declared, and no variable is declared twice
 * or with a value that is no literal: such a one would be skipped by every rule that compares it,
 * while setup.sh fails on it or wires something else.
 */
function scriptDeclarations(set: ManifestSet): LocatedViolation[] {
  return set.scripts
    .filter((script) => script.name === 'setup.sh')
    .flatMap((script) => {
      const unread = script.unread.map(({ name, line, why }) => ({
        subject: script,
        path: [name] as Path,
        line,
        message: UNREAD_MESSAGES[why](name),
      }));
      const missing = required(script)
        .filter(
          (name) => !script.variables.has(name) && !script.unread.some((u) => u.name === name),
        )
        .map((name) => ({
          subject: script,
          path: [name] as Path,
          line: 1,
          message: `setup.sh must declare readonly ${name}='…' in its header`,
        }));
      return [...missing, ...unread];
    });
}

function scriptSyntax(set: ManifestSet, context: RuleContext): LocatedViolation[] {
  return set.scripts.flatMap((script) => {
    const source = set.files.find((file) => file.path === script.file);
    const message = source === undefined ? undefined : context.shellSyntax(source.text);
    if (message === undefined) return [];
    const line = /line (\d+):/.exec(message)?.[1];
    return [
      {
        subject: script,
        path: [],
        message: `bash -n: ${message}`,
        ...(line === undefined ? {} : { line: Number(line) }),
      },
    ];
  });
}

/** The setup.sh rules. */
export const CROSS_SCRIPT_RULES = defineRules('set', SOURCES.setupScript, {
  'script/delivery-settings': [
    `setup.sh: MAX_DELIVERY_ATTEMPTS in [${PUBSUB_LIMITS.maxDeliveryAttempts.min}, ${PUBSUB_LIMITS.maxDeliveryAttempts.max}], retry delays in [${PUBSUB_LIMITS.retryDelaySeconds.min}, ${PUBSUB_LIMITS.retryDelaySeconds.max}] with min ≤ max, DEAD_LETTER_TOPIC ≠ TOPIC`,
    deliverySettings,
    SOURCES.pubSubHandlingFailures,
  ],
  'cross/script-settings': [
    "setup.sh's header matches config-connector.yaml and service.yaml beside it (topics, subscription, service, region, project number, ack deadline, retry, attempts, bucket)",
    scriptSettings,
  ],
  'script/declarations': [
    "setup.sh declares each header variable the rules compare (readonly NAME='…'), and none twice or with a computed value",
    scriptDeclarations,
  ],
  'script/syntax': ['setup.sh parses: bash -n accepts it', scriptSyntax, SOURCES.bashInvoking],
});
