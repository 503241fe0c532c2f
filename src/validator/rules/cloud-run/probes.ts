/**
 * Cloud Run's probe rules (MANIFESTS 4.2): no exec handler, one handler each, successThreshold 1,
 * startup probes within 240 s, liveness within 3600 s, periodSeconds ≥ timeoutSeconds (the
 * discovery document: "Must be greater or equal than timeout_seconds").
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';
import { CLOUD_RUN_SERVICE, containersOf, probesOf } from '../kubernetes/workload';

/** Probe timing limits in seconds: initialDelaySeconds and periodSeconds. */
const PROBE_MAX_SECONDS: Readonly<Record<string, number>> = {
  startupProbe: 240,
  livenessProbe: 3600,
  readinessProbe: 3600,
};

function probeHandlers(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    probesOf(view).flatMap((probe): Violation[] => {
      if (probe.value['exec'] !== undefined)
        return [
          { path: [...probe.path, 'exec'], message: 'exec probes are not supported by Cloud Run' },
        ];
      const handlers = ['httpGet', 'tcpSocket', 'grpc'].filter((h) => probe.value[h] !== undefined);
      return handlers.length === 1
        ? []
        : [
            {
              path: probe.path,
              message: `a probe needs exactly one of httpGet, tcpSocket, grpc; has ${handlers.length}`,
            },
          ];
    }),
  );
}

function probeTiming(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    probesOf(view).flatMap((probe) => {
      const at = (field: string) => ({ path: [...probe.path, field], value: probe.value[field] });
      const max = PROBE_MAX_SECONDS[probe.field] ?? 3600;
      const violations: Violation[] = [];
      const success = at('successThreshold');
      if (success.value !== undefined && success.value !== 1)
        violations.push({ path: success.path, message: 'successThreshold must be 1' });
      for (const field of ['initialDelaySeconds', 'periodSeconds']) {
        const { path, value } = at(field);
        if (typeof value === 'number' && value > max)
          violations.push({
            path,
            message: `${field} ${value} exceeds ${max} for a ${probe.field}`,
          });
      }
      const timeout = at('timeoutSeconds');
      const period = probe.value['periodSeconds'];
      if (
        typeof timeout.value === 'number' &&
        (timeout.value > 3600 || (typeof period === 'number' && timeout.value > period))
      ) {
        violations.push({
          path: timeout.path,
          message: `timeoutSeconds ${timeout.value} must be ≤ 3600 and ≤ periodSeconds`,
        });
      }
      return violations;
    }),
  );
}

/** The Cloud Run probe rules. */
export const CLOUD_RUN_PROBE_RULES: readonly DocumentRule[] = [
  documentRule(
    'cloudrun/probe-handler',
    'probes use exactly one of httpGet, tcpSocket, grpc (no exec)',
    'MANIFESTS.md 4.2',
    CLOUD_RUN_SERVICE,
    probeHandlers,
  ),
  documentRule(
    'cloudrun/probe-timing',
    'successThreshold 1; startup delay/period ≤ 240, liveness ≤ 3600; timeout ≤ period',
    'MANIFESTS.md 4.2',
    CLOUD_RUN_SERVICE,
    probeTiming,
  ),
];
