/**
 * Rules across objects and files (DESIGN 4.3–4.4, MANIFESTS 5.2, 8.4): references between the
 * Knative objects resolve; the Trigger's filter matches what the source emits; delivery and
 * Pub/Sub ack deadlines fit the service's request timeout and the worker's Vision budget.
 */
import { parseIsoDurationMs } from './durations';
import type { ManifestDocument, ManifestSet, Subject } from './manifest-document';
import {
  asList,
  asMapping,
  mappingAt,
  numberAt,
  quote,
  valueAt,
  type Mapping,
} from './object-access';
import type { Path } from './path';
import { documentsOfKind, resolveReference } from './references';
import type { LocatedViolation, SetRule } from './rule';
import { containersOf, literalEnv, POD_SPEC } from './workload';

/** Request timeout when `timeoutSeconds` is unset (Knative revision-timeout-seconds, Cloud Run). */
const DEFAULT_TIMEOUT_SECONDS = 300;
/** `VISION_TIMEOUT_MS` default (DESIGN 3.5), in seconds. */
const DEFAULT_VISION_BUDGET_SECONDS = 20;
/** Pub/Sub's ack deadline bounds; unset means 10. */
const ACK_DEADLINE = { min: 10, max: 600, unset: 10 } as const;
const ACK_VARIABLE = 'ACK_DEADLINE_SECONDS';
const STORAGE_SOURCE_PREFIX = '//storage.googleapis.com/projects/_/buckets/';

const isService = (d: ManifestDocument): boolean =>
  d.kind === 'Service' && d.apiVersion === 'serving.knative.dev/v1';

function timeoutSecondsOf(service: ManifestDocument): number {
  return numberAt(service.object, [...POD_SPEC, 'timeoutSeconds']) ?? DEFAULT_TIMEOUT_SECONDS;
}

/** ceil(VISION_TIMEOUT_MS / 1000) of the serving container, or the default. */
function visionBudgetSeconds(service: ManifestDocument | undefined): number {
  const view = service === undefined ? undefined : containersOf(service).find((c) => c.serving);
  const value = view === undefined ? undefined : literalEnv(view, 'VISION_TIMEOUT_MS');
  return value !== undefined && /^\d+$/.test(value)
    ? Math.ceil(Number(value) / 1000)
    : DEFAULT_VISION_BUDGET_SECONDS;
}

function cloudRunService(set: ManifestSet): ManifestDocument | undefined {
  return set.documents.find((d) => isService(d) && d.target === 'cloud-run');
}

/** Every declared ack deadline: subscriptions and setup.sh. */
function ackDeadlines(
  set: ManifestSet,
): { subject: Subject; path: Path; seconds: number | undefined; text: unknown }[] {
  const subscriptions = documentsOfKind(set, 'PubSubSubscription').map((subscription) => {
    const value = valueAt(subscription.object, ['spec', 'ackDeadlineSeconds']);
    return {
      subject: subscription,
      path: ['spec', 'ackDeadlineSeconds'] as Path,
      seconds:
        value === undefined ? ACK_DEADLINE.unset : typeof value === 'number' ? value : undefined,
      text: value,
    };
  });
  const scripts = set.scripts.flatMap((script) => {
    const variable = script.variables.get(ACK_VARIABLE);
    if (variable === undefined) return [];
    const seconds = /^\d+$/.test(variable.value) ? Number(variable.value) : undefined;
    return [{ subject: script, path: [ACK_VARIABLE] as Path, seconds, text: variable.value }];
  });
  return [...subscriptions, ...scripts];
}

function ackDeadlineRange(set: ManifestSet): LocatedViolation[] {
  return ackDeadlines(set)
    .filter(
      ({ seconds }) =>
        seconds === undefined ||
        !Number.isInteger(seconds) ||
        seconds < ACK_DEADLINE.min ||
        seconds > ACK_DEADLINE.max,
    )
    .map(({ subject, path, text }) => ({
      subject,
      path,
      message: `ack deadline ${quote(text)} must be an integer in [${ACK_DEADLINE.min}, ${ACK_DEADLINE.max}] seconds`,
    }));
}

function ackDeadlineTimeout(set: ManifestSet): LocatedViolation[] {
  const service = cloudRunService(set);
  if (service === undefined) return [];
  const timeout = timeoutSecondsOf(service);
  return ackDeadlines(set)
    .filter(({ seconds }) => seconds !== undefined && seconds > timeout)
    .map(({ subject, path, seconds }) => ({
      subject,
      path,
      message: `ack deadline ${String(seconds)} s exceeds the Cloud Run service's timeoutSeconds ${timeout}: Pub/Sub would wait for a request Cloud Run already cut off`,
    }));
}

function ackDeadlineBudget(set: ManifestSet): LocatedViolation[] {
  const budget = visionBudgetSeconds(cloudRunService(set));
  return ackDeadlines(set)
    .filter(({ seconds }) => seconds !== undefined && seconds < budget)
    .map(({ subject, path, seconds }) => ({
      subject,
      path,
      message: `ack deadline ${String(seconds)} s is below the worker's budget of ${budget} s (ceil(VISION_TIMEOUT_MS / 1000)): slow labels would be redelivered`,
    }));
}

function visionTimeout(set: ManifestSet): LocatedViolation[] {
  return set.documents.filter(isService).flatMap((service) => {
    const view = containersOf(service).find((c) => c.serving);
    const value = view === undefined ? undefined : literalEnv(view, 'VISION_TIMEOUT_MS');
    if (view === undefined || value === undefined) return [];
    const budget = visionBudgetSeconds(service);
    const timeout = timeoutSecondsOf(service);
    const valid = /^\d+$/.test(value) && Number(value) > 0;
    if (valid && budget < timeout) return [];
    const index = asList(view.container['env']).findIndex(
      (e) => asMapping(e)?.['name'] === 'VISION_TIMEOUT_MS',
    );
    return [
      {
        subject: service,
        path: [...view.path, 'env', index, 'value'],
        message: valid
          ? `VISION_TIMEOUT_MS ${value} must stay below the request timeout (${timeout} s)`
          : `VISION_TIMEOUT_MS ${quote(value)} must be a positive integer (milliseconds)`,
      },
    ];
  });
}

/** The Broker a Trigger belongs to. */
function brokerOf(set: ManifestSet, trigger: ManifestDocument): ManifestDocument | undefined {
  const ref: Mapping = mappingAt(trigger.object, ['spec', 'brokerRef']) ?? {
    name: valueAt(trigger.object, ['spec', 'broker']),
  };
  return resolveReference(set, trigger, 'Broker', ref);
}

function references(set: ManifestSet): LocatedViolation[] {
  const checks: { document: ManifestDocument; path: Path }[] = [
    ...documentsOfKind(set, 'Trigger').map((document) => ({
      document,
      path: ['spec', 'subscriber', 'ref'] as Path,
    })),
    ...documentsOfKind(set, 'CloudStorageSource').map((document) => ({
      document,
      path: ['spec', 'sink', 'ref'] as Path,
    })),
  ];
  const violations: LocatedViolation[] = checks.flatMap(({ document, path }) => {
    const ref = mappingAt(document.object, path);
    if (ref === undefined || typeof ref['kind'] !== 'string') return [];
    const target = resolveReference(set, document, ref['kind'], ref);
    const sameApi = target !== undefined && target.apiVersion === ref['apiVersion'];
    return sameApi
      ? []
      : [
          {
            subject: document,
            path,
            message: `no ${String(ref['apiVersion'])} ${ref['kind']} named ${quote(ref['name'])} in the output`,
          },
        ];
  });
  for (const trigger of documentsOfKind(set, 'Trigger')) {
    const named =
      valueAt(trigger.object, ['spec', 'broker']) ??
      valueAt(trigger.object, ['spec', 'brokerRef', 'name']);
    if (named !== undefined && brokerOf(set, trigger) === undefined) {
      violations.push({
        subject: trigger,
        path: ['spec', 'broker'],
        message: `no Broker named ${quote(named)} in the output`,
      });
    }
  }
  return violations;
}

function triggerTimeout(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    const own = valueAt(trigger.object, ['spec', 'delivery', 'timeout']);
    const broker = brokerOf(set, trigger);
    const timeout =
      own ??
      (broker === undefined ? undefined : valueAt(broker.object, ['spec', 'delivery', 'timeout']));
    const ms = typeof timeout === 'string' ? parseIsoDurationMs(timeout) : undefined;
    const ref = mappingAt(trigger.object, ['spec', 'subscriber', 'ref']);
    const service = ref === undefined ? undefined : resolveReference(set, trigger, 'Service', ref);
    if (ms === undefined || service === undefined || !isService(service)) return [];
    const limit = timeoutSecondsOf(service);
    return ms / 1000 <= limit
      ? []
      : [
          {
            subject: own === undefined && broker !== undefined ? broker : trigger,
            path: ['spec', 'delivery', 'timeout'],
            message: `delivery timeout ${String(timeout)} exceeds the subscriber's timeoutSeconds ${limit}`,
          },
        ];
  });
}

/** The exact type/source filters of a Trigger, with their paths. */
function exactFilters(
  trigger: ManifestDocument,
): { attribute: string; value: unknown; path: Path }[] {
  const fromAttributes = Object.entries(
    mappingAt(trigger.object, ['spec', 'filter', 'attributes']) ?? {},
  ).map(([attribute, value]) => ({
    attribute,
    value,
    path: ['spec', 'filter', 'attributes', attribute],
  }));
  const fromFilters = asList(valueAt(trigger.object, ['spec', 'filters'])).flatMap((filter, i) =>
    Object.entries(asMapping(asMapping(filter)?.['exact']) ?? {}).map(([attribute, value]) => ({
      attribute,
      value,
      path: ['spec', 'filters', i, 'exact', attribute],
    })),
  );
  return [...fromAttributes, ...fromFilters];
}

function triggerFilterSource(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'Trigger').flatMap((trigger) => {
    const broker = brokerOf(set, trigger);
    const sources = documentsOfKind(set, 'CloudStorageSource').filter((source) => {
      const sink = mappingAt(source.object, ['spec', 'sink', 'ref']);
      return (
        broker !== undefined &&
        sink?.['kind'] === 'Broker' &&
        resolveReference(set, source, 'Broker', sink) === broker
      );
    });
    if (sources.length === 0) return [];
    return exactFilters(trigger).flatMap(({ attribute, value, path }): LocatedViolation[] => {
      const emitted =
        attribute === 'type'
          ? sources.some((s) => {
              const types = asList(valueAt(s.object, ['spec', 'eventTypes']));
              return types.length === 0 || types.includes(value);
            })
          : attribute === 'source'
            ? sources.some(
                (s) =>
                  value === STORAGE_SOURCE_PREFIX + String(valueAt(s.object, ['spec', 'bucket'])),
              )
            : true;
      return emitted || value === ''
        ? []
        : [
            {
              subject: trigger,
              path,
              message: `no CloudStorageSource sinking into this Trigger's Broker emits ${attribute} ${quote(value)}: the Trigger would never fire`,
            },
          ];
    });
  });
}

function scriptDeclarations(set: ManifestSet): LocatedViolation[] {
  return set.scripts
    .filter((script) => script.name === 'setup.sh' && !script.variables.has(ACK_VARIABLE))
    .map((script) => ({
      subject: script,
      path: [ACK_VARIABLE],
      line: 1,
      message: `setup.sh must declare readonly ${ACK_VARIABLE}='…' in its header`,
    }));
}

const rule = (
  id: string,
  summary: string,
  see: string,
  check: (set: ManifestSet) => LocatedViolation[],
): SetRule => ({ scope: 'set', id, summary, see, check });

/** The cross-object rules. */
export const CROSS_OBJECT_RULES: readonly SetRule[] = [
  rule(
    'cross/reference',
    'Trigger broker and subscriber, and the source sink, are objects in the output',
    'DESIGN.md 4.2',
    references,
  ),
  rule(
    'cross/trigger-timeout',
    "a Trigger's delivery timeout (or its Broker's) ≤ the subscriber's timeoutSeconds",
    'MANIFESTS.md 2.2, 8.4',
    triggerTimeout,
  ),
  rule(
    'cross/trigger-filter-source',
    "the Trigger's exact type/source filters match what its CloudStorageSource emits",
    'MANIFESTS.md 2.5; DESIGN.md 4.2',
    triggerFilterSource,
  ),
  rule(
    'cross/ack-deadline-range',
    'ackDeadlineSeconds and setup.sh ACK_DEADLINE_SECONDS in [10, 600]',
    'MANIFESTS.md 5.2',
    ackDeadlineRange,
  ),
  rule(
    'cross/ack-deadline-timeout',
    'the ack deadline ≤ the Cloud Run service timeoutSeconds',
    'DESIGN.md 4.3; MANIFESTS.md 8.4',
    ackDeadlineTimeout,
  ),
  rule(
    'cross/ack-deadline-budget',
    "the ack deadline ≥ the worker's budget ceil(VISION_TIMEOUT_MS / 1000) (default 20 s)",
    'DESIGN.md 3.5, 4.3',
    ackDeadlineBudget,
  ),
  rule(
    'cross/vision-timeout',
    "VISION_TIMEOUT_MS is a positive integer below the service's request timeout",
    'DESIGN.md 3.5',
    visionTimeout,
  ),
  rule(
    'script/ack-deadline-declared',
    "setup.sh declares readonly ACK_DEADLINE_SECONDS='…'",
    'DESIGN.md 4.3',
    scriptDeclarations,
  ),
];
