/** Renders rows as a plain-text table with a header rule; cells are cut to `maxCellWidth` characters. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  maxCellWidth = 60,
): string {
  const cut = (cell: string): string =>
    cell.length > maxCellWidth ? `${cell.slice(0, maxCellWidth - 1)}…` : cell;
  const cells = [header, ...rows].map((row) => row.map(cut));
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [
    line(head ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map(line),
  ].join('\n');
}
