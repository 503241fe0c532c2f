/**
 * The valid manifest fixtures (test/fixtures/manifests/) and helpers that build negative examples
 * by mutating one object of one fixture file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { ManifestFile } from '../../src/validator/core/load-documents';

const ROOT = join(__dirname, '..', 'fixtures', 'manifests');

/** Fixture files by their path relative to test/fixtures/manifests. */
export const FIXTURE_PATHS = {
  knative: 'knative/worker.yaml',
  source: 'knative/source.yaml',
  receiver: 'knative/dead-letter-receiver.yaml',
  knativeKcc: 'knative/wiring/config-connector.yaml',
  knativeScript: 'knative/wiring/setup.sh',
  service: 'cloudrun/service.yaml',
  kcc: 'cloudrun/config-connector.yaml',
  script: 'cloudrun/setup.sh',
} as const;
export type FixtureName = keyof typeof FIXTURE_PATHS;

/** The fixtures as `{path, text}` (paths relative, as the validator reports them). */
export function fixtureFiles(): ManifestFile[] {
  return Object.values(FIXTURE_PATHS).map((path) => ({
    path,
    text: readFileSync(join(ROOT, path), 'utf8'),
  }));
}

/** The absolute fixture directories, for `validateDirectories`. */
export const FIXTURE_DIRECTORIES = [join(ROOT, 'knative'), join(ROOT, 'cloudrun')];

type Mutable = Record<string | number, unknown>;
type Key = string | number;

/** A mutation applied in place to one parsed object. */
export type Mutation = (object: Mutable) => void;

function parentOf(object: Mutable, path: readonly Key[]): Mutable {
  let current: Mutable = object;
  for (const key of path.slice(0, -1)) {
    current[key] ??= {};
    current = current[key] as Mutable;
  }
  return current;
}

/** Sets the value at `path`, creating mappings on the way. */
export const set =
  (path: readonly Key[], value: unknown): Mutation =>
  (object) => {
    parentOf(object, path)[path[path.length - 1] ?? ''] = value;
  };

/** Deletes the value at `path`. */
export const remove =
  (path: readonly Key[]): Mutation =>
  (object) => {
    const parent = parentOf(object, path);
    const key = path[path.length - 1] ?? '';
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else Reflect.deleteProperty(parent, key);
  };

/** Appends to the list at `path`. */
export const append =
  (path: readonly Key[], value: unknown): Mutation =>
  (object) => {
    const parent = parentOf(object, path);
    const key = path[path.length - 1] ?? '';
    parent[key] = [...((parent[key] as unknown[] | undefined) ?? []), value];
  };

/** Several mutations in order. */
export const all =
  (...mutations: Mutation[]): Mutation =>
  (object) => {
    for (const mutation of mutations) mutation(object);
  };

/**
 * All fixture files, with the object of `kind` (and `name`, when given) in `fixture` mutated
 * and the file re-serialized.
 */
export function mutateObject(
  fixture: FixtureName,
  kind: string,
  mutation: Mutation,
  name?: string,
): ManifestFile[] {
  return mutateObjects(fixture, [name === undefined ? [kind, mutation] : [kind, mutation, name]]);
}

/** One object of a fixture file to change: its kind, the change, and its name when several. */
export type ObjectMutation = readonly [kind: string, mutation: Mutation, name?: string];

/** All fixture files, with several objects of `fixture` mutated (in order) and re-serialized. */
export function mutateObjects(
  fixture: FixtureName,
  mutations: readonly ObjectMutation[],
): ManifestFile[] {
  const path = FIXTURE_PATHS[fixture];
  return fixtureFiles().map((file) => {
    if (file.path !== path) return file;
    const objects = parseAllDocuments(file.text).map((document) => document.toJS() as Mutable);
    for (const [kind, mutation, name] of mutations) {
      const target = objects.find(
        (object) =>
          object['kind'] === kind &&
          (name === undefined || (object['metadata'] as Mutable | undefined)?.['name'] === name),
      );
      if (target === undefined) throw new Error(`no ${kind} ${name ?? ''} in ${path}`);
      mutation(target);
    }
    return { path, text: objects.map((object) => stringify(object)).join('---\n') };
  });
}

/** All fixture files with the text of `fixture` transformed (for YAML-level mutations). */
export function mutateText(
  fixture: FixtureName,
  transform: (text: string) => string,
): ManifestFile[] {
  const path = FIXTURE_PATHS[fixture];
  return fixtureFiles().map((file) => {
    if (file.path !== path) return file;
    const text = transform(file.text);
    if (text === file.text) throw new Error(`the transform left ${path} unchanged`);
    return { path, text };
  });
}

/** `spec.template.spec` */
export const POD = ['spec', 'template', 'spec'] as const;
/** The first container. */
export const C0 = [...POD, 'containers', 0] as const;
/** `spec.template.metadata.annotations` */
export const TEMPLATE_ANNOTATIONS = ['spec', 'template', 'metadata', 'annotations'] as const;
