/**
 * The folders of src/ depend on each other in one direction only: a loop between two folders (a
 * type of one used by the other and back) hides which folder owns a concept, even where ESLint's
 * file-level `import-x/no-cycle` finds no cycle of files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

/** The folder of src/ a file belongs to: its first path segment (`(root)` for src/*.ts). */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? (parts[0] ?? '(root)') : '(root)';
}

/** Folder → the other folders its files import (static, dynamic and type imports alike). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(SRC, file));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), match[1] ?? '');
      if (!target.startsWith(`${SRC}${path.sep}`)) continue;
      const [from, to] = [folderOf(file), folderOf(`${target}.ts`)];
      if (from === to) continue;
      const edges = graph.get(from) ?? new Set<string>();
      edges.add(to);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every loop of the graph, as the folders along it (depth-first search, each loop once). */
function loops(graph: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const visit = (folder: string, trail: string[]): void => {
    const at = trail.indexOf(folder);
    if (at >= 0) {
      const loop = trail.slice(at);
      const key = [...loop].sort().join(' ');
      if (!found.has(key)) found.set(key, [...loop, folder]);
      return;
    }
    for (const next of graph.get(folder) ?? []) visit(next, [...trail, folder]);
  };
  for (const folder of graph.keys()) visit(folder, []);
  return [...found.values()];
}

test('the folders of src/ import each other without loops', () => {
  const graph = folderGraph();
  expect(graph.size).toBeGreaterThan(5);
  expect(loops(graph).map((loop) => loop.join(' → '))).toEqual([]);
});

test('the loop finder finds a loop of two folders and one of three', () => {
  const graph = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['a', 'c'])],
    ['c', new Set(['d'])],
    ['d', new Set(['e'])],
    ['e', new Set(['c'])],
  ]);
  expect(loops(graph).map((loop) => loop.join(' → '))).toEqual(['a → b → a', 'c → d → e → c']);
});
