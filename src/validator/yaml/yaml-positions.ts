/** Line numbers for paths in a parsed YAML document, so that findings point into the file. */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** The 1-based line where `offset` (a character offset into the file) falls. */
export function lineAtOffset(lineCounter: LineCounter, offset: number): number {
  return lineCounter.linePos(offset).line;
}

/**
 * The line of `path` (keys and list indexes from the root) in `document`: the line of the last key
 * (or list item) on the path that is present, so a missing field points at its parent.
 */
export function lineOfPath(
  document: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): number | undefined {
  let node: unknown = document.contents;
  let offset = (document.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lineAtOffset(lineCounter, offset);
}
