/**
 * The shape of a validation rule. Rules are data: an id, a one-line summary, the source it
 * encodes, which objects it applies to, and one check. `rule-table.ts` lists them all; the
 * validator runs the table, it has no rule-specific branches.
 */
import type {
  ManifestDocument,
  ManifestSet,
  SourceFile,
  Subject,
  Target,
} from './manifest-document';
import type { ShellSyntaxCheck } from './bash-syntax';
import type { Path } from './path';
import type { SchemaCheck } from '../schema/schema-check';

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

/** What a document rule applies to: every listed field must match (absent = any). */
export interface DocumentSelector {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly target?: Target;
}

/** What every check may use besides its input. */
export interface RuleContext {
  /** The schema validation of a document (computed once per document). */
  readonly schema: SchemaCheck;
  /** The syntax check of a shell script (`bash -n`). */
  readonly shellSyntax: ShellSyntaxCheck;
}

interface RuleInfo {
  /** `family/name`, kebab-case; stable: tests, READMEs and users grep for it. */
  readonly id: string;
  /** What the rule demands, in one line. */
  readonly summary: string;
  /** Where the rule comes from (a MANIFESTS.md / DESIGN.md section, or our policy). */
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

/** A document rule from its parts (the rule files' table rows stay one call each). */
export function documentRule(
  id: string,
  summary: string,
  see: string,
  appliesTo: DocumentRule['appliesTo'],
  check: DocumentRule['check'],
): DocumentRule {
  return { scope: 'document', id, summary, see, appliesTo, check };
}

/** A set rule from its parts. */
export function setRule(
  id: string,
  summary: string,
  see: string,
  check: SetRule['check'],
): SetRule {
  return { scope: 'set', id, summary, see, check };
}
