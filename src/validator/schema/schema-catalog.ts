/**
 * The committed schemas (`schemas/*.json`, written by `npm run schemas`), looked up by
 * apiVersion, kind and target. Reading them needs nothing outside the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DerivedSchema } from './derive-schema-files';
import type { Target } from '../core/manifest-document';
import { asMapping, stringAt } from '../core/object-access';

/** The schemas by apiVersion, kind and target. */
export interface SchemaCatalog {
  readonly schemas: readonly DerivedSchema[];
  /** The schema for an object, or `undefined` when the kind is not one we validate. */
  lookup(apiVersion: string, kind: string, target: Target): DerivedSchema | undefined;
}

/**
 * The committed schema files, `src/validator/schema/schemas/` of this checkout, found from this
 * module's own location (the same from the TypeScript sources and from the compiled `dist/`).
 *
 * @throws Error when no parent folder holds `src/validator/schema/schemas`
 */
export function schemasDirectory(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, 'src', 'validator', 'schema', 'schemas');
    if (existsSync(join(folder, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(folder) === folder)
      throw new Error(`no src/validator/schema/schemas above ${from}`);
  }
}

function toDerivedSchema(file: string, text: string): DerivedSchema {
  const parsed = asMapping(JSON.parse(text));
  const target = stringAt(parsed, ['target']);
  const schema = asMapping(parsed?.['schema']);
  if (
    parsed === undefined ||
    schema === undefined ||
    (target !== 'any' && target !== 'knative' && target !== 'cloud-run')
  ) {
    throw new Error(`${file} is not a derived schema file (run npm run schemas)`);
  }
  return {
    $comment: stringAt(parsed, ['$comment']) ?? '',
    apiVersion: stringAt(parsed, ['apiVersion']) ?? '',
    kind: stringAt(parsed, ['kind']) ?? '',
    target,
    source: stringAt(parsed, ['source']) ?? '',
    schema,
  };
}

/** A catalog over the given schemas. */
export function createSchemaCatalog(schemas: readonly DerivedSchema[]): SchemaCatalog {
  return {
    schemas,
    lookup: (apiVersion, kind, target) =>
      schemas.find(
        (schema) =>
          schema.apiVersion === apiVersion &&
          schema.kind === kind &&
          (schema.target === 'any' || schema.target === target),
      ),
  };
}

/**
 * Reads every schema file of `directory`.
 *
 * @throws Error when a file is not a derived schema file
 */
export function loadSchemaCatalog(directory: string = schemasDirectory()): SchemaCatalog {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return createSchemaCatalog(
    files.map((name) => toDerivedSchema(name, readFileSync(join(directory, name), 'utf8'))),
  );
}
