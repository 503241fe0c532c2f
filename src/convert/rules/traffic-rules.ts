/**
 * Which revisions get the requests: both platforms read the same `spec.traffic`, but a revision
 * named there exists only on the platform that created it.
 *
 * @see https://knative.dev/docs/serving/traffic-management/
 * @see https://cloud.google.com/run/docs/rollouts-rollbacks-traffic-migration
 */
import { asList, asMapping, quote, stringAt, valueAt } from '../../validator/core/object-access';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';

const LATEST = { latestRevision: true, percent: 100 } as const;
const isLatestOnly = (traffic: readonly unknown[]) =>
  traffic.length === 1 && JSON.stringify(asMapping(traffic[0])) === JSON.stringify(LATEST);

function traffic(context: ConvertContext): void {
  const path = ['spec', 'traffic'];
  const targets = asList(valueAt(context.source, path));
  const own = stringAt(context.source, ['spec', 'template', 'metadata', 'name']);
  const elsewhere = targets
    .map((target) => asMapping(target)?.['revisionName'])
    .filter((name) => name !== undefined && name !== own);
  if (elsewhere.length > 0) {
    setAt(context.out, path, [{ ...LATEST }]);
    context.report(
      'loss',
      path,
      `the split over revisions ${elsewhere.map(quote).join(', ')} cannot carry over: they exist only on the source platform; all traffic goes to the latest revision (split again once revisions exist there)`,
    );
    return;
  }
  for (const [index, target] of targets.entries())
    for (const field of ['configurationName', 'url'])
      if (asMapping(target)?.[field] !== undefined) {
        removeAt(context.out, [...path, index, field]);
        context.report(
          'change',
          [...path, index, field],
          'dropped: set by the platform, not by a manifest',
        );
      }
  if (context.to === 'cloud-run' && targets.length === 0) {
    setAt(context.out, path, [{ ...LATEST }]);
    context.report(
      'change',
      path,
      'written out: all traffic to the latest revision (the default on both, as Cloud Run exports it)',
    );
  } else if (context.to === 'knative' && isLatestOnly(targets)) {
    removeAt(context.out, path);
    context.report(
      'change',
      path,
      "left out: all traffic to the latest revision is Knative's default",
    );
  }
}

/** The traffic rule. */
export const TRAFFIC_RULES: readonly ConvertRule[] = [
  {
    id: 'traffic',
    field: 'spec.traffic',
    to: BOTH,
    what: "latest-revision traffic written out for Cloud Run, left out for Knative; a split over the source platform's revisions becomes all to latest (a loss)",
    see: { 'cloud-run': SEE.cloudRunRollouts, knative: SEE.knativeTraffic },
    apply: traffic,
  },
];
