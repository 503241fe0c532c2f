/**
 * Annotations: the two of Knative's autoscaling annotations Cloud Run reads (camelCase there,
 * kebab-case canonical on Knative), the Knative-only ones Cloud Run refuses, and the Cloud Run
 * ones that mean nothing on Knative.
 */
import {
  REVISION_ANNOTATIONS,
  SERVICE_ANNOTATIONS,
} from '../../validator/rules/cloud-run/annotations';
import { quote, stringEntriesAt, type Path } from '../../validator/core/object-access';
import {
  BOTH,
  TO_CLOUD_RUN,
  TO_KNATIVE,
  type ConvertContext,
  type ConvertRule,
} from '../convert-rule';
import { mapAt, removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { CLOUD_RUN_ONLY, isKnativeKey, KNATIVE_ONLY, rowOf } from './annotation-tables';

const PREFIX = 'autoscaling.knative.dev/';
const SERVICE_ANNOTATIONS_PATH: Path = ['metadata', 'annotations'];
const TEMPLATE_ANNOTATIONS: Path = ['spec', 'template', 'metadata', 'annotations'];

/** The scale bounds both platforms read: Knative's canonical key, then its camelCase synonym. */
const SCALE_KEYS = [
  { kebab: `${PREFIX}min-scale`, camel: `${PREFIX}minScale`, zeroIsUnlimited: false },
  { kebab: `${PREFIX}max-scale`, camel: `${PREFIX}maxScale`, zeroIsUnlimited: true },
] as const;

/** A scale annotation's value as Cloud Run and Knative read it: digits. */
function scaleValue(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
}

function scaleKeys(context: ConvertContext): void {
  const annotations = mapAt(context.out, TEMPLATE_ANNOTATIONS) ?? {};
  for (const { kebab, camel, zeroIsUnlimited } of SCALE_KEYS) {
    const [from, to] = context.to === 'cloud-run' ? [kebab, camel] : [camel, kebab];
    const present = [kebab, camel].filter((key) => annotations[key] !== undefined);
    if (present.length === 0) continue;
    // Knative reads the canonical (kebab-case) key when both are set.
    const read = annotations[kebab] !== undefined ? kebab : camel;
    const raw = annotations[read];
    const value = scaleValue(raw);
    for (const key of present) removeAt(context.out, [...TEMPLATE_ANNOTATIONS, key]);
    const readPath = [...TEMPLATE_ANNOTATIONS, read];
    if (value === undefined) {
      context.report('refusal', readPath, `${quote(raw)} is not a whole number of instances`);
    } else if (context.to === 'cloud-run' && zeroIsUnlimited && value === '0') {
      context.report(
        'loss',
        readPath,
        `dropped ("0", no limit on Knative): Cloud Run always has a maximum; its default applies (${SEE.cloudRunMaxInstances})`,
      );
    } else {
      setAt(context.out, [...TEMPLATE_ANNOTATIONS, to], value);
      if (present.length > 1)
        context.report(
          'change',
          [...TEMPLATE_ANNOTATIONS, present.find((key) => key !== read) ?? read],
          `dropped: ${read} is set too, and Knative reads the kebab-case key first`,
        );
      if (read === from)
        context.report(
          'change',
          readPath,
          context.to === 'cloud-run'
            ? `→ ${to}: ${quote(value)}: Cloud Run accepts only the camelCase key`
            : `→ ${to}: ${quote(value)}: Knative's canonical key (camelCase is a synonym)`,
        );
    }
  }
}

/** Each annotation of the Service and of the revision template, with the path of its mapping. */
function annotationsOf(
  context: ConvertContext,
): { key: string; value: string; at: Path; accepted: ReadonlySet<string> }[] {
  return [
    [SERVICE_ANNOTATIONS_PATH, SERVICE_ANNOTATIONS],
    [TEMPLATE_ANNOTATIONS, REVISION_ANNOTATIONS],
  ].flatMap(([at, accepted]) =>
    stringEntriesAt(context.out, at as Path).map(([key, value]) => ({
      key,
      value,
      at: at as Path,
      accepted: accepted as ReadonlySet<string>,
    })),
  );
}

function knativeOnly(context: ConvertContext): void {
  for (const { key, value, at, accepted } of annotationsOf(context)) {
    if (accepted.has(key)) continue;
    const row = rowOf(KNATIVE_ONLY, key);
    const refusedRun = key.startsWith('run.googleapis.com/') && !accepted.has(key);
    if (row === undefined && !refusedRun && !isKnativeKey(key)) continue;
    removeAt(context.out, [...at, key]);
    const where = at === SERVICE_ANNOTATIONS_PATH ? 'the Service' : 'the revision template';
    const [, kind, why] = row ?? [
      key,
      'loss',
      refusedRun
        ? `Cloud Run does not accept it on ${where}`
        : 'a Knative annotation Cloud Run does not accept',
    ];
    context.report(kind, [...at, key], `dropped (${quote(shorten(value))}): ${why}`);
  }
}

function cloudRunOnly(context: ConvertContext): void {
  for (const { key, value, at } of annotationsOf(context)) {
    const row = rowOf(CLOUD_RUN_ONLY, key);
    if (row === undefined) continue;
    removeAt(context.out, [...at, key]);
    context.report(row[1], [...at, key], `dropped (${quote(shorten(value))}): ${row[2]}`);
  }
}

/** A value short enough for a line (kubectl's last-applied copy is a whole manifest). */
function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/** The annotation rules, in the order they run. */
export const ANNOTATION_RULES: readonly ConvertRule[] = [
  {
    id: 'autoscaling-keys',
    field: `spec.template.metadata.annotations["${PREFIX}min-scale" | "max-scale"]`,
    to: BOTH,
    what: 'min-scale/max-scale ↔ minScale/maxScale (the kebab-case key wins when both are set); max-scale "0" (unlimited) has no Cloud Run form',
    see: { 'cloud-run': SEE.cloudRunYaml, knative: SEE.knativeAutoscalingRegister },
    apply: scaleKeys,
  },
  {
    id: 'knative-annotations',
    field: 'metadata.annotations, spec.template.metadata.annotations',
    to: TO_CLOUD_RUN,
    what: 'Knative-only annotations (other autoscaling keys, rollout-duration, queue-proxy sizes…) and run.googleapis.com/* keys Cloud Run refuses at their level dropped',
    see: SEE.cloudRunYaml,
    apply: knativeOnly,
  },
  {
    id: 'cloud-run-annotations',
    field: 'metadata.annotations, spec.template.metadata.annotations',
    to: TO_KNATIVE,
    what: 'run.googleapis.com/* annotations dropped, each with what it meant on Cloud Run (a loss where it did something)',
    see: SEE.cloudRunYaml,
    apply: cloudRunOnly,
  },
];
