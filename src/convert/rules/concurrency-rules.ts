/**
 * How many requests one instance takes at once: no limit by default on Knative, 80 by default on
 * Cloud Run (1 below one CPU, its only value there), at most 1000 on both.
 *
 * @see https://cloud.google.com/run/docs/about-concurrency
 * @see https://knative.dev/docs/serving/autoscaling/concurrency/
 */
import { CLOUD_RUN_LIMITS } from '../../../charts/limits/cloud-run';
import { quote, valueAt } from '../../validator/core/object-access';
import { quantityOf } from '../../validator/rules/kubernetes/workload';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { containersOf } from './containers';
import { POD_SPEC } from './revision-rules';

/** The CPU of the whole instance in millicores, when every container states its limit. */
function instanceMillicores(context: ConvertContext): number | undefined {
  const each = containersOf(context).map(({ path }) =>
    quantityOf('cpu', valueAt(context.out, [...path, 'resources', 'limits', 'cpu'])),
  );
  return each.length === 0 || each.includes(undefined)
    ? undefined
    : each.reduce<number>((sum, one) => sum + (one ?? 0), 0);
}

function containerConcurrency(context: ConvertContext): void {
  const path = [...POD_SPEC, 'containerConcurrency'];
  const value = valueAt(context.source, path);
  const fractional =
    (instanceMillicores(context) ?? CLOUD_RUN_LIMITS.cpu.fractional.belowMillicores) <
    CLOUD_RUN_LIMITS.cpu.fractional.belowMillicores;
  const oneAtATime = CLOUD_RUN_LIMITS.cpu.fractional.maxConcurrency;
  const unset = value === undefined || value === 0;
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
    context.report('refusal', path, `${quote(value)} is not a number of requests`);
  } else if (context.to === 'knative' && unset) {
    const written = fractional ? oneAtATime : CLOUD_RUN_LIMITS.containerConcurrency.default;
    setAt(context.out, path, written);
    context.report(
      'change',
      path,
      `${value === undefined ? 'unset' : '0'} → ${written}: Cloud Run's default${fractional ? ' below 1 CPU' : ''}, written out (on Knative 0 or unset means no limit)`,
    );
  } else if (context.to === 'cloud-run' && fractional && value !== oneAtATime) {
    setAt(context.out, path, oneAtATime);
    context.report(
      unset ? 'change' : 'loss',
      path,
      `${value === undefined ? 'unset' : String(value)} → ${oneAtATime}: below 1 CPU Cloud Run takes one request at a time${unset ? '' : '; raise the CPU limit to 1 to keep more'}`,
    );
  } else if (context.to === 'cloud-run' && unset) {
    removeAt(context.out, path);
    context.report(
      'change',
      path,
      `${value === undefined ? 'unset' : '0'} (no limit per container on Knative) → Cloud Run's default, ${CLOUD_RUN_LIMITS.containerConcurrency.default} (at most ${CLOUD_RUN_LIMITS.containerConcurrency.max})`,
    );
  } else if (typeof value === 'number' && value > CLOUD_RUN_LIMITS.containerConcurrency.max) {
    setAt(context.out, path, CLOUD_RUN_LIMITS.containerConcurrency.max);
    context.report(
      'loss',
      path,
      `${value} → ${CLOUD_RUN_LIMITS.containerConcurrency.max}: the most either platform takes by default`,
    );
  }
}

/** The concurrency rule: after the resources, whose CPU it reads. */
export const CONCURRENCY_RULES: readonly ConvertRule[] = [
  {
    id: 'container-concurrency',
    field: 'spec.template.spec.containerConcurrency',
    to: BOTH,
    what: `Knative's 0/unset (no limit) → Cloud Run's default; Cloud Run's default (${CLOUD_RUN_LIMITS.containerConcurrency.default}, or 1 below 1 CPU) written out for Knative; below 1 CPU Cloud Run takes 1`,
    see: { 'cloud-run': SEE.cloudRunConcurrency, knative: SEE.knativeConcurrency },
    apply: containerConcurrency,
  },
];
