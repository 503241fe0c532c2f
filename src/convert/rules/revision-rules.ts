/**
 * The revision's pod spec: which fields each platform has (a table), and the request timeout.
 */
import { KNATIVE_LIMITS } from '../../../charts/limits/knative';
import { CLOUD_RUN_LIMITS } from '../../../charts/limits/cloud-run';
import { quote, valueAt, type Path } from '../../validator/core/object-access';
import type { LineKind } from '../convert-line';
import { BOTH, type ConvertContext, type ConvertRule, type Platform } from '../convert-rule';
import { mapAt, removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';

/** `spec.template.spec` */
export const POD_SPEC: Path = ['spec', 'template', 'spec'];

/** What becomes of a pod-spec field: kept, or dropped (or refused) with a line saying why. */
type Fate = 'keep' | readonly [kind: LineKind, why: string];

const SCHEDULING: Fate = [
  'loss',
  'Cloud Run places instances itself: there are no nodes to choose',
];

/** Each RevisionSpec field by target; a field not listed is dropped as a loss. */
const POD_SPEC_FIELDS: Readonly<Record<Platform, Readonly<Record<string, Fate>>>> = {
  'cloud-run': {
    containers: 'keep',
    volumes: 'keep',
    serviceAccountName: 'keep',
    containerConcurrency: 'keep',
    timeoutSeconds: 'keep',
    enableServiceLinks: ['change', 'dropped: Cloud Run has no Kubernetes Services to link'],
    automountServiceAccountToken: [
      'change',
      "dropped: Cloud Run mounts no Kubernetes token; the metadata server gives the service account's tokens",
    ],
    responseStartTimeoutSeconds: [
      'loss',
      'Cloud Run has only the request timeout (timeoutSeconds)',
    ],
    idleTimeoutSeconds: ['loss', 'Cloud Run has only the request timeout (timeoutSeconds)'],
    imagePullSecrets: [
      'loss',
      "Cloud Run pulls with its service agent's IAM: grant it read access to the registry",
    ],
    securityContext: ['loss', 'Cloud Run has no pod securityContext'],
    initContainers: [
      'refusal',
      'Cloud Run has no init containers: run the step at the start of the serving container, or as a sidecar it depends on (run.googleapis.com/container-dependencies)',
    ],
    ...Object.fromEntries(
      `affinity topologySpreadConstraints tolerations nodeSelector runtimeClassName
      priorityClassName schedulerName hostAliases dnsPolicy dnsConfig shareProcessNamespace hostIPC
      hostPID hostNetwork`
        .split(/\s+/)
        .map((field) => [field, SCHEDULING]),
    ),
  },
  knative: {
    containers: 'keep',
    volumes: 'keep',
    serviceAccountName: 'keep',
    containerConcurrency: 'keep',
    timeoutSeconds: 'keep',
    enableServiceLinks: 'keep',
    imagePullSecrets: 'keep',
    nodeSelector: [
      'loss',
      "Cloud Run selects a GPU with it; on Knative it needs the kubernetes.podspec-nodeselector flag and the cluster's node labels",
    ],
    runtimeClassName: ['loss', "the cluster's container runtime decides"],
  },
};

function podSpecFields(context: ConvertContext): void {
  const fields = POD_SPEC_FIELDS[context.to];
  for (const field of Object.keys(mapAt(context.out, POD_SPEC) ?? {})) {
    const fate = fields[field] ?? [
      'loss',
      `not a field of ${context.to === 'cloud-run' ? "Cloud Run's" : "Knative's"} revision spec`,
    ];
    if (fate === 'keep') continue;
    const [kind, why] = fate;
    if (kind !== 'refusal') removeAt(context.out, [...POD_SPEC, field]);
    context.report(kind, [...POD_SPEC, field], kind === 'refusal' ? why : `dropped: ${why}`);
  }
}

function timeoutSeconds(context: ConvertContext): void {
  const path = [...POD_SPEC, 'timeoutSeconds'];
  const value = valueAt(context.source, path);
  if (value === undefined) return;
  const limits = context.to === 'cloud-run' ? CLOUD_RUN_LIMITS : KNATIVE_LIMITS;
  const { min, max } = limits.timeoutSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    context.report('refusal', path, `${quote(value)} is not a number of seconds`);
  } else if (value === 0 && context.to === 'cloud-run') {
    setAt(context.out, path, KNATIVE_LIMITS.timeoutSeconds.default);
    context.report(
      'change',
      path,
      `0 (Knative's revision-timeout-seconds, ${KNATIVE_LIMITS.timeoutSeconds.default} by default) → ${KNATIVE_LIMITS.timeoutSeconds.default}: Cloud Run takes ${min} to ${max}`,
    );
  } else if (value > max) {
    setAt(context.out, path, max);
    context.report(
      'loss',
      path,
      context.to === 'knative'
        ? `${value} → ${max}: Knative refuses more than max-revision-timeout-seconds (${max} unless the operator raises it in config-defaults); longer requests are cut`
        : `${value} → ${max}: Cloud Run's longest request timeout`,
    );
  }
}

/** The revision rules, in the order they run. */
export const REVISION_RULES: readonly ConvertRule[] = [
  {
    id: 'pod-spec-fields',
    field: 'spec.template.spec.*',
    to: BOTH,
    what: 'kept when the target has the field; initContainers refused for Cloud Run; scheduling fields, pod securityContext, imagePullSecrets, response/idle timeouts dropped as losses',
    see: { 'cloud-run': SEE.cloudRunYaml, knative: SEE.knativeFieldMask },
    apply: podSpecFields,
  },
  {
    id: 'timeout-seconds',
    field: 'spec.template.spec.timeoutSeconds',
    to: BOTH,
    what: `Knative's 0 (its default) → ${KNATIVE_LIMITS.timeoutSeconds.default}; above Knative's ${KNATIVE_LIMITS.timeoutSeconds.max} → ${KNATIVE_LIMITS.timeoutSeconds.max} (a loss)`,
    see: { 'cloud-run': SEE.cloudRunRequestTimeout, knative: SEE.knativeConfigDefaults },
    apply: timeoutSeconds,
  },
];
