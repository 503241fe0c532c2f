/**
 * Knative Serving's autoscaling annotations (MANIFESTS 1.2): only on the revision template, only
 * known keys, values of the right syntax and range, min-scale ≤ max-scale.
 *
 * @see knative/serving pkg/apis/autoscaling/annotation_validation.go, register.go
 */
import { parseGoDurationMs } from '../../core/durations';
import type { ManifestDocument } from '../../core/manifest-document';
import { quote, stringEntriesAt } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';
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

/** Every autoscaling key: canonical name, accepted synonyms, value check. */
const AUTOSCALING_KEYS: readonly {
  readonly key: string;
  readonly synonyms: readonly string[];
  readonly check: ValueCheck;
}[] = [
  {
    key: 'class',
    synonyms: [],
    check: (value) =>
      value.endsWith('.knative.dev') &&
      !['kpa.autoscaling.knative.dev', 'hpa.autoscaling.knative.dev'].includes(value)
        ? 'must be kpa.autoscaling.knative.dev or hpa.autoscaling.knative.dev'
        : undefined,
  },
  { key: 'min-scale', synonyms: ['minScale'], check: integerAtLeast(0) },
  { key: 'max-scale', synonyms: ['maxScale'], check: integerAtLeast(0) },
  {
    key: 'initial-scale',
    synonyms: ['initialScale'],
    check: integerAtLeast(1, ' (0 needs allow-zero-initial-scale in config-autoscaler)'),
  },
  { key: 'activation-scale', synonyms: [], check: integerAtLeast(2) },
  {
    key: 'metric',
    synonyms: [],
    check: (value, hpa) =>
      hpa
        ? value === ''
          ? 'must not be empty'
          : undefined
        : oneOf('concurrency', 'rps')(value, hpa),
  },
  { key: 'target', synonyms: [], check: floatIn(0.01, Number.MAX_VALUE) },
  {
    key: 'target-utilization-percentage',
    synonyms: ['targetUtilizationPercentage'],
    check: floatIn(1, 100),
  },
  {
    key: 'target-burst-capacity',
    synonyms: ['targetBurstCapacity'],
    check: (value) =>
      FLOAT.test(value) && (Number(value) >= 0 || Number(value) === -1)
        ? undefined
        : 'must be a number ≥ 0, or -1 (unlimited)',
  },
  { key: 'window', synonyms: [], check: durationIn(6000, HOUR_MS, true) },
  {
    key: 'panic-window-percentage',
    synonyms: ['panicWindowPercentage'],
    check: floatIn(1, 100),
  },
  {
    key: 'panic-threshold-percentage',
    synonyms: ['panicThresholdPercentage'],
    check: floatIn(110, 1000),
  },
  { key: 'scale-down-delay', synonyms: ['scaleDownDelay'], check: durationIn(0, HOUR_MS, true) },
  {
    key: 'scale-to-zero-pod-retention-period',
    synonyms: ['scaleToZeroPodRetentionPeriod'],
    check: durationIn(0, HOUR_MS, false),
  },
  {
    key: 'metric-aggregation-algorithm',
    synonyms: ['metricAggregationAlgorithm'],
    check: oneOf('linear', 'weighted-exponential', 'weightedExponential'),
  },
];

const KNOWN_KEYS: ReadonlySet<string> = new Set(
  AUTOSCALING_KEYS.flatMap(({ key, synonyms }) => [key, ...synonyms].map((k) => PREFIX + k)),
);

/** The effective value of each key (the canonical key wins over synonyms, as kmap.KeyPriority). */
function effectiveValues(document: ManifestDocument) {
  const annotations = new Map(stringEntriesAt(document.object, TEMPLATE_ANNOTATIONS));
  return AUTOSCALING_KEYS.flatMap((entry) => {
    const used = [entry.key, ...entry.synonyms]
      .map((k) => PREFIX + k)
      .find((k) => annotations.has(k));
    return used === undefined ? [] : [{ entry, key: used, value: annotations.get(used) ?? '' }];
  });
}

function onServiceMetadata(document: ManifestDocument): readonly Violation[] {
  return stringEntriesAt(document.object, ['metadata', 'annotations'])
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([key]) => ({
      path: ['metadata', 'annotations', key],
      message:
        'autoscaling annotations must be put under spec.template.metadata.annotations to work',
    }));
}

function unknownKeys(document: ManifestDocument): readonly Violation[] {
  return stringEntriesAt(document.object, TEMPLATE_ANNOTATIONS)
    .filter(([key]) => key.startsWith(PREFIX) && !KNOWN_KEYS.has(key))
    .map(([key]) => ({
      path: [...TEMPLATE_ANNOTATIONS, key],
      message: `unknown autoscaling annotation (Knative ignores it); known keys: ${AUTOSCALING_KEYS.map((k) => k.key).join(', ')}`,
    }));
}

function badValues(document: ManifestDocument): readonly Violation[] {
  const values = effectiveValues(document);
  const hpa = values.some(
    ({ entry, value }) => entry.key === 'class' && value === 'hpa.autoscaling.knative.dev',
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
      .map(({ entry, key, value }) => [entry.key, { key, value: Number(value) }]),
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
  if (activation !== undefined) {
    const below = min !== undefined && activation.value < min.value;
    const above = max !== undefined && max.value !== 0 && activation.value > max.value;
    if (below || above) {
      violations.push({
        path: [...TEMPLATE_ANNOTATIONS, activation.key],
        message: `activation-scale ${activation.value} must be between min-scale and max-scale`,
      });
    }
  }
  return violations;
}

/** The autoscaling rules. */
export const KNATIVE_AUTOSCALING_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'knative/autoscaling-on-service',
    summary: 'no autoscaling.knative.dev/* annotation on the Service metadata (template only)',
    see: 'MANIFESTS.md 1.2 (ValidateHasNoAutoscalingAnnotation)',
    appliesTo: KNATIVE_SERVICE,
    check: onServiceMetadata,
  },
  {
    scope: 'document',
    id: 'knative/autoscaling-key',
    summary: 'template autoscaling annotations use known keys (policy: a typo is silently ignored)',
    see: 'MANIFESTS.md 1.2',
    appliesTo: KNATIVE_SERVICE,
    check: unknownKeys,
  },
  {
    scope: 'document',
    id: 'knative/autoscaling-value',
    summary: 'autoscaling values are integers/numbers/durations in their ranges',
    see: 'MANIFESTS.md 1.2',
    appliesTo: KNATIVE_SERVICE,
    check: badValues,
  },
  {
    scope: 'document',
    id: 'knative/autoscaling-bounds',
    summary: 'min-scale ≤ max-scale (max 0 = unlimited); activation-scale between them',
    see: 'MANIFESTS.md 1.2',
    appliesTo: KNATIVE_SERVICE,
    check: badBounds,
  },
];
