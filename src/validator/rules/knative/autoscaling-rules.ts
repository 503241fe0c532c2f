/**
 * Knative Serving's autoscaling annotations: only on the revision template, only known keys (the
 * first of each row is canonical, the others synonyms), values of the right syntax and range,
 * min-scale ≤ max-scale.
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/autoscaling/annotation_validation.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/autoscaling/register.go
 */
import { parseGoDurationMs } from '../../core/durations';
import type { ManifestDocument } from '../../core/manifest-document';
import { KEY, quote, stringEntriesAt } from '../../core/object-access';
import { defineRules, eachValue, keyOf, words, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { KNATIVE_SERVICE, TEMPLATE_ANNOTATIONS } from '../kubernetes/workload';

const PREFIX = 'autoscaling.knative.dev/';
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HOUR_MS = 3_600_000;

/** A value check: the problem in words, or `undefined` when the value is fine. */
type ValueCheck = (value: string, hpa: boolean) => string | undefined;

const integerAtLeast =
  (min: number, note = ''): ValueCheck =>
  (value) =>
    INTEGER.test(value) && Number(value) >= min ? undefined : `must be an integer ≥ ${min}${note}`;
const floatIn =
  (min: number, max: number): ValueCheck =>
  (value) =>
    FLOAT.test(value) && Number(value) >= min && Number(value) <= max
      ? undefined
      : `must be a number in [${min}, ${max}]`;
const durationIn =
  (minMs: number, maxMs: number, wholeSeconds: boolean): ValueCheck =>
  (value) => {
    const ms = parseGoDurationMs(value);
    const ok = ms !== undefined && ms >= minMs && ms <= maxMs && (!wholeSeconds || ms % 1000 === 0);
    return ok
      ? undefined
      : `must be a duration in [${minMs / 1000}s, 1h]${wholeSeconds ? ' in whole seconds' : ''}`;
  };
const oneOf =
  (...allowed: string[]): ValueCheck =>
  (value) =>
    allowed.includes(value) ? undefined : `must be one of ${allowed.map(quote).join(', ')}`;

const autoscalingClass: ValueCheck = (value) =>
  value.endsWith('.knative.dev') &&
  !['kpa.autoscaling.knative.dev', 'hpa.autoscaling.knative.dev'].includes(value)
    ? 'must be kpa.autoscaling.knative.dev or hpa.autoscaling.knative.dev'
    : undefined;
const metric: ValueCheck = (value, hpa) => {
  if (!hpa) return oneOf('concurrency', 'rps')(value, hpa);
  return value === '' ? 'must not be empty' : undefined;
};
const burstCapacity: ValueCheck = (value) =>
  FLOAT.test(value) && (Number(value) >= 0 || Number(value) === -1)
    ? undefined
    : 'must be a number ≥ 0, or -1 (unlimited)';

/** Every autoscaling key (the canonical name first, then its synonyms) and its value check. */
const AUTOSCALING_KEYS: readonly {
  readonly keys: readonly string[];
  readonly check: ValueCheck;
}[] = (
  [
    ['class', autoscalingClass],
    ['min-scale minScale', integerAtLeast(0)],
    ['max-scale maxScale', integerAtLeast(0)],
    [
      'initial-scale initialScale',
      integerAtLeast(1, ' (0 needs allow-zero-initial-scale in config-autoscaler)'),
    ],
    ['activation-scale', integerAtLeast(2)],
    ['metric', metric],
    ['target', floatIn(0.01, Number.MAX_VALUE)],
    ['target-utilization-percentage targetUtilizationPercentage', floatIn(1, 100)],
    ['target-burst-capacity targetBurstCapacity', burstCapacity],
    ['window', durationIn(6000, HOUR_MS, true)],
    ['panic-window-percentage panicWindowPercentage', floatIn(1, 100)],
    ['panic-threshold-percentage panicThresholdPercentage', floatIn(110, 1000)],
    ['scale-down-delay scaleDownDelay', durationIn(0, HOUR_MS, true)],
    [
      'scale-to-zero-pod-retention-period scaleToZeroPodRetentionPeriod',
      durationIn(0, HOUR_MS, false),
    ],
    [
      'metric-aggregation-algorithm metricAggregationAlgorithm',
      oneOf('linear', 'weighted-exponential', 'weightedExponential'),
    ],
  ] as const
).map(([names, check]) => ({ keys: words(names), check }));

const KNOWN_KEYS: ReadonlySet<string> = new Set(
  AUTOSCALING_KEYS.flatMap(({ keys }) => keys.map((key) => PREFIX + key)),
);

/** The effective value of each key (the canonical key wins over synonyms, as kmap.KeyPriority). */
function effectiveValues(document: ManifestDocument) {
  const annotations = new Map(stringEntriesAt(document.object, TEMPLATE_ANNOTATIONS));
  return AUTOSCALING_KEYS.flatMap((entry) => {
    const used = entry.keys.map((key) => PREFIX + key).find((key) => annotations.has(key));
    return used === undefined ? [] : [{ entry, key: used, value: annotations.get(used) ?? '' }];
  });
}

function badValues(document: ManifestDocument): readonly Violation[] {
  const values = effectiveValues(document);
  const hpa = values.some(
    ({ entry, value }) => entry.keys[0] === 'class' && value === 'hpa.autoscaling.knative.dev',
  );
  return values.flatMap(({ entry, key, value }) => {
    const problem = entry.check(value, hpa);
    return problem === undefined
      ? []
      : [{ path: [...TEMPLATE_ANNOTATIONS, key], message: `${quote(value)} ${problem}` }];
  });
}

function badBounds(document: ManifestDocument): readonly Violation[] {
  const values = new Map(
    effectiveValues(document)
      .filter(({ value }) => INTEGER.test(value))
      .map(({ entry, key, value }) => [entry.keys[0], { key, value: Number(value) }]),
  );
  const min = values.get('min-scale');
  const max = values.get('max-scale');
  const activation = values.get('activation-scale');
  const violations: Violation[] = [];
  if (min !== undefined && max !== undefined && max.value !== 0 && min.value > max.value) {
    violations.push({
      path: [...TEMPLATE_ANNOTATIONS, max.key],
      message: `max-scale ${max.value} is below min-scale ${min.value}`,
    });
  }
  const below = min !== undefined && activation !== undefined && activation.value < min.value;
  const above =
    max !== undefined &&
    activation !== undefined &&
    max.value !== 0 &&
    activation.value > max.value;
  if (activation !== undefined && (below || above)) {
    violations.push({
      path: [...TEMPLATE_ANNOTATIONS, activation.key],
      message: `activation-scale ${activation.value} must be between min-scale and max-scale`,
    });
  }
  return violations;
}

/** The autoscaling rules. */
export const KNATIVE_AUTOSCALING_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativeAutoscaling, {
  'knative/autoscaling-on-service': [
    'no autoscaling.knative.dev/* annotation on the Service metadata (template only)',
    eachValue(['metadata', 'annotations', KEY], (value, path) =>
      typeof value === 'string' && keyOf(path).startsWith(PREFIX)
        ? 'autoscaling annotations must be put under spec.template.metadata.annotations to work'
        : undefined,
    ),
    SOURCES.knativeMetadata,
  ],
  'knative/autoscaling-key': [
    'template autoscaling annotations use known keys (policy: a typo is silently ignored)',
    eachValue([...TEMPLATE_ANNOTATIONS, KEY], (value, path) =>
      typeof value === 'string' && keyOf(path).startsWith(PREFIX) && !KNOWN_KEYS.has(keyOf(path))
        ? `unknown autoscaling annotation (Knative ignores it); known keys: ${AUTOSCALING_KEYS.map(({ keys }) => keys[0]).join(', ')}`
        : undefined,
    ),
  ],
  'knative/autoscaling-value': [
    'autoscaling values are integers/numbers/durations in their ranges',
    badValues,
  ],
  'knative/autoscaling-bounds': [
    'min-scale ≤ max-scale (max 0 = unlimited); activation-scale between them',
    badBounds,
  ],
});
