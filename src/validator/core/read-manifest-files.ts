/** Reads the files to validate from directories (the only file-system access of the validator). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
 * Every `*.yaml`, `*.yml` and `*.sh` file below each path, with paths as given joined with the
 * relative file names, in sorted order. A file reached twice (a path repeated, or inside another
 * given directory) is read once. A file path with another extension is skipped and passed to
 * `onSkipped` (the CLI prints a note).
 *
 * @throws ManifestInputError when a path does not exist, a directory holds no such file, or
 *   nothing at all is left to validate
 */
export function readManifestFiles(
  paths: readonly string[],
  onSkipped: (path: string) => void = () => undefined,
): ManifestFile[] {
  const seen = new Set<string>();
  const files = paths.flatMap((path) => {
    if (!existsSync(path))
      throw new ManifestInputError(`${path} does not exist (run npm run synth first?)`);
    const isDirectory = statSync(path).isDirectory();
    const found = isDirectory ? filesBelow(path) : [path];
    if (isDirectory && found.length === 0)
      throw new ManifestInputError(`${path} holds no .yaml, .yml or .sh file`);
    if (!isDirectory && !VALIDATED.test(path)) {
      onSkipped(path);
      return [];
    }
    return found.filter((file) => {
      const key = resolve(file);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
  if (files.length === 0) throw new ManifestInputError('no .yaml, .yml or .sh file to validate');
  return files.map((file) => ({ path: file, text: readFileSync(file, 'utf8') }));
}
