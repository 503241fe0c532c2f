/**
 * Parses the input files into a {@link ManifestSet}: YAML streams into documents (YAML 1.2, as the
 * generator writes them), shell scripts into their declared variables. Parse errors are not thrown:
 * the `yaml/syntax` rule reports them, and a document that did not parse is left out of the rules.
 */
import {
  companionDirectories,
  targetOf,
  type ManifestDocument,
  type ManifestSet,
  type ShellScript,
  type SourceFile,
} from './manifest-document';
import { parseYamlSafely } from '../yaml/safe-yaml';
import { lineOfPath } from '../yaml/yaml-positions';
import { asMapping, mappingAt, stringAt } from './object-access';
import { readShellScript } from './shell-script';

/** One file to validate: its path (as it should appear in findings) and its text. */
export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

/** Files ending in `.sh` are shell scripts; everything else is read as YAML. */
function isScript(path: string): boolean {
  return path.endsWith('.sh');
}

/** Parses one file. */
export function parseSourceFile(file: ManifestFile): SourceFile {
  if (isScript(file.path)) return { type: 'script', path: file.path, text: file.text };
  return { type: 'yaml', path: file.path, text: file.text, ...parseYamlSafely(file.text) };
}

function toManifestDocuments(
  source: SourceFile,
  companions: ReadonlySet<string>,
): ManifestDocument[] {
  if (source.type !== 'yaml') return [];
  return source.documents.flatMap((document, index) => {
    if (document.contents === null) return [];
    const object = asMapping(source.values[index]);
    if (object === undefined) return [];
    return [
      {
        file: source.path,
        index,
        object,
        apiVersion: stringAt(object, ['apiVersion']) ?? '',
        kind: stringAt(object, ['kind']) ?? '',
        name: stringAt(object, ['metadata', 'name']) ?? '',
        namespace: stringAt(object, ['metadata', 'namespace']) ?? '',
        target: targetOf(source.path, mappingAt(object, ['metadata', 'labels']), companions),
        lineOf: (path) => lineOfPath(document, source.lineCounter, path),
      },
    ];
  });
}

function toShellScripts(source: SourceFile): ShellScript[] {
  return source.type === 'script' ? [readShellScript(source.path, source.text)] : [];
}

/** Parses every file into the set the rules read. */
export function loadManifestSet(files: readonly ManifestFile[]): ManifestSet {
  const parsed = files.map(parseSourceFile);
  const companions = companionDirectories(files.map((file) => file.path));
  return {
    files: parsed,
    documents: parsed.flatMap((source) => toManifestDocuments(source, companions)),
    scripts: parsed.flatMap(toShellScripts),
  };
}
