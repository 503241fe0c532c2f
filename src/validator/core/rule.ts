/**
 * The shape of a validation rule, and {@link defineRules}, the one helper every rule folder builds
 * its rules with. Rules are data: an id, a one-line summary, the public source it encodes, what it
 * applies to, and one check. `rule-table.ts` lists them all; the validator runs the table and has
 * no rule-specific branches.
 */
import type {
  ManifestDocument,
  ManifestSet,
  SourceFile,
  Subject,
  Target,
} from './manifest-document';
import { valuesAt, type Path, type Pattern } from './object-access';
import type { ShellSyntaxCheck } from './shell-script';

/** One problem a check found, relative to the object it was given. */
export interface Violation {
  readonly path: Path;
  readonly message: string;
}

/** A violation that names its object (file- and set-level checks look at many). */
export interface LocatedViolation extends Violation {
  readonly subject: Subject;
  /** The line, when the check knows it better than `subject.lineOf(path)`. */
  readonly line?: number;
}

/** What kind of schema problem: each has its own rule id (`schema/<category>`). */
export type SchemaProblemCategory = 'unknown-field' | 'missing-field' | 'type' | 'value';

/** One schema problem at one path. */
export interface SchemaProblem {
  readonly category: SchemaProblemCategory;
  readonly path: Path;
  readonly message: string;
}

/** The schema validation of documents (implemented by `schema/schema-check.ts`). */
export interface SchemaCheck {
  /** Is there a schema for this document's apiVersion, kind and target? */
  hasSchema(document: ManifestDocument): boolean;
  /** The document's schema problems (none when it has no schema: see `schema/unknown-kind`). */
  problemsOf(document: ManifestDocument): readonly SchemaProblem[];
}

/** What every check may use besides its input. */
export interface RuleContext {
  /** The schema validation of a document (computed once per document). */
  readonly schema: SchemaCheck;
  /** The syntax check of a shell script (`bash -n`). */
  readonly shellSyntax: ShellSyntaxCheck;
}

/** What a document rule applies to: every listed field must match (absent = any). */
export interface DocumentSelector {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly target?: Target;
}

interface RuleInfo {
  /** `family/name`, kebab-case; stable: tests, READMEs and users grep for it. */
  readonly id: string;
  /** What the rule demands, in one line. */
  readonly summary: string;
  /**
   * The public source the rule encodes: an https URL, or `README.md#…` / `docs/….md#…` for the
   * kit's own contract.
   */
  readonly see: string;
}

/** A rule over one parsed file (syntax, YAML 1.1 readings). */
export interface FileRule extends RuleInfo {
  readonly scope: 'file';
  readonly check: (file: SourceFile, set: ManifestSet) => readonly LocatedViolation[];
}

/** A rule over one manifest object. */
export interface DocumentRule extends RuleInfo {
  readonly scope: 'document';
  readonly appliesTo: DocumentSelector | readonly DocumentSelector[];
  readonly check: (document: ManifestDocument, context: RuleContext) => readonly Violation[];
}

/** A rule across objects and files (references, ack deadline vs timeouts). */
export interface SetRule extends RuleInfo {
  readonly scope: 'set';
  readonly check: (set: ManifestSet, context: RuleContext) => readonly LocatedViolation[];
}

/** Any rule of the table. */
export type Rule = FileRule | DocumentRule | SetRule;

/** What rules run on: each `file`, the whole `set` (one deployment), or the documents selected. */
export type RuleScope = 'file' | 'set' | DocumentRule['appliesTo'];

type RuleOf<On extends RuleScope> = On extends 'file'
  ? FileRule
  : On extends 'set'
    ? SetRule
    : DocumentRule;

/** One row of a rule table: the summary, the check, and the source when it is not the table's. */
export type RuleRow<On extends RuleScope> = readonly [
  summary: string,
  check: RuleOf<On>['check'],
  see?: string,
];

/**
 * The rules of one table, in the order written: each id with its summary and check, all run on
 * `on` and encoding `see` unless a row names its own source.
 *
 * @example
 * ```ts
 * export const PORT_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativeK8sValidation, {
 *   'knative/port-name': ['port name is "", http1 or h2c', portNames],
 * });
 * ```
 */
export function defineRules<On extends RuleScope>(
  on: On,
  see: string,
  table: Readonly<Record<string, RuleRow<On>>>,
): RuleOf<On>[] {
  return Object.entries(table).map(([id, [summary, check, own]]) => {
    const info = { id, summary, see: own ?? see };
    const rule: Rule =
      on === 'file' || on === 'set'
        ? ({ scope: on, ...info, check } as FileRule | SetRule)
        : ({ scope: 'document', ...info, appliesTo: on, check } as DocumentRule);
    return rule as RuleOf<On>;
  });
}

/** One violation as a list, for checks that find one or none: `ok ? [] : violation(path, why)`. */
export function violation(path: Path, message: string): Violation[] {
  return [{ path, message }];
}

/** What is wrong with one value (`undefined`: nothing); its key or index is `path`'s last segment. */
export type ValueProblem = (
  value: unknown,
  path: Path,
  document: ManifestDocument,
) => string | undefined;

/**
 * A document check over every value of `pattern` (see {@link valuesAt}): a violation at each value
 * for which `problem` has a message.
 *
 * @example eachValue([...POD_SPEC, 'timeoutSeconds'], (t) => (t === 0 ? 'not 0' : undefined))
 */
export function eachValue(pattern: Pattern, problem: ValueProblem): DocumentRule['check'] {
  return (document) =>
    valuesAt(document.object, pattern).flatMap(({ path, value }) => {
      const message = problem(value, path, document);
      return message === undefined ? [] : [{ path, message }];
    });
}

/** The words of `text` (split at white space), for tables of names. */
export function words(text: string): readonly string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** A value's key: the last segment of its path, as text. */
export function keyOf(path: Path): string {
  return String(path[path.length - 1]);
}

/** Does `document` match `selector`? */
export function matchesSelector(
  document: ManifestDocument,
  selector: DocumentRule['appliesTo'],
): boolean {
  const selectors: readonly DocumentSelector[] = Array.isArray(selector)
    ? (selector as readonly DocumentSelector[])
    : [selector as DocumentSelector];
  return selectors.some(
    (one) =>
      (one.apiVersion === undefined || one.apiVersion === document.apiVersion) &&
      (one.kind === undefined || one.kind === document.kind) &&
      (one.target === undefined || one.target === document.target),
  );
}
