/**
 * Rules on container resources: on Knative a request may not exceed its limit (the API server
 * rejects it); on Cloud Run a CPU limit below 1 allows only containerConcurrency 1.
 *
 * @see https://cloud.google.com/run/docs/configuring/services/cpu (less than 1 CPU)
 */
import { CPU_QUANTITY, cpuMillicores, MEMORY_QUANTITY, memoryBytes } from '../../../../charts/quantities';
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, numberAt, quote } from '../../core/object-access';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';
import { CLOUD_RUN_SERVICE, containersOf, KNATIVE_SERVICE, POD_SPEC } from '../kubernetes/workload';

/** Cloud Run's containerConcurrency when unset. */
const DEFAULT_CLOUD_RUN_CONCURRENCY = 80;

/** A quantity as a number, or `undefined` when absent or not in a form we compare. */
const AMOUNT: Readonly<Record<'cpu' | 'memory', (value: unknown) => number | undefined>> = {
  cpu: (value) =>
    typeof value === 'string' && CPU_QUANTITY.test(value) ? cpuMillicores(value) : undefined,
  memory: (value) =>
    typeof value === 'string' && MEMORY_QUANTITY.test(value) ? memoryBytes(value) : undefined,
};

function requestsWithinLimits(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const resources = asMapping(view.container['resources']);
    const requests = asMapping(resources?.['requests']);
    const limits = asMapping(resources?.['limits']);
    return (['cpu', 'memory'] as const).flatMap((resource) => {
      const requested = AMOUNT[resource](requests?.[resource]);
      const limit = AMOUNT[resource](limits?.[resource]);
      return requested === undefined || limit === undefined || requested <= limit
        ? []
        : [
            {
              path: [...view.path, 'resources', 'requests', resource],
              message: `${resource} request ${quote(requests?.[resource])} exceeds its limit ${quote(limits?.[resource])}`,
            },
          ];
    });
  });
}

/** The instance's CPU: the sum of its containers' limits (`undefined` when one has none). */
function instanceMillicores(document: ManifestDocument): number | undefined {
  const each = containersOf(document).map((view) =>
    AMOUNT.cpu(asMapping(asMapping(view.container['resources'])?.['limits'])?.['cpu']),
  );
  return each.length === 0 || each.includes(undefined)
    ? undefined
    : each.reduce<number>((sum, millicores) => sum + (millicores ?? 0), 0);
}

function fractionalCpu(document: ManifestDocument): readonly Violation[] {
  const concurrency =
    numberAt(document.object, [...POD_SPEC, 'containerConcurrency']) ??
    DEFAULT_CLOUD_RUN_CONCURRENCY;
  const millicores = instanceMillicores(document);
  return millicores === undefined || millicores >= 1000 || concurrency === 1
    ? []
    : [
        {
          path: [...POD_SPEC, 'containerConcurrency'],
          message: `containerConcurrency ${concurrency} with ${millicores}m CPU in all: Cloud Run allows only 1 with less than 1 CPU`,
        },
      ];
}

/** The resource rules. */
export const RESOURCE_RULES: readonly DocumentRule[] = [
  documentRule(
    'knative/requests-within-limits',
    'cpu and memory requests ≤ their limits',
    'Kubernetes API (ResourceRequirements)',
    KNATIVE_SERVICE,
    requestsWithinLimits,
  ),
  documentRule(
    'cloudrun/fractional-cpu-concurrency',
    'a CPU limit below 1 (summed over the containers) needs containerConcurrency 1',
    'https://cloud.google.com/run/docs/configuring/services/cpu',
    CLOUD_RUN_SERVICE,
    fractionalCpu,
  ),
];
