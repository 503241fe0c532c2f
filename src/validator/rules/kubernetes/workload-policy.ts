/**
 * Consistency rules on a Service of either target: the traffic split adds up, env names are
 * unique per container, and a container that must not run as root does not ask for user 0.
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asList, asMapping, mappingAt, quote, valueAt } from '../../core/object-access';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';
import { CLOUD_RUN_SERVICE, containersOf, entriesOf, KNATIVE_SERVICE, POD_SPEC } from './workload';

function trafficPercent(document: ManifestDocument): readonly Violation[] {
  const traffic = asList(valueAt(document.object, ['spec', 'traffic']));
  if (traffic.length === 0) return [];
  const total = traffic
    .map((target) => asMapping(target)?.['percent'])
    .reduce<number>((sum, percent) => sum + (typeof percent === 'number' ? percent : 0), 0);
  return total === 100
    ? []
    : [{ path: ['spec', 'traffic'], message: `traffic percents add up to ${total}, not 100` }];
}

function duplicateEnv(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const seen = new Set<unknown>();
    return entriesOf(view.container, view.path, 'env').flatMap((entry) => {
      const name = entry.value['name'];
      const twice = seen.has(name);
      seen.add(name);
      return twice
        ? [
            {
              path: [...entry.path, 'name'],
              message: `env ${quote(name)} is set twice: which value wins differs between platforms`,
            },
          ]
        : [];
    });
  });
}

function rootUser(document: ManifestDocument): readonly Violation[] {
  const pod = mappingAt(document.object, [...POD_SPEC, 'securityContext']);
  return containersOf(document).flatMap((view) => {
    const own = asMapping(view.container['securityContext']);
    const user = own?.['runAsUser'] ?? pod?.['runAsUser'];
    const nonRoot = own?.['runAsNonRoot'] ?? pod?.['runAsNonRoot'];
    return user === 0 && nonRoot === true
      ? [
          {
            path: [...view.path, 'securityContext', 'runAsUser'],
            message:
              'runAsUser 0 with runAsNonRoot true: the kubelet refuses to start the container',
          },
        ]
      : [];
  });
}

const SERVICES = [KNATIVE_SERVICE, CLOUD_RUN_SERVICE];

/** The workload consistency rules. */
export const WORKLOAD_POLICY_RULES: readonly DocumentRule[] = [
  documentRule(
    'workload/traffic-percent',
    'spec.traffic percents add up to 100',
    'Knative Serving API (TrafficTarget)',
    SERVICES,
    trafficPercent,
  ),
  documentRule(
    'workload/duplicate-env',
    'env names are unique per container',
    'Kubernetes API (EnvVar)',
    SERVICES,
    duplicateEnv,
  ),
  documentRule(
    'workload/run-as-root',
    'no runAsUser 0 together with runAsNonRoot true',
    'Kubernetes API (SecurityContext)',
    SERVICES,
    rootUser,
  ),
];
