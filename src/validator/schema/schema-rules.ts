/**
 * The schema rules: every object has a derived schema (`schemas/`), and fits it strictly
 * (unknown fields, missing required fields, wrong types, values outside enums and patterns).
 */
import type { ManifestDocument } from '../core/manifest-document';
import type { DocumentRule, RuleContext, Violation } from '../core/rule';
import type { SchemaProblemCategory } from './schema-check';

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
  return [
    {
      path: [],
      message: `${what} for ${document.apiVersion || '?'} ${document.kind || '?'}: the validator checks only the kinds the charts generate (see src/validator/schema/schemas/)`,
    },
  ];
}

/** The schema rules. */
export const SCHEMA_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'schema/unknown-kind',
    summary: 'every object is of a kind with a derived schema',
    see: 'src/validator/schema/schemas/',
    appliesTo: {},
    check: unknownKind,
  },
  {
    scope: 'document',
    id: 'schema/unknown-field',
    summary:
      'no field outside the schema (kubectl --validate=strict, gcloud DictToMessageWithErrorCheck)',
    see: 'MANIFESTS.md 1.6, 4.1, 7',
    appliesTo: {},
    check: problems('unknown-field'),
  },
  {
    scope: 'document',
    id: 'schema/missing-field',
    summary: 'every field the schema requires is present',
    see: 'MANIFESTS.md 7',
    appliesTo: {},
    check: problems('missing-field'),
  },
  {
    scope: 'document',
    id: 'schema/type',
    summary: 'every value has the schema type (integer, string, boolean, object, array)',
    see: 'MANIFESTS.md 7',
    appliesTo: {},
    check: problems('type'),
  },
  {
    scope: 'document',
    id: 'schema/value',
    summary: 'every value fits the schema enums, patterns, formats and one-of choices',
    see: 'MANIFESTS.md 7',
    appliesTo: {},
    check: problems('value'),
  },
];
