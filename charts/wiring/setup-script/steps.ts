/**
 * The steps of a generated `setup.sh`, read from the wiring model: one call of a prelude function
 * per resource, in the model's creation order, with a line for `--help`. The target only adds what
 * is not a resource of the wiring (its APIs, the Cloud Run runtime account and deploy).
 */
import { CLOUD_STORAGE_NAMES } from '../../limits/cloud-storage';
import { PUBSUB_NAMES } from '../../limits/pubsub';
import { DESTINATION_PARTS } from './destinations';
import type { SetupScriptSettings, SetupScriptVariable } from './settings';
import type { SetupStep, StepContext } from './step';
import { bashWord, variableOf, type WordPart } from './words';
import { shellCommand, shellQuote, shellWord } from './shell-quote';
import {
  resourceNamed,
  type GrantPurpose,
  type WiringGrant,
  type WiringGrantResource,
  type WiringMember,
  type WiringModel,
  type WiringNotification,
  type WiringResource,
  type WiringServiceAccount,
  type WiringSubscription,
  type WiringTopic,
} from '../wiring-model';

/** The header variable holding the name of each resource role. */
const NAME_VARIABLES: Readonly<Record<string, SetupScriptVariable>> = {
  'topic:notifications': 'TOPIC',
  'topic:dead-letters': 'DEAD_LETTER_TOPIC',
  'topic:results': 'RESULTS_TOPIC',
  'subscription:delivery': 'SUBSCRIPTION',
  'subscription:dead-letter-hold': 'DEAD_LETTER_SUBSCRIPTION',
  'service-account:push-invoker': 'INVOKER_SERVICE_ACCOUNT_ID',
  'service-account:source': 'SOURCE_SERVICE_ACCOUNT_ID',
  'service-account:dead-letter-receiver': 'RECEIVER_SERVICE_ACCOUNT_ID',
  'service-account:worker': 'WORKER_SERVICE_ACCOUNT_ID',
};

/** The header variables that name a Kubernetes service account bound through Workload Identity. */
const KUBERNETES_ACCOUNT_VARIABLES = [
  'SOURCE_KUBERNETES_SERVICE_ACCOUNT',
  'RECEIVER_KUBERNETES_SERVICE_ACCOUNT',
  'WORKER_KUBERNETES_SERVICE_ACCOUNT',
] as const satisfies readonly SetupScriptVariable[];

/** The word for a Workload Identity member's Kubernetes service account: its header variable. */
function kubernetesAccountWord(context: StepContext, serviceAccountName: string): WordPart {
  const variable = KUBERNETES_ACCOUNT_VARIABLES.find(
    (name) => context.settings[name] === serviceAccountName,
  );
  return variable === undefined ? serviceAccountName : context.v(variable);
}

/** The word for the name of a topic, subscription or account of the wiring (else the literal). */
function nameWord(
  context: StepContext,
  kind: 'topic' | 'subscription' | 'service-account',
  name: string,
): WordPart {
  const resource = resourceNamed(context.wiring, kind, name);
  const variable =
    resource === undefined || !('purpose' in resource)
      ? undefined
      : NAME_VARIABLES[`${kind}:${resource.purpose}`];
  return variable === undefined ? name : context.v(variable);
}

/** The parts of the e-mail of an account of the wiring: `$ID@$PROJECT_ID.iam.gserviceaccount.com`. */
function accountEmail(context: StepContext, accountId: string): readonly WordPart[] {
  return [
    nameWord(context, 'service-account', accountId),
    '@',
    context.v('PROJECT_ID'),
    '.iam.gserviceaccount.com',
  ];
}

const AGENT_DOMAINS = {
  pubsub: PUBSUB_NAMES.serviceAgentDomain,
  storage: CLOUD_STORAGE_NAMES.serviceAgentDomain,
} as const;

/**
 * The parts of a service account's e-mail: an account of the wiring by its ID, the Cloud Run
 * runtime account by its setting, any other as written.
 */
function emailParts(context: StepContext, email: string): readonly WordPart[] {
  const { wiring, v } = context;
  const account = wiring.resources.find(
    (resource): resource is WiringServiceAccount =>
      resource.kind === 'service-account' && resource.email === email,
  );
  if (account !== undefined) return accountEmail(context, account.accountId);
  const runtime =
    wiring.destination.kind === 'cloud-run-service' &&
    wiring.destination.serviceAccountEmail === email;
  return runtime ? [v('RUNTIME_SERVICE_ACCOUNT_EMAIL')] : [email];
}

/** The parts of a member's IAM principal. */
function memberParts(context: StepContext, member: WiringMember): readonly WordPart[] {
  const { v } = context;
  switch (member.kind) {
    case 'service-agent':
      return ['serviceAccount:service-', v('PROJECT_NUMBER'), `@${AGENT_DOMAINS[member.service]}`];
    case 'workload-identity':
      return [
        'serviceAccount:',
        v('PROJECT_ID'),
        '.svc.id.goog[',
        v('NAMESPACE'),
        '/',
        kubernetesAccountWord(context, member.serviceAccountName),
        ']',
      ];
    case 'service-account':
      return ['serviceAccount:', ...emailParts(context, member.email)];
  }
}

/** `ensure_grant`'s KIND and NAME for a grant's resource. */
function grantTarget(context: StepContext, resource: WiringGrantResource): [string, string] {
  switch (resource.kind) {
    case 'topic':
    case 'subscription':
      return [resource.kind, bashWord(nameWord(context, resource.kind, resource.name))];
    case 'service-account':
      return ['service-account', bashWord(...accountEmail(context, resource.accountId))];
    case 'run-service':
      return ['run-service', bashWord(context.v('SERVICE_NAME'))];
    case 'bucket':
      return ['bucket', bashWord(context.v('BUCKET'))];
  }
}

/** What each grant is for, in `--help`. */
const GRANT_HELP: Readonly<Record<GrantPurpose, string>> = {
  'object-viewer':
    "grant the worker's runtime service account roles/storage.objectViewer on the bucket (Vision reads gs:// as the worker)",
  'results-publisher':
    "grant the worker's runtime service account roles/pubsub.publisher on the results topic (it publishes its result events there)",
  'run-invoker': 'grant the push invoker roles/run.invoker on the service, its only invoker',
  'token-creator':
    "let the Pub/Sub service agent mint the push invoker's OIDC tokens (roles/iam.serviceAccountTokenCreator on that account only)",
  'dead-letter-publisher':
    'let the Pub/Sub service agent publish to the dead-letter topic (roles/pubsub.publisher), which dead-lettering needs',
  'dead-letter-subscriber':
    'let the Pub/Sub service agent acknowledge on the push subscription (roles/pubsub.subscriber), which dead-lettering needs',
  'storage-publisher':
    'let the Cloud Storage service agent publish to the topic (roles/pubsub.publisher), which the notification needs',
  'source-subscriber':
    "grant the source's service account roles/pubsub.subscriber on the subscription it pulls",
  'source-dead-letter-publisher':
    "grant the source's service account roles/pubsub.publisher on the dead-letter topic (it publishes what the sink refuses for good)",
  'source-dead-letter-subscriber':
    "let the Pub/Sub service agent acknowledge on the source's subscription (roles/pubsub.subscriber), which dead-lettering needs",
  'source-workload-identity':
    "let the source's Kubernetes service account act as its Google account (roles/iam.workloadIdentityUser: GKE Workload Identity)",
  'receiver-workload-identity':
    "let the dead-letter receiver's Kubernetes service account act as its Google account (roles/iam.workloadIdentityUser: GKE Workload Identity)",
  'receiver-dead-letter-publisher':
    "grant the dead-letter receiver's service account roles/pubsub.publisher on the dead-letter topic (it keeps there what the Broker could not deliver)",
  'worker-workload-identity':
    "let the worker's Kubernetes service account act as its Google account (roles/iam.workloadIdentityUser: GKE Workload Identity)",
  'worker-object-viewer':
    "grant the worker's service account roles/storage.objectViewer on the bucket (Vision reads gs:// as the worker)",
};

/** gcloud's spelling of a notification's payload format. */
const PAYLOAD_FLAGS: Readonly<Record<WiringNotification['payloadFormat'], string>> = {
  JSON_API_V1: 'json',
  NONE: 'none',
};

/** What each topic is for, in `--help`. */
const TOPIC_HELP: Readonly<Record<WiringTopic['purpose'], string>> = {
  notifications: 'create the topic (TOPIC) that the bucket notifies',
  'dead-letters': 'create the dead-letter topic (DEAD_LETTER_TOPIC)',
  results: 'create the results topic (RESULTS_TOPIC) the worker publishes its result events to',
};

function topicStep(topic: WiringTopic, context: StepContext): SetupStep {
  const help = TOPIC_HELP[topic.purpose];
  return { help, code: `ensure_topic ${bashWord(nameWord(context, 'topic', topic.name))}` };
}

/** The creation flags of a subscription, as `gcloud pubsub subscriptions create` takes them. */
function subscriptionFlags(subscription: WiringSubscription, context: StepContext): string[] {
  const { v } = context;
  const delivery = subscription.purpose === 'delivery';
  // The delivery subscription's settings are in the header; another one's are written as they are.
  const value = (variable: SetupScriptVariable, literal: string | number, suffix = '') =>
    delivery ? [v(variable), suffix] : [`${literal}${suffix}`];
  const { push, ackDeadlineSeconds, retry, deadLetter } = subscription;
  const flag = (name: string, ...parts: WordPart[]) => `--${name}=${bashWord(...parts)}`;
  return [
    flag('topic', nameWord(context, 'topic', subscription.topic)),
    ...(push === undefined
      ? []
      : [
          flag('push-endpoint', ...value('PUSH_ENDPOINT', push.endpoint)),
          flag('push-auth-service-account', ...emailParts(context, push.serviceAccountEmail)),
          flag('push-auth-token-audience', ...value('PUSH_AUDIENCE', push.audience)),
        ]),
    ...(ackDeadlineSeconds === undefined
      ? []
      : [flag('ack-deadline', ...value('ACK_DEADLINE_SECONDS', ackDeadlineSeconds))]),
    ...(retry === undefined
      ? []
      : [
          flag(
            'min-retry-delay',
            ...value('MIN_RETRY_DELAY_SECONDS', retry.minimumBackoffSeconds, 's'),
          ),
          flag(
            'max-retry-delay',
            ...value('MAX_RETRY_DELAY_SECONDS', retry.maximumBackoffSeconds, 's'),
          ),
        ]),
    ...(deadLetter === undefined
      ? []
      : [
          flag('dead-letter-topic', nameWord(context, 'topic', deadLetter.topic)),
          flag(
            'max-delivery-attempts',
            ...value('MAX_DELIVERY_ATTEMPTS', deadLetter.maxDeliveryAttempts),
          ),
        ]),
    '--expiration-period=never',
  ];
}

function subscriptionStep(subscription: WiringSubscription, context: StepContext): SetupStep {
  const name = nameWord(context, 'subscription', subscription.name);
  const topic = nameWord(context, 'topic', subscription.topic);
  const { help, what } =
    subscription.purpose === 'dead-letter-hold'
      ? {
          help: 'create a pull subscription (DEAD_LETTER_SUBSCRIPTION) on the dead-letter topic that keeps dead letters (7 days) and never expires',
          what: bashWord('pull subscription ', name, ' to topic ', topic, ' (keeps dead letters)'),
        }
      : subscription.push === undefined
        ? {
            help: 'create the pull subscription (SUBSCRIPTION) the Pub/Sub source reads: ack deadline, retry policy, dead-letter topic and maximum delivery attempts; it never expires',
            what: bashWord(
              'pull subscription ',
              name,
              ' to topic ',
              topic,
              ' (read by the Pub/Sub source)',
            ),
          }
        : {
            help: "create the push subscription (SUBSCRIPTION): OIDC-authenticated push to the service's run.app URL, ack deadline, retry policy, dead-letter topic and maximum delivery attempts; it never expires",
            what: bashWord('push subscription ', name, ' to ', context.v('PUSH_ENDPOINT')),
          };
  const drift = subscription.purpose === 'delivery' ? ['--warn-drift'] : [];
  const call = shellCommand(['ensure_subscription', ...drift, what, bashWord(name)]);
  const flags = subscriptionFlags(subscription, context);
  return { help, code: [call, ...flags].join(' \\\n  ') };
}

function notificationStep(notification: WiringNotification, context: StepContext): SetupStep {
  const events = notification.eventTypes.join(',');
  const format = PAYLOAD_FLAGS[notification.payloadFormat];
  return {
    help: `create the bucket notification: ${notification.eventTypes.join(', ')} events, ${format === 'json' ? 'JSON' : 'no'} payload, to the topic (after the subscriptions: an upload that reaches a topic without one is lost)`,
    code: shellCommand([
      'ensure_notification',
      bashWord(nameWord(context, 'topic', notification.topic)),
      shellWord(events),
      format,
    ]),
  };
}

/** What each account is called in messages and `--help`. */
const ACCOUNT_ROLES: Readonly<Record<WiringServiceAccount['purpose'], string>> = {
  'push-invoker': 'push invoker service account',
  source: 'Pub/Sub source service account',
  'dead-letter-receiver': 'dead-letter receiver service account',
  worker: 'worker service account',
};

function serviceAccountStep(account: WiringServiceAccount, context: StepContext): SetupStep {
  const role = ACCOUNT_ROLES[account.purpose];
  return {
    help: `create the ${role} (${NAME_VARIABLES[`service-account:${account.purpose}`] ?? account.accountId})`,
    code: shellCommand([
      'ensure_service_account',
      shellQuote(role),
      bashWord(...accountEmail(context, account.accountId)),
      shellQuote(account.displayName),
    ]),
  };
}

/** A command run just before a member is bound: the Cloud Storage agent exists only once asked for. */
function prepareFor(member: WiringMember): readonly string[] {
  return member.kind === 'service-agent' && member.service === 'storage'
    ? ['gcloud storage service-agent --project="$PROJECT_ID"']
    : [];
}

function grantStep(grant: WiringGrant, context: StepContext): SetupStep {
  return {
    help: GRANT_HELP[grant.purpose],
    code: shellCommand([
      'ensure_grant',
      ...grantTarget(context, grant.resource),
      shellWord(grant.role),
      bashWord(...memberParts(context, grant.member)),
      ...prepareFor(grant.member),
    ]),
  };
}

type StepRenderer<R extends WiringResource> = (resource: R, context: StepContext) => SetupStep;

/** One step renderer per kind of resource. */
const RESOURCE_STEPS: {
  readonly [K in WiringResource['kind']]: StepRenderer<Extract<WiringResource, { kind: K }>>;
} = {
  topic: topicStep,
  subscription: subscriptionStep,
  notification: notificationStep,
  'service-account': serviceAccountStep,
  grant: grantStep,
};

/**
 * Every step of `wiring`'s script, in order: the destination's first steps (APIs, bucket, …), then
 * one per resource in creation order, with the destination's step for a resource kind (the Cloud
 * Run deploy) just before the first grant on it.
 */
export function setupScriptSteps(wiring: WiringModel, settings: SetupScriptSettings): SetupStep[] {
  const context: StepContext = {
    wiring,
    settings,
    v: (variable) => variableOf(settings, variable),
  };
  const part = DESTINATION_PARTS[wiring.destination.kind];
  const pending = new Map(Object.entries(part.beforeGrantOn(context)));
  const steps = wiring.resources.flatMap((resource) => {
    const before = resource.kind === 'grant' ? pending.get(resource.resource.kind) : undefined;
    if (resource.kind === 'grant') pending.delete(resource.resource.kind);
    // The renderer for `resource.kind` takes that kind; TypeScript cannot correlate the two.
    const render = RESOURCE_STEPS[resource.kind] as StepRenderer<WiringResource>;
    return [...(before === undefined ? [] : [before]), render(resource, context)];
  });
  return [...part.first(context), ...steps];
}
