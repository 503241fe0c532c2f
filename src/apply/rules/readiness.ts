/**
 * When an object counts as ready, by kind: a table from `group/Kind` to a rule, read by one
 * function. Kinds whose controllers report a `Ready` condition (Knative Serving and Eventing,
 * knative-gcp sources, every Config Connector resource) are ready when it is `True` and the
 * controller has observed the current generation; the others once they exist.
 *
 * @see https://github.com/knative/specs/blob/main/specs/serving/knative-api-specification-1.0.md#error-signalling
 * @see https://github.com/knative/specs/blob/main/specs/eventing/overview.md
 * @see https://cloud.google.com/config-connector/docs/how-to/monitoring-your-resources
 */
import { apiGroupOf, type KubeObject } from '../../cluster/kube-object';

/**
 * `exists`: ready once the API server has it (Namespace, ServiceAccount);
 * `ready-condition`: its `status.conditions` has `Ready` = `True`, and `status.observedGeneration`,
 * where present, is at least `metadata.generation`.
 */
export type ReadinessRule = 'exists' | 'ready-condition';

/** `group/Kind` (`/Kind` for the core group) → rule. */
export const READINESS_RULES: Readonly<Record<string, ReadinessRule>> = Object.freeze({
  '/Namespace': 'exists',
  '/ServiceAccount': 'exists',
  '/Secret': 'exists',
  '/ConfigMap': 'exists',
  'serving.knative.dev/Service': 'ready-condition',
  'serving.knative.dev/Configuration': 'ready-condition',
  'serving.knative.dev/Route': 'ready-condition',
  'eventing.knative.dev/Broker': 'ready-condition',
  'eventing.knative.dev/Trigger': 'ready-condition',
  'messaging.knative.dev/Channel': 'ready-condition',
  'messaging.knative.dev/Subscription': 'ready-condition',
  'sources.knative.dev/ContainerSource': 'ready-condition',
  'sources.knative.dev/SinkBinding': 'ready-condition',
  'sources.knative.dev/PingSource': 'ready-condition',
  'sources.knative.dev/ApiServerSource': 'ready-condition',
  'events.cloud.google.com/CloudStorageSource': 'ready-condition',
  'events.cloud.google.com/CloudPubSubSource': 'ready-condition',
});

/** Groups all of whose kinds report `Ready`: every Config Connector resource does. */
export const READY_CONDITION_GROUP_SUFFIXES: readonly string[] = Object.freeze([
  '.cnrm.cloud.google.com',
]);

/** An object that is ready. */
export interface Ready {
  readonly ready: true;
}

/** The statuses of a condition. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** An object that is not ready, in its controller's words where it has any. */
export interface NotReady {
  readonly ready: false;
  /** The `Ready` condition's status, when there is one (`True` with an old generation). */
  readonly status?: ConditionStatus;
  /** The condition's `reason`, or ours: `NotFound`, `NoReadyCondition`, `GenerationNotObserved`. */
  readonly reason: string;
  /** The condition's `message`, or ours; may be empty. */
  readonly message: string;
}

/** Whether an object is ready, and why not. */
export type Readiness = Ready | NotReady;

interface Condition {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly reason?: unknown;
  readonly message?: unknown;
}

interface ObjectStatus {
  readonly observedGeneration?: unknown;
  readonly conditions?: unknown;
}

function readyCondition(object: KubeObject): Condition | undefined {
  const conditions = (object.status as ObjectStatus | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return (conditions as Condition[]).find((condition) => condition.type === 'Ready');
}

/**
 * The rule for `object`: from `READINESS_RULES`, else `ready-condition` for a group in
 * `READY_CONDITION_GROUP_SUFFIXES` or an object that reports a `Ready` condition, else `exists`.
 */
export function readinessRuleOf(object: KubeObject): ReadinessRule {
  const group = apiGroupOf(object.apiVersion);
  const fromTable = READINESS_RULES[`${group}/${object.kind}`];
  if (fromTable) return fromTable;
  if (READY_CONDITION_GROUP_SUFFIXES.some((suffix) => group.endsWith(suffix))) {
    return 'ready-condition';
  }
  return readyCondition(object) ? 'ready-condition' : 'exists';
}

const CONDITION_STATUSES: readonly ConditionStatus[] = ['True', 'False', 'Unknown'];

function conditionStatusOf(value: unknown): ConditionStatus {
  return CONDITION_STATUSES.find((status) => status === value) ?? 'Unknown';
}

function conditionReadiness(object: KubeObject): Readiness {
  const condition = readyCondition(object);
  if (!condition) {
    return {
      ready: false,
      reason: 'NoReadyCondition',
      message: 'no Ready condition yet: is its controller running?',
    };
  }
  const status = conditionStatusOf(condition.status);
  const words = {
    reason: typeof condition.reason === 'string' && condition.reason ? condition.reason : status,
    message: typeof condition.message === 'string' ? condition.message : '',
  };
  const observed = (object.status as ObjectStatus).observedGeneration;
  const generation = object.metadata.generation;
  if (typeof observed === 'number' && typeof generation === 'number' && observed < generation) {
    return {
      ready: false,
      status,
      reason: 'GenerationNotObserved',
      message: `the controller has observed generation ${observed}, not yet ${generation}`,
    };
  }
  return status === 'True' ? { ready: true } : { ready: false, status, ...words };
}

/**
 * Whether `object` (as the API server answered it; `undefined` when it has none) is ready.
 */
export function readinessOf(object: KubeObject | undefined): Readiness {
  if (!object) return { ready: false, reason: 'NotFound', message: 'not in the cluster' };
  return readinessRuleOf(object) === 'exists' ? { ready: true } : conditionReadiness(object);
}
