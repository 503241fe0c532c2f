/**
 * The schema rules: every object is of a kind with a derived schema (`schema/schemas/`), and fits
 * it strictly (unknown fields, missing required fields, wrong types, values outside enums and
 * patterns), as `kubectl apply --validate=strict` and `gcloud run services replace` read it.
 */
import type { ManifestDocument } from '../../core/manifest-document';
import {
  defineRules,
  violation,
  type RuleContext,
  type SchemaProblemCategory,
  type Violation,
} from '../../core/rule';
import { SOURCES } from '../../sources';

function problems(category: SchemaProblemCategory) {
  return (document: ManifestDocument, context: RuleContext): readonly Violation[] =>
    context.schema
      .problemsOf(document)
      .filter((problem) => problem.category === category)
      .map(({ path, message }) => ({ path, message }));
}

function unknownKind(document: ManifestDocument, context: RuleContext): readonly Violation[] {
  if (context.schema.hasSchema(document)) return [];
  const what =
    document.apiVersion === '' || document.kind === '' ? 'no apiVersion/kind' : 'no schema';
  return violation(
    [],
    `${what} for ${document.apiVersion || '?'} ${document.kind || '?'}: the validator checks only the kinds the charts generate (see src/validator/schema/schemas/)`,
  );
}

/** The schema rules. */
export const SCHEMA_RULES = defineRules({}, SOURCES.kubectlStrict, {
  'schema/unknown-kind': [
    'every object is of a kind with a derived schema',
    unknownKind,
    SOURCES.crdValidation,
  ],
  'schema/unknown-field': [
    'no field outside the schema (kubectl --validate=strict, gcloud DictToMessageWithErrorCheck)',
    problems('unknown-field'),
  ],
  'schema/missing-field': ['every field the schema requires is present', problems('missing-field')],
  'schema/type': [
    'every value has the schema type (integer, string, boolean, object, array)',
    problems('type'),
  ],
  'schema/value': [
    'every value fits the schema enums, patterns, formats and one-of choices',
    problems('value'),
  ],
});
