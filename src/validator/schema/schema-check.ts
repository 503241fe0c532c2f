/**
 * Validates documents against their derived schema with ajv 8 and turns ajv's errors into
 * categorised, readable problems. One {@link SchemaCheck} compiles each schema once and remembers
 * each document's result, so the four schema rules share one validation.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ManifestDocument } from '../core/manifest-document';
import { asList, asMapping, quote, valueAt } from '../core/object-access';
import type { SchemaCheck, SchemaProblem } from '../core/rule';
import type { SchemaCatalog } from './schema-catalog';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

/**
 * The ajv the validator runs: strict (an unknown keyword or format is a compile error), every
 * error reported, and the OpenAPI formats CRDs and the discovery document use.
 *
 * @see https://ajv.js.org/strict-mode.html
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    // CRD schemas use `required`-only branches in oneOf/anyOf and typeless int-or-string nodes.
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('byte', BASE64);
  ajv.addFormat('uri', URI);
  return ajv;
}

/** A JSON pointer from ajv as a path, with list indexes as numbers. */
function pathOf(root: unknown, pointer: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path.push(Array.isArray(valueAt(root, path)) ? Number(segment) : segment);
  }
  return path;
}

/** `exactly one of member, memberFrom` for oneOf/anyOf whose branches only require a field. */
function describeAlternatives(error: ErrorObject): string | undefined {
  const branches = asList(error.schema).map(asMapping);
  const names = branches.map((branch) => {
    const required = asList(branch?.['required']);
    return branch !== undefined && Object.keys(branch).length === 1 && required.length === 1
      ? String(required[0])
      : undefined;
  });
  if (names.length === 0 || names.some((name) => name === undefined)) return undefined;
  return `${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of ${names.join(', ')} must be set`;
}

function toProblem(root: unknown, error: ErrorObject, unknownFieldHint: string): SchemaProblem {
  const path = pathOf(root, error.instancePath);
  const params = error.params as Readonly<Record<string, unknown>>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      return {
        category: 'unknown-field',
        path: [...path, field],
        message: `unknown field ${quote(field)} (${unknownFieldHint})`,
      };
    }
    case 'required': {
      const field = String(params['missingProperty']);
      return {
        category: 'missing-field',
        path: [...path, field],
        message: `required field ${quote(field)} is missing`,
      };
    }
    case 'type':
      return {
        category: 'type',
        path,
        message: `must be ${String(params['type'])}, not ${quote(error.data)}`,
      };
    case 'enum':
      return {
        category: 'value',
        path,
        message: `must be one of ${asList(params['allowedValues']).map(quote).join(', ')}, not ${quote(error.data)}`,
      };
    default: {
      const alternatives =
        error.keyword === 'oneOf' || error.keyword === 'anyOf'
          ? describeAlternatives(error)
          : undefined;
      return {
        category: 'value',
        path,
        message: alternatives ?? `${quote(error.data)}: ${error.message ?? 'is not valid'}`,
      };
    }
  }
}

/** Drops the errors of each branch of a failed oneOf/anyOf/not: the combinator error says it. */
function withoutBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors
    .filter((error) => ['oneOf', 'anyOf', 'not'].includes(error.keyword))
    .map((error) => `${error.schemaPath}/`);
  return errors.filter(
    (error) => !combinators.some((prefix) => error.schemaPath.startsWith(prefix)),
  );
}

/** A schema check over `catalog` (compiles lazily, caches per schema and per document). */
export function createSchemaCheck(catalog: SchemaCatalog): SchemaCheck {
  const ajv = createAjv();
  const compiled = new Map<string, ValidateFunction>();
  const results = new WeakMap<ManifestDocument, readonly SchemaProblem[]>();

  const validatorOf = (document: ManifestDocument): ValidateFunction | undefined => {
    const derived = catalog.lookup(document.apiVersion, document.kind, document.target);
    if (derived === undefined) return undefined;
    const key = `${derived.apiVersion}/${derived.kind}/${derived.target}`;
    let validate = compiled.get(key);
    if (validate === undefined) {
      validate = ajv.compile(derived.schema);
      compiled.set(key, validate);
    }
    return validate;
  };

  const validateDocument = (document: ManifestDocument): readonly SchemaProblem[] => {
    const validate = validatorOf(document);
    if (validate === undefined || validate(document.object)) return [];
    const hint =
      document.target === 'cloud-run' && document.kind === 'Service'
        ? 'not in the Cloud Run v1 schema: gcloud run services replace rejects it'
        : `not in the ${document.kind} schema: kubectl apply --validate=strict rejects it`;
    return withoutBranchErrors(validate.errors ?? []).map((error) =>
      toProblem(document.object, error, hint),
    );
  };

  return {
    hasSchema: (document) =>
      catalog.lookup(document.apiVersion, document.kind, document.target) !== undefined,
    problemsOf: (document) => {
      let problems = results.get(document);
      if (problems === undefined) {
        problems = validateDocument(document);
        results.set(document, problems);
      }
      return problems;
    },
  };
}
