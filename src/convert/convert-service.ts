/**
 * Converts one Service: copies it, runs every rule of the table for the target in order, collects
 * their lines, and tidies what the rules emptied. Pure: the file, the flags and the companions come
 * in; the Service and the lines go out.
 */
import type { Mapping, Path } from '../validator/core/object-access';
import { formatPath } from '../validator/core/object-access';
import type { ConvertLine } from './convert-line';
import { seeOf, type Companions, type ConvertOptions, type ConvertRule } from './convert-rule';
import { copyJson, removeIfEmpty, type Json } from './json-edit';
import { CONVERT_RULES } from './rule-table';

/** What a conversion produced. */
export interface ConvertResult {
  /** The converted Service (not to be written when {@link refused}). */
  readonly service: Json;
  /** One line per change, loss, refusal and action, in rule order. */
  readonly lines: readonly ConvertLine[];
  /** Did any rule refuse the input? Then nothing is written. */
  readonly refused: boolean;
}

/** Mappings a rule may leave empty, removed when they are (innermost first). */
const TIDIED: readonly Path[] = [
  ['metadata', 'labels'],
  ['metadata', 'annotations'],
  ['spec', 'template', 'metadata', 'labels'],
  ['spec', 'template', 'metadata', 'annotations'],
  ['spec', 'template', 'metadata'],
];

/** No companions: the input file holds the Service only. */
export const NO_COMPANIONS: Companions = {
  configMap: () => undefined,
  secret: () => undefined,
  serviceAccount: () => undefined,
};

/**
 * Converts `service` (a `serving.knative.dev/v1` Service in the other platform's form) to
 * `options.to`.
 *
 * @param rules - @default {@link CONVERT_RULES}
 */
export function convertService(
  service: Mapping,
  options: ConvertOptions,
  companions: Companions = NO_COMPANIONS,
  rules: readonly ConvertRule[] = CONVERT_RULES,
): ConvertResult {
  const out = copyJson(service) as Json;
  const lines: ConvertLine[] = [];
  const actions = new Set<string>();
  for (const rule of rules.filter((one) => one.to.includes(options.to))) {
    rule.apply({
      to: options.to,
      source: service,
      out,
      options,
      companions,
      report: (kind, path, text) => {
        // The same step (one secret read by two variables) is said once.
        if (kind === 'action' && actions.has(text)) return;
        if (kind === 'action') actions.add(text);
        lines.push({
          kind,
          path: formatPath(path),
          text,
          rule: rule.id,
          see: seeOf(rule, options.to),
        });
      },
    });
  }
  for (const path of TIDIED) removeIfEmpty(out, path);
  return { service: out, lines, refused: lines.some((line) => line.kind === 'refusal') };
}
