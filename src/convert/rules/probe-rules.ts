/**
 * Probes: Knative holds traffic until the readiness probe passes, Cloud Run until the startup probe
 * does, so one becomes the other; Cloud Run has no exec probes, wants successThreshold 1 and bounds
 * the timings; Knative probes sidecars only behind a feature flag.
 */
import { CLOUD_RUN_LIMITS } from '../../../charts/limits/cloud-run';
import { asMapping, quote, type Path } from '../../validator/core/object-access';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { mapAt, removeAt, setAt, type Json } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { containersOf, type ContainerAt } from './containers';

const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;
const { maxPeriodSeconds, maxTimeoutSeconds, successThreshold } = CLOUD_RUN_LIMITS.probes;

/** Moves the probe `from` to `to` on one container when `to` is free; says whether it moved. */
function move(
  context: ConvertContext,
  at: ContainerAt,
  from: string,
  to: string,
  why: string,
): void {
  const probe = at.container[from];
  if (probe === undefined) return;
  if (at.container[to] === undefined) {
    removeAt(context.out, [...at.path, from]);
    setAt(context.out, [...at.path, to], probe);
    context.report('change', [...at.path, from], `→ ${to}: ${why}`);
  } else if (context.to === 'cloud-run') {
    removeAt(context.out, [...at.path, from]);
    context.report(
      'loss',
      [...at.path, from],
      `dropped: the container has a startupProbe too, and the kit writes startup and liveness probes for Cloud Run`,
    );
  }
}

/** Makes one probe fit Cloud Run: no exec, numbered ports, its timing bounds. */
function fitCloudRun(context: ConvertContext, path: Path, field: string): void {
  const probe = mapAt(context.out, path);
  if (probe === undefined) return;
  if (probe['exec'] !== undefined) {
    removeAt(context.out, path);
    context.report(
      'loss',
      [...path, 'exec'],
      `dropped the ${field}: Cloud Run has no exec probes${field === 'startupProbe' ? ' (its default TCP startup probe applies)' : ''}`,
    );
    return;
  }
  for (const handler of HANDLERS) {
    const port = asMapping(probe[handler])?.['port'];
    if (typeof port !== 'string') continue;
    removeAt(context.out, [...path, handler, 'port']);
    context.report(
      'change',
      [...path, handler, 'port'],
      `${quote(port)} dropped: Cloud Run takes port numbers and probes the container port by default`,
    );
  }
  fitTiming(context, path, probe, field);
}

function fitTiming(context: ConvertContext, path: Path, probe: Json, field: string): void {
  const max = (maxPeriodSeconds as Readonly<Record<string, number>>)[field] ?? maxTimeoutSeconds;
  if (probe['periodSeconds'] === 0) {
    removeAt(context.out, [...path, 'periodSeconds']);
    context.report(
      'change',
      [...path, 'periodSeconds'],
      "0 (Knative's aggressive readiness probing) dropped: Cloud Run probes at its default period",
    );
  }
  const threshold = probe['successThreshold'];
  if (threshold !== undefined && threshold !== successThreshold) {
    setAt(context.out, [...path, 'successThreshold'], successThreshold);
    context.report(
      'loss',
      [...path, 'successThreshold'],
      `${quote(threshold)} → ${successThreshold}: Cloud Run's only value for a ${field}`,
    );
  }
  for (const timing of ['initialDelaySeconds', 'periodSeconds']) {
    const seconds = probe[timing];
    if (typeof seconds !== 'number' || seconds <= max) continue;
    setAt(context.out, [...path, timing], max);
    context.report(
      'loss',
      [...path, timing],
      `${seconds} → ${max}: Cloud Run's most for a ${field}`,
    );
  }
  const { timeoutSeconds, periodSeconds } = probe;
  if (
    typeof timeoutSeconds === 'number' &&
    typeof periodSeconds === 'number' &&
    timeoutSeconds > periodSeconds
  ) {
    setAt(context.out, [...path, 'timeoutSeconds'], periodSeconds);
    context.report(
      'loss',
      [...path, 'timeoutSeconds'],
      `${timeoutSeconds} → ${periodSeconds}: Cloud Run wants it at most periodSeconds`,
    );
  }
}

function toCloudRun(context: ConvertContext): void {
  for (const at of containersOf(context)) {
    move(
      context,
      at,
      'readinessProbe',
      'startupProbe',
      'Cloud Run sends traffic once the startup probe passes, as Knative does once the readiness probe does',
    );
    for (const field of ['startupProbe', 'livenessProbe'])
      fitCloudRun(context, [...at.path, field], field);
  }
}

function toKnative(context: ConvertContext): void {
  for (const at of containersOf(context)) {
    if (at.serving) {
      move(
        context,
        at,
        'startupProbe',
        'readinessProbe',
        'Knative sends traffic once the readiness probe passes, as Cloud Run does once the startup probe does',
      );
      continue;
    }
    for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      if (removeAt(context.out, [...at.path, field]) !== undefined)
        context.report(
          'loss',
          [...at.path, field],
          'dropped: Knative probes sidecars only with the multi-container-probing feature flag (off by default)',
        );
  }
}

/** The probe rule. */
export const PROBE_RULES: readonly ConvertRule[] = [
  {
    id: 'probes',
    field: 'spec.template.spec.containers[*].readinessProbe, startupProbe, livenessProbe',
    to: BOTH,
    what: 'Knative readiness ↔ Cloud Run startup probe; Cloud Run: exec probes dropped, named ports dropped, successThreshold 1, timings within its bounds; Knative: sidecar probes dropped',
    see: { 'cloud-run': SEE.cloudRunHealthChecks, knative: SEE.knativePodSpec },
    apply: (context) => {
      if (context.to === 'cloud-run') toCloudRun(context);
      else toKnative(context);
    },
  },
];
