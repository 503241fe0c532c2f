/**
 * The worker's result events across the files of one deployment (docs/results.md). Cloud Run: a
 * service with `RESULTS_MODE=pubsub` names a full topic (`RESULTS_TOPIC`) of its project that the
 * wiring beside it creates (config-connector.yaml's PubSubTopic, setup.sh's `RESULTS_TOPIC`), and
 * the wiring grants the service's runtime account `roles/pubsub.publisher` on it: else every
 * labeled upload answers 503 and is delivered again until it is dead-lettered. Knative: the worker
 * replies (`reply`) or emits nothing (`none`); `pubsub` is refused there, since the Knative wiring
 * creates no results topic and the worker's account has no Pub/Sub rights. A Trigger that
 * delivers to a replying worker filters a type that is no result type, so that the Broker never
 * brings the worker's own replies back to it.
 *
 * @see https://cloud.google.com/pubsub/docs/access-control
 * @see https://knative.dev/docs/eventing/brokers/broker-event-delivery/
 */
import { TOPIC_NAME } from '../../../config/pubsub-names';
import { WORKER_ENV } from '../../../config/worker-contract';
import { isResultEventType } from '../../../events/result-event';
import type { ManifestDocument, ManifestSet } from '../../core/manifest-document';
import { asList, asMapping, mappingAt, quote, stringAt, valueAt } from '../../core/object-access';
import { documentsOfKind, resolveReference, scriptTarget } from '../../core/references';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { isServingService } from '../kubernetes/workload';
import {
  cloudRunDeploymentOf,
  kccProject,
  scriptSetting,
  serviceEnv,
} from './cloud-run-deployment';
import { fullName, grantsAccount } from './source-deployment';

const PUBLISHER = 'roles/pubsub.publisher';
/** The modes a Knative worker may run with. */
const KNATIVE_MODES: readonly string[] = ['none', 'reply'];

/** The Cloud Run services of a deployment that publish their results (`RESULTS_MODE=pubsub`). */
function publishingServices(set: ManifestSet): readonly ManifestDocument[] {
  return set.documents.filter(
    (d) =>
      isServingService(d) &&
      d.target === 'cloud-run' &&
      serviceEnv(d, WORKER_ENV.resultsMode)?.value === 'pubsub',
  );
}

/** The Cloud Run `setup.sh` of a deployment, when it has one. */
function cloudRunScript(set: ManifestSet) {
  return set.scripts.find((s) => s.name === 'setup.sh' && scriptTarget(s) === 'cloud-run');
}

/** The runtime account a Cloud Run service runs as (`spec.template.spec.serviceAccountName`). */
function runtimeAccount(service: ManifestDocument): string | undefined {
  return stringAt(service.object, ['spec', 'template', 'spec', 'serviceAccountName']);
}

/** Where a finding on a service's results settings points: its RESULTS_MODE entry. */
const modePath = (service: ManifestDocument) => {
  const found = serviceEnv(service, WORKER_ENV.resultsMode);
  return found?.path ?? ['spec', 'template', 'spec', 'containers'];
};

function resultsTopic(set: ManifestSet): LocatedViolation[] {
  const deployment = cloudRunDeploymentOf(set);
  const script = cloudRunScript(set);
  const topics = documentsOfKind(set, 'PubSubTopic');
  return publishingServices(set).flatMap((service): LocatedViolation[] => {
    const setting = serviceEnv(service, WORKER_ENV.resultsTopic);
    if (setting === undefined) {
      return [
        {
          subject: service,
          path: modePath(service),
          message: `RESULTS_MODE is pubsub but RESULTS_TOPIC is not set: the worker would refuse to start`,
        },
      ];
    }
    const name = TOPIC_NAME.test(setting.value) ? fullName(setting.value, 'topics') : undefined;
    if (name === undefined) {
      return [
        {
          subject: service,
          path: setting.path,
          message: `RESULTS_TOPIC ${quote(setting.value)} is not a full topic name projects/PROJECT/topics/TOPIC: the worker would refuse to start`,
        },
      ];
    }
    const topic = topics.find((t) => t.name === name.name);
    const inKcc =
      deployment.kcc.length === 0 || topic !== undefined
        ? []
        : [
            {
              subject: service,
              path: setting.path,
              message: `no PubSubTopic named ${quote(name.name)} in the wiring beside it: every result publish would fail and every labeled upload be delivered again`,
            },
          ];
    const projects = [
      ...(topic === undefined ? [] : [kccProject(topic)]),
      ...(script === undefined ? [] : [scriptSetting(script, 'PROJECT_ID')]),
    ].filter((p) => p !== undefined && p.value !== name.project);
    const scriptTopic = script === undefined ? undefined : scriptSetting(script, 'RESULTS_TOPIC');
    const inScript =
      script === undefined || scriptTopic?.value === name.name
        ? []
        : [
            {
              subject: script,
              path: ['RESULTS_TOPIC'],
              message:
                scriptTopic === undefined
                  ? `setup.sh declares no RESULTS_TOPIC: it would not create the topic ${quote(name.name)} Service ${quote(service.name)} publishes to`
                  : `RESULTS_TOPIC ${quote(scriptTopic.value)} of setup.sh differs from the topic ${quote(name.name)} of RESULTS_TOPIC of Service ${quote(service.name)}`,
            },
          ];
    return [
      ...inKcc,
      ...inScript,
      ...projects.map((p) => ({
        subject: service,
        path: setting.path,
        message: `the project of RESULTS_TOPIC ${quote(name.project)} differs from ${p?.label ?? ''} ${quote(p?.value)}`,
      })),
    ];
  });
}

/**
 * The commands of a script, one per entry with its continuation lines joined. A comment line is
 * dropped first: a `\` at its end continues nothing, so `# ensure_grant … \` leaves the next line
 * a command of its own.
 *
 * @see https://www.gnu.org/software/bash/manual/bash.html#Comments
 */
function commandsOf(text: string): readonly string[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n');
}

/** Does setup.sh grant `account` (its literal or `$RUNTIME_SERVICE_ACCOUNT_EMAIL`) publisher on `$RESULTS_TOPIC`? */
function scriptGrants(set: ManifestSet, account: string): boolean {
  const script = cloudRunScript(set);
  const file = set.files.find((f) => f.type === 'script' && f.path === script?.file);
  if (script === undefined || file === undefined) return true;
  const runtime = script.variables.get('RUNTIME_SERVICE_ACCOUNT_EMAIL')?.value;
  const members = [
    account,
    ...(runtime === account
      ? ['$RUNTIME_SERVICE_ACCOUNT_EMAIL', '${RUNTIME_SERVICE_ACCOUNT_EMAIL}']
      : []),
  ].map((m) => `serviceAccount:${m}`);
  return commandsOf(file.text).some(
    (command) =>
      /\$\{?RESULTS_TOPIC\}?/.test(command) &&
      command.includes(PUBLISHER) &&
      /\b(ensure_grant topic|pubsub topics add-iam-policy-binding)\b/.test(command) &&
      members.some((member) => command.includes(member)),
  );
}

function resultsPublisher(set: ManifestSet): LocatedViolation[] {
  const grants = documentsOfKind(set, 'IAMPolicyMember').length > 0;
  return publishingServices(set).flatMap((service): LocatedViolation[] => {
    const setting = serviceEnv(service, WORKER_ENV.resultsTopic);
    const name = setting === undefined ? undefined : fullName(setting.value, 'topics');
    const account = runtimeAccount(service);
    if (setting === undefined || name === undefined) return []; // cross/results-topic reports it
    if (account === undefined) {
      return [
        {
          subject: service,
          path: ['spec', 'template', 'spec'],
          message: `Service ${quote(service.name)} publishes its results but names no serviceAccountName: grant a runtime account of your own ${PUBLISHER} on ${quote(name.name)}, not the Compute Engine default account`,
        },
      ];
    }
    const missing = [
      ...(grants && !grantsAccount(set, account, PUBLISHER, 'PubSubTopic', name.name)
        ? ['no IAMPolicyMember of config-connector.yaml']
        : []),
      ...(scriptGrants(set, account) ? [] : ['no ensure_grant of setup.sh']),
    ];
    return missing.map((where) => ({
      subject: service,
      path: ['spec', 'template', 'spec', 'serviceAccountName'],
      message: `${where} grants the runtime account ${quote(account)} ${PUBLISHER} on the results topic ${quote(name.name)}: every publish would be refused (403) and every labeled upload answered 503`,
    }));
  });
}

function knativeMode(set: ManifestSet): LocatedViolation[] {
  return set.documents
    .filter((d) => isServingService(d) && d.target === 'knative')
    .flatMap((service): LocatedViolation[] => {
      const mode = serviceEnv(service, WORKER_ENV.resultsMode);
      return mode === undefined || KNATIVE_MODES.includes(mode.value)
        ? []
        : [
            {
              subject: service,
              path: mode.path,
              message: `RESULTS_MODE ${quote(mode.value)} on Knative: expected ${KNATIVE_MODES.join(' or ')} (reply: the Broker routes the result event; the Knative wiring creates no results topic and the worker's account has no Pub/Sub rights)`,
            },
          ];
    });
}

/** The exact `type` a Trigger filters on, if any (`filter.attributes` or an `exact` of `filters`). */
function exactType(trigger: ManifestDocument): unknown {
  const attributes = mappingAt(trigger.object, ['spec', 'filter', 'attributes']);
  if (attributes?.['type'] !== undefined) return attributes['type'];
  return asList(valueAt(trigger.object, ['spec', 'filters']))
    .map((filter) => asMapping(asMapping(filter)?.['exact'])?.['type'])
    .find((type) => type !== undefined);
}

/** Does a Trigger take result events (its exact type filter is a result event type)? */
export function isResultTrigger(trigger: ManifestDocument): boolean {
  const type = exactType(trigger);
  return typeof type === 'string' && isResultEventType(type);
}

function noLoop(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'Trigger').flatMap((trigger): LocatedViolation[] => {
    const ref = mappingAt(trigger.object, ['spec', 'subscriber', 'ref']);
    const service = ref === undefined ? undefined : resolveReference(set, trigger, 'Service', ref);
    if (service === undefined || !isServingService(service)) return [];
    if (serviceEnv(service, WORKER_ENV.resultsMode)?.value !== 'reply') return [];
    const type = exactType(trigger);
    if (typeof type === 'string' && !isResultEventType(type)) return [];
    return [
      {
        subject: trigger,
        path: ['spec', 'filters'],
        message:
          type === undefined
            ? `Service ${quote(service.name)} replies with its result events (RESULTS_MODE reply) but this Trigger filters no exact type: the Broker would bring every reply back to it`
            : `this Trigger sends result events (${quote(type)}) to Service ${quote(service.name)}, which emits them: each reply would come back to the worker`,
      },
    ];
  });
}

/** The result event rules. */
export const CROSS_RESULTS_RULES = defineRules('set', SOURCES.pubSubAccessControl, {
  'cross/results-topic': [
    'a Cloud Run worker with RESULTS_MODE pubsub names a full RESULTS_TOPIC of its project that its wiring creates (PubSubTopic, setup.sh RESULTS_TOPIC)',
    resultsTopic,
  ],
  'cross/results-publisher': [
    "the wiring grants a publishing Cloud Run worker's runtime account (serviceAccountName) roles/pubsub.publisher on its results topic (IAMPolicyMember, setup.sh)",
    resultsPublisher,
  ],
  'cross/results-knative-mode': [
    'a Knative worker runs with RESULTS_MODE none or reply (the Broker routes the reply; pubsub has no topic nor credentials there)',
    knativeMode,
    SOURCES.knativeEventDelivery,
  ],
  'cross/results-no-loop': [
    'policy: a Trigger that delivers to a worker with RESULTS_MODE reply filters an exact type that is no result event type',
    noLoop,
    SOURCES.knativeEventDelivery,
  ],
});
