/**
 * Knative container resources: a cpu or memory request may not exceed its limit (the API server
 * rejects the pod).
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, quote } from '../../core/object-access';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { containersOf, KNATIVE_SERVICE, quantityOf } from '../kubernetes/workload';

function requestsWithinLimits(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const resources = asMapping(view.container['resources']);
    const requests = asMapping(resources?.['requests']);
    const limits = asMapping(resources?.['limits']);
    return (['cpu', 'memory'] as const).flatMap((resource) => {
      const requested = quantityOf(resource, requests?.[resource]);
      const limit = quantityOf(resource, limits?.[resource]);
      return requested === undefined || limit === undefined || requested <= limit
        ? []
        : violation(
            [...view.path, 'resources', 'requests', resource],
            `${resource} request ${quote(requests?.[resource])} exceeds its limit ${quote(limits?.[resource])}`,
          );
    });
  });
}

/** The resource rules. */
export const KNATIVE_RESOURCE_RULES = defineRules(KNATIVE_SERVICE, SOURCES.kubernetesResources, {
  'knative/requests-within-limits': [
    'cpu and memory requests ≤ their limits',
    requestsWithinLimits,
  ],
});
