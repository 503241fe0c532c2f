/**
 * `npm run schemas [crd-dir] [discovery-json]`: derives the JSON schemas of
 * `src/validator/schema/schemas/` from the CRDs and the Cloud Run v1 discovery document (defaults,
 * in the fixtures checkout beside the repository: ../shared/crds and
 * ../shared/schemas/run-v1-discovery.json, relative to the working directory), writes them, and
 * removes schema files no source produces any more. The validator reads only the committed files,
 * so a clone without that checkout validates as well; docs/validation.md names the upstream CRDs
 * and discovery document.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deriveSchemaFiles, serializeSchema } from './schema/derive-schema-files';
import { schemasDirectory } from './schema/schema-catalog';

function main(argv: readonly string[]): number {
  const crdDirectory = resolve(argv[0] ?? '../shared/crds');
  const discoveryFile = resolve(argv[1] ?? '../shared/schemas/run-v1-discovery.json');
  for (const input of [crdDirectory, discoveryFile]) {
    if (!existsSync(input)) {
      process.stderr.write(`schemas: ${input} does not exist (pass [crd-dir] [discovery-json])\n`);
      return 2;
    }
  }
  const files = deriveSchemaFiles({
    readCrd: (file) => readFileSync(join(crdDirectory, file), 'utf8'),
    discovery: JSON.parse(readFileSync(discoveryFile, 'utf8')) as unknown,
  });
  const output = schemasDirectory();
  mkdirSync(output, { recursive: true });
  for (const stale of readdirSync(output).filter((name) => name.endsWith('.json'))) {
    if (!files.has(stale)) rmSync(join(output, stale));
  }
  for (const [name, schema] of files) writeFileSync(join(output, name), serializeSchema(schema));
  process.stdout.write(`schemas: wrote ${files.size} files to ${output}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
