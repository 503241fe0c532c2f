/**
 * Cloud Run's probe rules: no exec handler, one handler each, successThreshold 1, startup probes
 * within 240 s, liveness within 3600 s, periodSeconds ≥ timeoutSeconds (the discovery document:
 * "Must be greater or equal than timeout_seconds").
 *
 * @see https://cloud.google.com/run/docs/configuring/healthchecks
 */
import { CLOUD_RUN_LIMITS } from '../../../../charts/limits/cloud-run';
import type { ManifestDocument } from '../../core/manifest-document';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { CLOUD_RUN_SERVICE, containersOf, probesOf } from '../kubernetes/workload';

/** Probe timing limits in seconds: initialDelaySeconds and periodSeconds, by probe. */
const PROBE_MAX_SECONDS: Readonly<Record<string, number>> =
  CLOUD_RUN_LIMITS.probes.maxPeriodSeconds;
const { maxTimeoutSeconds: MAX_TIMEOUT_SECONDS, successThreshold: SUCCESS_THRESHOLD } =
  CLOUD_RUN_LIMITS.probes;

const probes = (document: ManifestDocument) => containersOf(document).flatMap(probesOf);

function probeHandlers(document: ManifestDocument): readonly Violation[] {
  return probes(document).flatMap((probe) => {
    const handlers = ['httpGet', 'tcpSocket', 'grpc'].filter((h) => probe.value[h] !== undefined);
    if (probe.value['exec'] !== undefined)
      return violation([...probe.path, 'exec'], 'exec probes are not supported by Cloud Run');
    return handlers.length === 1
      ? []
      : violation(
          probe.path,
          `a probe needs exactly one of httpGet, tcpSocket, grpc; has ${handlers.length}`,
        );
  });
}

function probeTiming(document: ManifestDocument): readonly Violation[] {
  return probes(document).flatMap(({ value, path, field: probe }) => {
    const max = PROBE_MAX_SECONDS[probe] ?? MAX_TIMEOUT_SECONDS;
    const { successThreshold, timeoutSeconds, periodSeconds } = value;
    return [
      ...(successThreshold === undefined || successThreshold === SUCCESS_THRESHOLD
        ? []
        : violation(
            [...path, 'successThreshold'],
            `successThreshold must be ${SUCCESS_THRESHOLD}`,
          )),
      ...['initialDelaySeconds', 'periodSeconds'].flatMap((field) => {
        const seconds = value[field];
        return typeof seconds === 'number' && seconds > max
          ? violation([...path, field], `${field} ${seconds} exceeds ${max} for a ${probe}`)
          : [];
      }),
      ...(typeof timeoutSeconds === 'number' &&
      (timeoutSeconds > MAX_TIMEOUT_SECONDS ||
        (typeof periodSeconds === 'number' && timeoutSeconds > periodSeconds))
        ? violation(
            [...path, 'timeoutSeconds'],
            `timeoutSeconds ${timeoutSeconds} must be ≤ ${MAX_TIMEOUT_SECONDS} and ≤ periodSeconds`,
          )
        : []),
    ];
  });
}

/** The Cloud Run probe rules. */
export const CLOUD_RUN_PROBE_RULES = defineRules(CLOUD_RUN_SERVICE, SOURCES.cloudRunHealthChecks, {
  'cloudrun/probe-handler': [
    'probes use exactly one of httpGet, tcpSocket, grpc (no exec)',
    probeHandlers,
  ],
  'cloudrun/probe-timing': [
    `successThreshold ${SUCCESS_THRESHOLD}; startup delay/period ≤ ${PROBE_MAX_SECONDS['startupProbe']}, liveness ≤ ${PROBE_MAX_SECONDS['livenessProbe']}; timeout ≤ period`,
    probeTiming,
  ],
});
