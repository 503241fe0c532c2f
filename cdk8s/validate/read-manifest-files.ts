/** Reads the files to validate from directories (the only file-system access of the validator). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFile } from './load-documents';

/** Files the validator reads: YAML manifests and generated shell scripts. */
const VALIDATED = /\.(ya?ml|sh)$/;

/** A directory to validate is missing or holds nothing to validate. */
export class ManifestInputError extends Error {
  override readonly name = 'ManifestInputError';
}

function filesBelow(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return filesBelow(path);
      return entry.isFile() && VALIDATED.test(entry.name) ? [path] : [];
    });
}

/**
 * Every `*.yaml`, `*.yml` and `*.sh` file below each path (a file path is taken as it is), with
 * paths as given joined with the relative file names, in sorted order.
 *
 * @throws ManifestInputError when a path does not exist, or a directory holds no such file
 */
export function readManifestFiles(paths: readonly string[]): ManifestFile[] {
  return paths.flatMap((path) => {
    if (!existsSync(path))
      throw new ManifestInputError(`${path} does not exist (run npm run synth first?)`);
    const files = statSync(path).isDirectory() ? filesBelow(path) : [path];
    if (files.length === 0)
      throw new ManifestInputError(`${path} holds no .yaml, .yml or .sh file`);
    return files.map((file) => ({ path: file, text: readFileSync(file, 'utf8') }));
  });
}
