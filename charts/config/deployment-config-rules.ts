/**
 * Checks across fields of the deployment config: one rule per line of the table, each naming the
 * field it blames. They run after the schema has passed, on a config with defaults filled in.
 */
import type { WorkerConfig } from '../../src/config/load-config';
import type { ConfigProblem } from './deployment-config-error';
import type { DeploymentConfig, PubSubSource } from './deployment-config';
import {
  accountIdOf,
  deadLetterBrokerName,
  deadLetterReceiver,
  projectAccountEmail,
  pubSubSource,
  type DeadLetterReceiver,
} from './derived-names';
import { GOOGLE_CLOUD_NAMES } from '../limits/google-cloud';
import { CLOUD_RUN_LIMITS } from '../limits/cloud-run';
import { KNATIVE_LIMITS } from '../limits/knative';
import { KUBERNETES_NAMES } from '../limits/kubernetes';
import { PUBSUB_LIMITS } from '../limits/pubsub';
import { cpuMillicores, memoryBytes } from './quantities';
import { namesClusterService, sameReceiver } from './cluster-service-uri';
import {
  knativeRetryWindowSeconds,
  LONGEST_RETRY_AFTER_SECONDS,
  workerRetryAfterSumSeconds,
} from '../../src/config/knative-retry-window';
import {
  PROCESSING_MARGIN_SECONDS,
  processingBudgetSeconds,
} from '../../src/config/worker-contract';

export { PROCESSING_MARGIN_SECONDS, processingBudgetSeconds };

/** What a rule sees. */
export interface RuleInput {
  readonly config: DeploymentConfig;
  /** The worker's settings as the worker itself reads them (defaults filled in). */
  readonly worker: WorkerConfig;
}

/** A DNS label's length: the first label of the run.app host name is one. */
const DNS_LABEL_MAX_LENGTH = KUBERNETES_NAMES.dns1123Label.maxLength;

/** A rule returns the problem it finds, or `undefined`. */
type Rule = (input: RuleInput) => ConfigProblem | undefined;

/** `value` is invalid at `path` unless `ok`. */
function check(ok: boolean, path: string, value: unknown, reason: string) {
  return ok ? undefined : { path, value, reason };
}

function budgetNote(worker: WorkerConfig): string {
  return `the worker's processing budget (ceil(worker.VISION_TIMEOUT_MS ${worker.visionTimeoutMs} / 1000) + ${PROCESSING_MARGIN_SECONDS} s)`;
}

/** A deadline at `path` that must leave the worker its processing budget. */
function atLeastBudget(path: string, seconds: (config: DeploymentConfig) => number): Rule {
  return ({ config, worker }) => {
    const budget = processingBudgetSeconds(worker.visionTimeoutMs);
    return check(
      seconds(config) >= budget,
      path,
      seconds(config),
      `expected at least ${budget}, ${budgetNote(worker)}`,
    );
  };
}

/**
 * The Broker's retry window (the sum of Knative's backoff waits) must be at least what the worker
 * asks for with `Retry-After` over as many retries: the Broker does not read `Retry-After`.
 */
const retryWindowCoversRetryAfter: Rule = ({ config: { knative } }) => {
  const window = knativeRetryWindowSeconds(knative.delivery);
  const asked = workerRetryAfterSumSeconds(knative.delivery.retry);
  return check(
    window >= asked,
    'knative.delivery.retry',
    knative.delivery.retry,
    `the retry window (${knative.delivery.backoffPolicy} from ${knative.delivery.backoffDelaySeconds} s: ${window} s in all) is shorter than the worker's own Retry-After over ${knative.delivery.retry} retries (${knative.delivery.retry} × ${LONGEST_RETRY_AFTER_SECONDS} s = ${asked} s); the Broker ignores Retry-After, so a transient fault would dead-letter events: raise retry or backoffDelaySeconds`,
  );
};

/** A rule on the kit's dead-letter receiver, run only when it is the dead-letter sink. */
function receiverRule(
  rule: (receiver: DeadLetterReceiver, config: DeploymentConfig) => ConfigProblem | undefined,
): Rule {
  return ({ config }) => {
    const receiver = deadLetterReceiver(config);
    return receiver === undefined ? undefined : rule(receiver, config);
  };
}

const RECEIVER = 'knative.delivery.deadLetterSink.receiver';

/**
 * The rules on the dead-letter receiver and the worker's Google account: accounts the wiring can
 * create (of `google.projectId`, a valid account ID), each part with its own accounts.
 */
const RECEIVER_RULES: readonly Rule[] = [
  receiverRule(({ googleServiceAccount }, { google }) => {
    const id = accountIdOf(googleServiceAccount);
    return check(
      googleServiceAccount === projectAccountEmail(id, google.projectId) &&
        GOOGLE_CLOUD_NAMES.serviceAccountId.pattern.test(id),
      `${RECEIVER}.googleServiceAccount`,
      googleServiceAccount,
      `expected an account of google.projectId, NAME@${google.projectId}.iam.gserviceaccount.com, NAME 6 to 30 lowercase letters, digits and hyphens (set it when <name> is longer): knative/wiring/ creates it and grants it the publisher role on the dead-letter topic`,
    );
  }),
  receiverRule(({ serviceAccountName }, { knative }) =>
    check(
      serviceAccountName !== knative.serviceAccountName &&
        (knative.source.kind === 'none' ||
          serviceAccountName !== knative.source.serviceAccountName),
      `${RECEIVER}.serviceAccountName`,
      serviceAccountName,
      "expected a service account other than the worker's and the source's: the receiver publishes to the dead-letter topic, which they must not",
    ),
  ),
  receiverRule(({ googleServiceAccount }, { knative }) =>
    check(
      googleServiceAccount !== knative.googleServiceAccount &&
        googleServiceAccount !== pubSubSource({ knative })?.googleServiceAccount,
      `${RECEIVER}.googleServiceAccount`,
      googleServiceAccount,
      "expected a Google account other than the worker's and the source's",
    ),
  ),
  sourceRule((_source, { knative, google }) => {
    const email = knative.googleServiceAccount;
    return check(
      email === undefined || email === projectAccountEmail(accountIdOf(email), google.projectId),
      'knative.googleServiceAccount',
      email,
      `expected an account of google.projectId, NAME@${google.projectId}.iam.gserviceaccount.com: knative/wiring/ creates it, binds it and grants it roles/storage.objectViewer on the bucket`,
    );
  }),
];

/** Cloud Run's CPU and memory table (`CLOUD_RUN_LIMITS.cpu`). */
const { whole, fractional } = CLOUD_RUN_LIMITS.cpu;

/**
 * The memory Cloud Run allows with a CPU limit, as quantities (`{ min: '128Mi', max: '4Gi' }`), or
 * `undefined` for a CPU limit Cloud Run does not offer.
 */
function cloudRunMemoryRange(millicores: number): { min: string; max: string } | undefined {
  if (millicores < fractional.belowMillicores) {
    return fractional.bands.findLast(({ fromMillicores }) => millicores >= fromMillicores)?.memory;
  }
  return whole.find((cpu) => cpu.millicores === millicores)?.memory;
}

/** A rule on the kit's own Pub/Sub source, run only when `knative.source.kind` is `pubsub`. */
function sourceRule(
  rule: (source: PubSubSource, config: DeploymentConfig) => ConfigProblem | undefined,
): Rule {
  return ({ config }) => {
    const source = pubSubSource(config);
    return source === undefined ? undefined : rule(source, config);
  };
}

/**
 * The rules on the Pub/Sub source: its account is one the wiring can create, its subscription and
 * account are its own, and a send ends before Pub/Sub delivers the message again.
 *
 * @see https://cloud.google.com/pubsub/docs/lease-management (the ack deadline of a pull)
 */
const SOURCE_RULES: readonly Rule[] = [
  sourceRule(({ googleServiceAccount }, { google }) =>
    check(
      googleServiceAccount ===
        projectAccountEmail(accountIdOf(googleServiceAccount), google.projectId),
      'knative.source.googleServiceAccount',
      googleServiceAccount,
      `expected an account of google.projectId, NAME@${google.projectId}.iam.gserviceaccount.com: knative/wiring/ creates it and grants it the source's roles`,
    ),
  ),
  sourceRule(({ googleServiceAccount }, { pubsub }) =>
    check(
      accountIdOf(googleServiceAccount) !== pubsub.invokerServiceAccountId,
      'knative.source.googleServiceAccount',
      googleServiceAccount,
      `expected an account other than the push invoker (pubsub.invokerServiceAccountId ${pubsub.invokerServiceAccountId})`,
    ),
  ),
  sourceRule(({ subscription }, { pubsub }) =>
    check(
      subscription !== pubsub.subscription && subscription !== pubsub.deadLetterSubscription,
      'knative.source.subscription',
      subscription,
      `expected a subscription other than pubsub.subscription (${pubsub.subscription}) and pubsub.deadLetterSubscription (${pubsub.deadLetterSubscription}): each reader needs its own`,
    ),
  ),
  sourceRule(({ ackDeadlineSeconds, sendTimeoutMs }) =>
    check(
      ackDeadlineSeconds * 1000 > sendTimeoutMs,
      'knative.source.ackDeadlineSeconds',
      ackDeadlineSeconds,
      `expected more than knative.source.sendTimeoutMs (${sendTimeoutMs} ms): a send that outlives the ack deadline lets Pub/Sub deliver the message again while it is still being sent`,
    ),
  ),
];

/** Whether `uri` names the Knative worker's Service (`service.name` in `knative.namespace`). */
function namesWorker(uri: string, { service, knative }: DeploymentConfig): boolean {
  return namesClusterService(uri, service.name, knative.namespace);
}

function workerNote({ service, knative }: DeploymentConfig): string {
  return `Service ${service.name} in knative.namespace ${knative.namespace}`;
}

const { brokerIngress } = KNATIVE_LIMITS;

/**
 * Whether `uri` reaches the dead-letter sink: the kit's receiver's Service, or the host of a
 * `{uri: …}` sink (a `{broker: …}` sink is the Broker's ingress, refused apart).
 */
function namesDeadLetterSink(uri: string, config: DeploymentConfig): boolean {
  const { namespace, delivery } = config.knative;
  const receiver = deadLetterReceiver(config);
  if (receiver !== undefined) return namesClusterService(uri, receiver.name, namespace);
  const sink = delivery.deadLetterSink;
  return 'uri' in sink && sameReceiver(uri, sink.uri, namespace);
}

/** The dead-letter sink in words: the receiver's name, the sink's URI or the Broker's name. */
function deadLetterSinkNote(config: DeploymentConfig): string {
  const sink = config.knative.delivery.deadLetterSink;
  if ('uri' in sink) return sink.uri;
  if ('broker' in sink) return `Broker ${sink.broker}`;
  return `Service ${deadLetterReceiver(config)?.name ?? ''}`;
}

/**
 * What `results.knativeConsumer.uri` must not name, each with the reason: the worker (a loop), the
 * Broker's ingress (the replies would come back to the Broker and loop), the dead-letter receiver
 * (results stored as dead letters).
 */
const CONSUMER_URI_TARGETS: readonly {
  readonly names: (uri: string, config: DeploymentConfig) => boolean;
  readonly reason: (config: DeploymentConfig) => string;
}[] = [
  {
    names: namesWorker,
    reason: (config) =>
      `expected a receiver other than the worker (${workerNote(config)}): the worker ignores its own result events`,
  },
  {
    names: (uri) => namesClusterService(uri, brokerIngress.service, brokerIngress.namespace),
    reason: () =>
      `expected a receiver other than a Broker (${brokerIngress.service}.${brokerIngress.namespace}): result events sent back to a Broker loop through it`,
  },
  {
    names: namesDeadLetterSink,
    reason: (config) =>
      `expected a receiver other than the dead-letter sink (${deadLetterSinkNote(config)}): result events are no dead letters`,
  },
];

const CONSUMER_URI_RULES: readonly Rule[] = CONSUMER_URI_TARGETS.map(
  ({ names, reason }): Rule =>
    ({ config }) => {
      const consumer = config.results.knativeConsumer;
      const uri = consumer !== undefined && 'uri' in consumer ? consumer.uri : undefined;
      return check(
        uri === undefined || !names(uri, config),
        'results.knativeConsumer.uri',
        uri,
        reason(config),
      );
    },
);

/**
 * The cross-field rules.
 *
 * @see https://cloud.google.com/run/docs/configuring/services/cpu (CPU and memory pairs)
 * @see https://cloud.google.com/pubsub/docs/push (the ack deadline is the push request's timeout)
 */
const RULES: readonly Rule[] = [
  ({ config: { service } }) =>
    check(
      service.minScale <= service.maxScale,
      'service.minScale',
      service.minScale,
      `expected at most service.maxScale (${service.maxScale})`,
    ),
  ({ config: { service }, worker }) =>
    check(
      service.containerConcurrency <= worker.maxInFlight,
      'service.containerConcurrency',
      service.containerConcurrency,
      `expected at most worker.MAX_IN_FLIGHT (${worker.maxInFlight}): above it the worker answers 429 to requests the platform already admitted`,
    ),
  ({ config: { service } }) => {
    const millicores = cpuMillicores(service.cpu);
    return check(
      cloudRunMemoryRange(millicores) !== undefined,
      'service.cpu',
      service.cpu,
      `expected a CPU Cloud Run offers: ${wholeCpus()}, or a fraction from ${fractional.bands[0].fromMillicores / 1000} to ${fractional.belowMillicores / 1000}`,
    );
  },
  ({ config: { service } }) =>
    check(
      cpuMillicores(service.cpu) >= fractional.belowMillicores ||
        service.containerConcurrency <= fractional.maxConcurrency,
      'service.containerConcurrency',
      service.containerConcurrency,
      `expected ${fractional.maxConcurrency}: Cloud Run allows only concurrency ${fractional.maxConcurrency} with less than ${fractional.belowMillicores / 1000} CPU (service.cpu ${service.cpu})`,
    ),
  ({ config: { service } }) => {
    const range = cloudRunMemoryRange(cpuMillicores(service.cpu));
    const bytes = memoryBytes(service.memory);
    return check(
      range === undefined || (bytes >= memoryBytes(range.min) && bytes <= memoryBytes(range.max)),
      'service.memory',
      service.memory,
      `expected from ${range?.min ?? ''} to ${range?.max ?? ''}, what Cloud Run allows with service.cpu ${service.cpu}`,
    );
  },
  ({ config: { service, knative } }) =>
    check(
      knative.requests.cpu === undefined ||
        cpuMillicores(knative.requests.cpu) <= cpuMillicores(service.cpu),
      'knative.requests.cpu',
      knative.requests.cpu,
      `expected at most the limit service.cpu (${service.cpu})`,
    ),
  ({ config: { service, knative } }) =>
    check(
      knative.requests.memory === undefined ||
        memoryBytes(knative.requests.memory) <= memoryBytes(service.memory),
      'knative.requests.memory',
      knative.requests.memory,
      `expected at most the limit service.memory (${service.memory})`,
    ),
  atLeastBudget('knative.timeoutSeconds', ({ knative }) => knative.timeoutSeconds),
  atLeastBudget('cloudRun.timeoutSeconds', ({ cloudRun }) => cloudRun.timeoutSeconds),
  atLeastBudget('pubsub.ackDeadlineSeconds', ({ pubsub }) => pubsub.ackDeadlineSeconds),
  atLeastBudget('knative.delivery.timeoutSeconds', deliveryTimeoutSeconds),
  ({ config: { knative } }) =>
    check(
      deliveryTimeoutSeconds({ knative }) <= knative.timeoutSeconds,
      'knative.delivery.timeoutSeconds',
      deliveryTimeoutSeconds({ knative }),
      `expected at most knative.timeoutSeconds (${knative.timeoutSeconds}): the Service cuts the request there`,
    ),
  retryWindowCoversRetryAfter,
  ...RECEIVER_RULES,
  ({ config: { pubsub, cloudRun } }) =>
    check(
      pubsub.ackDeadlineSeconds <= cloudRun.timeoutSeconds,
      'pubsub.ackDeadlineSeconds',
      pubsub.ackDeadlineSeconds,
      `expected at most cloudRun.timeoutSeconds (${cloudRun.timeoutSeconds}): a push outliving the service's timeout fails anyway`,
    ),
  ({ config: { pubsub } }) =>
    check(
      pubsub.minRetryDelaySeconds <= pubsub.maxRetryDelaySeconds,
      'pubsub.minRetryDelaySeconds',
      pubsub.minRetryDelaySeconds,
      `expected at most pubsub.maxRetryDelaySeconds (${pubsub.maxRetryDelaySeconds})`,
    ),
  ({ config: { pubsub } }) =>
    check(
      pubsub.deadLetterTopic !== pubsub.topic,
      'pubsub.deadLetterTopic',
      pubsub.deadLetterTopic,
      'expected a topic other than pubsub.topic',
    ),
  ({ config: { pubsub } }) =>
    check(
      pubsub.deadLetterSubscription !== pubsub.subscription,
      'pubsub.deadLetterSubscription',
      pubsub.deadLetterSubscription,
      'expected a subscription other than pubsub.subscription',
    ),
  ({ config }) =>
    check(
      deadLetterBrokerName(config) !== config.knative.broker,
      'knative.delivery.deadLetterSink.broker',
      deadLetterBrokerName(config),
      `expected a Broker other than knative.broker (${config.knative.broker})`,
    ),
  ({ config: { knative } }) =>
    check(
      knative.source.kind === 'none' ||
        knative.source.serviceAccountName !== knative.serviceAccountName,
      'knative.source.serviceAccountName',
      knative.source.kind === 'none' ? undefined : knative.source.serviceAccountName,
      "expected a service account other than the worker's (knative.serviceAccountName): the source needs Pub/Sub rights the worker must not have",
    ),
  ...SOURCE_RULES,
  ({ config: { results, pubsub } }) =>
    check(
      results.topic !== pubsub.topic && results.topic !== pubsub.deadLetterTopic,
      'results.topic',
      results.topic,
      `expected a topic other than pubsub.topic (${pubsub.topic}) and pubsub.deadLetterTopic (${pubsub.deadLetterTopic}): result events are no uploads and no dead letters`,
    ),
  ({ config: { results, service } }) =>
    check(
      results.knativeConsumer === undefined ||
        !('service' in results.knativeConsumer) ||
        results.knativeConsumer.service !== service.name,
      'results.knativeConsumer.service',
      results.knativeConsumer !== undefined && 'service' in results.knativeConsumer
        ? results.knativeConsumer.service
        : undefined,
      `expected a Service other than the worker (${service.name}): the worker ignores its own result events`,
    ),
  ({ config }) => {
    const consumer = config.results.knativeConsumer;
    const name = consumer !== undefined && 'service' in consumer ? consumer.service : undefined;
    return check(
      name === undefined ||
        !namesDeadLetterSink(`http://${name}.${config.knative.namespace}.svc`, config),
      'results.knativeConsumer.service',
      name,
      `expected a Service other than the dead-letter sink (${deadLetterSinkNote(config)}): result events are no dead letters`,
    );
  },
  ...CONSUMER_URI_RULES,
  ({ config }) => {
    const sink = config.knative.delivery.deadLetterSink;
    const uri = 'uri' in sink ? sink.uri : undefined;
    return check(
      uri === undefined || !namesWorker(uri, config),
      'knative.delivery.deadLetterSink.uri',
      uri,
      `expected a receiver other than the worker (${workerNote(config)}): dead letters sent back to the worker fail again and loop`,
    );
  },
  ({ config: { service, google } }) =>
    check(
      service.name.length + 1 + google.projectNumber.length <= DNS_LABEL_MAX_LENGTH,
      'service.name',
      service.name,
      `expected at most ${DNS_LABEL_MAX_LENGTH - 1 - google.projectNumber.length} characters: the run.app URL's first label is <service.name>-<google.projectNumber> and a DNS label holds ${DNS_LABEL_MAX_LENGTH}`,
    ),
];

/** The whole CPUs Cloud Run offers, in words: `1, 2, 4, 6 or 8`. */
function wholeCpus(): string {
  const cpus = whole.map(({ millicores }) => String(millicores / 1000));
  return `${cpus.slice(0, -1).join(', ')} or ${cpus.at(-1) ?? ''}`;
}

/** The Trigger's delivery timeout: its own, else the Service's timeout. */
export function deliveryTimeoutSeconds({ knative }: Pick<DeploymentConfig, 'knative'>): number {
  return knative.delivery.timeoutSeconds ?? knative.timeoutSeconds;
}

/**
 * The longest deadline every platform on the way allows, in seconds: the lower of Knative's
 * max-revision-timeout-seconds and Pub/Sub's maximum ack deadline (Cloud Run allows more).
 */
export const MAX_DEADLINE_SECONDS = Math.min(
  KNATIVE_LIMITS.timeoutSeconds.max,
  PUBSUB_LIMITS.ackDeadlineSeconds.max,
);

/**
 * The budget itself must fit in {@link MAX_DEADLINE_SECONDS}; otherwise no timeout could hold it,
 * and the cause is `worker.VISION_TIMEOUT_MS`, not the timeouts.
 */
const budgetFits: Rule = ({ config, worker }) => {
  const budget = processingBudgetSeconds(worker.visionTimeoutMs);
  const maxMs = (MAX_DEADLINE_SECONDS - PROCESSING_MARGIN_SECONDS) * 1000;
  return check(
    budget <= MAX_DEADLINE_SECONDS,
    'worker.VISION_TIMEOUT_MS',
    config.worker.VISION_TIMEOUT_MS ?? worker.visionTimeoutMs,
    `expected at most ${maxMs}: ${budgetNote(worker)} is ${budget}, above the longest timeouts Knative and Pub/Sub allow (${MAX_DEADLINE_SECONDS} s)`,
  );
};

/**
 * Every problem the cross-field rules find, in table order; only the Vision timeout's when the
 * processing budget exceeds every timeout's maximum (the timeouts are not to blame then).
 */
export function checkRules(input: RuleInput): ConfigProblem[] {
  const tooLong = budgetFits(input);
  if (tooLong !== undefined) return [tooLong];
  return RULES.map((rule) => rule(input)).filter((problem) => problem !== undefined);
}
