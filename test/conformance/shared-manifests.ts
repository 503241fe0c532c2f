/** The CRDs, the Cloud Run discovery document and the example manifests in ../shared. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared` beside the repository (present in CI). */
export const SHARED_DIR = resolve(__dirname, '../../../shared');
if (!existsSync(join(SHARED_DIR, 'crds'))) {
  throw new Error(
    `the manifest conformance tests need ${SHARED_DIR}/crds (../shared, present in CI)`,
  );
}
export const CRD_DIR = join(SHARED_DIR, 'crds');
export const DISCOVERY_FILE = join(SHARED_DIR, 'schemas', 'run-v1-discovery.json');
export const EXAMPLES_DIR = join(SHARED_DIR, 'examples', 'manifests');
