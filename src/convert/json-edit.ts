/**
 * Editing the Service being converted: a plain JSON tree (the YAML as read, deep-copied), changed in
 * place by the rules. Reads are safe on any shape (see `object-access.ts`); writes create the
 * mappings on their way.
 */
import { asList, asMapping, valueAt, type Path } from '../validator/core/object-access';

/** A mutable mapping of the tree. */
export type Json = Record<string, unknown>;

/** The mapping at `path`, created (with its parents) when `create` is set and it is missing. */
export function mapAt(root: Json, path: Path, create: true): Json;
export function mapAt(root: Json, path: Path, create?: false): Json | undefined;
export function mapAt(root: Json, path: Path, create = false): Json | undefined {
  let current: unknown = root;
  for (const segment of path) {
    const parent = asMapping(current) as Json | undefined;
    const next = typeof segment === 'number' ? asList(current)[segment] : parent?.[segment];
    if (typeof next === 'object' && next !== null) {
      current = next;
      continue;
    }
    if (!create || typeof segment === 'number' || parent === undefined) return undefined;
    const created: Json = {};
    parent[segment] = created;
    current = created;
  }
  return asMapping(current);
}

/** The list at `path` as a mutable array (empty and unattached when missing). */
export function listAt(root: Json, path: Path): unknown[] {
  const value = valueAt(root, path);
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** The mappings of the list at `path`, with their index. */
export function entriesAt(
  root: Json,
  path: Path,
): { readonly value: Json; readonly index: number }[] {
  return listAt(root, path).flatMap((item, index) => {
    const value = asMapping(item) as Json | undefined;
    return value === undefined ? [] : [{ value, index }];
  });
}

/** Sets `path` to `value`, creating the mappings on the way. */
export function setAt(root: Json, path: Path, value: unknown): void {
  const key = path[path.length - 1];
  if (key === undefined) return;
  mapAt(root, path.slice(0, -1), true)[String(key)] = value;
}

/** Removes the key at `path`; returns the value it had. */
export function removeAt(root: Json, path: Path): unknown {
  const key = path[path.length - 1];
  const parent = mapAt(root, path.slice(0, -1));
  if (key === undefined || parent === undefined) return undefined;
  const value = parent[String(key)];
  Reflect.deleteProperty(parent, String(key));
  return value;
}

/** Removes the mapping or list at `path` when it is empty (an empty `emptyDir: {}` is kept: not listed). */
export function removeIfEmpty(root: Json, path: Path): void {
  const value = valueAt(root, path);
  const empty =
    (Array.isArray(value) && value.length === 0) ||
    (asMapping(value) !== undefined && Object.keys(asMapping(value) ?? {}).length === 0);
  if (empty) removeAt(root, path);
}

/** A deep copy of parsed YAML (plain data: mappings, lists, scalars). */
export function copyJson<T>(value: T): T {
  return structuredClone(value);
}
