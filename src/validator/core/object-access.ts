/**
 * Safe reads from parsed YAML (`unknown` all the way down): each returns `undefined` or an empty
 * list rather than throwing when a manifest has an unexpected shape. The schema check reports the
 * shape; the rules only read what is there.
 */

/**
 * Where in a manifest a finding points: the keys and list indexes from the document root, e.g.
 * `['spec', 'template', 'spec', 'containers', 0, 'ports']`.
 */
export type Path = readonly (string | number)[];

/** A YAML mapping as parsed. */
export type Mapping = Readonly<Record<string, unknown>>;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A path as people read it: `spec.template.spec.containers[0].ports`, keys that are not plain
 * identifiers in brackets (`metadata.annotations["autoscaling.knative.dev/min-scale"]`). The empty
 * path is `(document)`.
 */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(document)' : text;
}

/** The value as a mapping, or `undefined` for anything else (lists and null included). */
export function asMapping(value: unknown): Mapping | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Mapping)
    : undefined;
}

/** The value as a list, or an empty list for anything else. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}

/** The value at `path` below `root`, or `undefined` where any step is missing. */
export function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') current = asList(current)[segment];
    else current = asMapping(current)?.[segment];
    if (current === undefined) return undefined;
  }
  return current;
}

/** In a {@link valuesAt} pattern: each item of a list. */
export const ITEM = Symbol('each list item');
/** In a {@link valuesAt} pattern: each entry of a mapping. */
export const KEY = Symbol('each mapping entry');

/** A path with wildcards: {@link ITEM} for each list item, {@link KEY} for each mapping entry. */
export type Pattern = readonly (string | number | typeof ITEM | typeof KEY)[];

/**
 * Every value a pattern reaches below `root`, with its path (the last segment is the value's index
 * or key). A wildcard steps into the entries present; a plain segment steps as {@link valueAt}
 * does, so the value may be `undefined` (a missing field is reported by the check that reads it).
 */
export function valuesAt(
  root: unknown,
  pattern: Pattern,
  at: Path = [],
): { readonly path: Path; readonly value: unknown }[] {
  const [head, ...rest] = pattern;
  if (head === undefined) return [{ path: at, value: root }];
  if (head === ITEM) return asList(root).flatMap((item, i) => valuesAt(item, rest, [...at, i]));
  if (head === KEY)
    return Object.entries(asMapping(root) ?? {}).flatMap(([key, value]) =>
      valuesAt(value, rest, [...at, key]),
    );
  return valuesAt(valueAt(root, [head]), rest, [...at, head]);
}

/** The mapping at `path`, or `undefined`. */
export function mappingAt(root: unknown, path: Path): Mapping | undefined {
  return asMapping(valueAt(root, path));
}

/** The list at `path`, or an empty list. */
export function listAt(root: unknown, path: Path): readonly unknown[] {
  return asList(valueAt(root, path));
}

/** The string at `path`, or `undefined` for a missing or non-string value. */
export function stringAt(root: unknown, path: Path): string | undefined {
  const value = valueAt(root, path);
  return typeof value === 'string' ? value : undefined;
}

/** The number at `path`, or `undefined` for a missing or non-number value. */
export function numberAt(root: unknown, path: Path): number | undefined {
  const value = valueAt(root, path);
  return typeof value === 'number' ? value : undefined;
}

/** The string-valued entries of the mapping at `path` (labels, annotations), in document order. */
export function stringEntriesAt(root: unknown, path: Path): readonly (readonly [string, string])[] {
  return Object.entries(mappingAt(root, path) ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
}

/** Quotes a value for a message: strings in double quotes, everything else as JSON. */
export function quote(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
