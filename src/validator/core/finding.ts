/**
 * One problem the offline validator found in a generated manifest: which rule, where (file, object,
 * path, line) and what is wrong, in words that name the field and the value.
 */
export interface Finding {
  /** The rule id from the rule table, e.g. `knative/timeout-seconds` (see `rule-table.ts`). */
  readonly rule: string;
  /** The file as it was given (relative paths stay relative). */
  readonly file: string;
  /** The object's `kind` (`Script` for a shell script; empty when the document has none). */
  readonly kind: string;
  /** The object's `metadata.name` (the script's file name for a shell script; may be empty). */
  readonly name: string;
  /** The field, as `spec.template.spec.containers[0].ports` (`(document)` for the whole object). */
  readonly path: string;
  /** What is wrong and, where it helps, what to write instead. */
  readonly message: string;
  /** The 1-based line in the file, where the path (or its nearest present parent) is known. */
  readonly line?: number;
}
