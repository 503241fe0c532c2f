/**
 * The committed schemas (src/validator/schema/schemas/) are what `npm run schemas` derives from ../shared today:
 * a changed CRD or discovery document, or a hand edit, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveSchemaFiles, serializeSchema } from '../../src/validator/schema/derive-schema-files';
import { schemasDirectory } from '../../src/validator/schema/schema-catalog';
import { CRD_DIR, DISCOVERY_FILE } from './shared-manifests';

const derived = deriveSchemaFiles({
  readCrd: (file) => readFileSync(join(CRD_DIR, file), 'utf8'),
  discovery: JSON.parse(readFileSync(DISCOVERY_FILE, 'utf8')) as unknown,
});
const committedDir = schemasDirectory();

test('the committed schema files are exactly the derived ones', () => {
  const committed = readdirSync(committedDir).filter((name) => name.endsWith('.json'));
  expect(committed.sort()).toEqual([...derived.keys()].sort());
});

test.each([...derived.entries()])('%s equals its re-derivation', (name, schema) => {
  expect(readFileSync(join(committedDir, name), 'utf8')).toBe(serializeSchema(schema));
});
