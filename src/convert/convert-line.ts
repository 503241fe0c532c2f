/**
 * What `convert` tells its user: one line per change it made to the Service, per thing of the input
 * that cannot carry over, per refusal, and per step left to the user outside the manifest.
 */
/**
 * The kinds of line, each a different decision:
 * - `change`: the output says the same thing in the target's terms (a renamed annotation, a
 *   platform default written out, a field the target sets itself dropped);
 * - `loss`: a setting of the input the output does not have (exit status 1; an error with
 *   `--strict`);
 * - `refusal`: the input cannot be converted as it is, and what to do (exit status 2, nothing
 *   written);
 * - `action`: a step outside the manifest the target needs (an IAM grant, a secret to create).
 */
export const LINE_KINDS = ['change', 'loss', 'refusal', 'action'] as const;
/** One of {@link LINE_KINDS}. */
export type LineKind = (typeof LINE_KINDS)[number];

/** One line of the report. */
export interface ConvertLine {
  readonly kind: LineKind;
  /** The field of the input (or, for an added field, of the output) as `spec.template.spec…`. */
  readonly path: string;
  /** What was done or is to be done, and why, in words that name the values. */
  readonly text: string;
  /** The id of the conversion rule that wrote it (see `rule-table.ts`). */
  readonly rule: string;
  /** The public source of the platform rule behind it. */
  readonly see: string;
}

/**
 * The words of a value change: `"a" → "b"`, or `set to "b"` when there was no value before (a
 * change line only names a before that differs from the after).
 *
 * @param before - the input's value, `undefined` when it had none
 * @param after - the value written
 */
export function changeWords(before: unknown, after: unknown): string {
  return before === undefined
    ? `set to ${JSON.stringify(after)}`
    : `${JSON.stringify(before)} → ${JSON.stringify(after)}`;
}

/** `kind path: text [rule; see]`, the form printed. */
export function formatLine(line: ConvertLine): string {
  return `${line.kind} ${line.path}: ${line.text} [${line.rule}; ${line.see}]`;
}

/** How many lines of each kind. */
export function countLines(lines: readonly ConvertLine[]): Readonly<Record<LineKind, number>> {
  const count = (kind: LineKind) => lines.filter((line) => line.kind === kind).length;
  return {
    change: count('change'),
    loss: count('loss'),
    refusal: count('refusal'),
    action: count('action'),
  };
}
