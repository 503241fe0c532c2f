/**
 * The progress display: one line per object, `Kind  namespace/name  state`. On a terminal the
 * lines are redrawn in place as states change (ANSI cursor movement, each line cut to the
 * terminal's width so none wraps); elsewhere (CI logs, a pipe) a line is printed each time an
 * object's state changes, so the log reads as a history.
 *
 * @see https://invisible-island.net/xterm/ctlseqs/ctlseqs.html (CUU, EL)
 */

/** Where the table is written: stdout, or a buffer in tests. */
export interface TextOutput {
  write(text: string): void;
}

/** `terminal`: redraw in place; `lines`: one line per change. */
export type DisplayMode = 'terminal' | 'lines';

/** Options of `createProgressTable`. */
export interface ProgressTableOptions {
  readonly mode: DisplayMode;
  /** The terminal's width in characters (`terminal` mode cuts lines to it). @default 120 */
  readonly columns?: number;
  /**
   * The terminal's height in lines: a table as tall or taller is written as `lines`, since the
   * cursor cannot move back above the top of the screen. @default no limit
   */
  readonly rows?: number;
}

/** A row's label: its kind and name. */
export interface RowLabel {
  readonly kind: string;
  /** `namespace/name`, or `name` for a cluster-scoped object. */
  readonly name: string;
}

/** A table of rows whose state text changes. */
export interface ProgressTable {
  /** Sets row `index`'s state text; the display changes only when the text does. */
  set(index: number, text: string): void;
}

const CURSOR_UP = (lines: number): string => `\x1b[${lines}A`;
const CLEAR_LINE = '\r\x1b[2K';

function cut(line: string, columns: number): string {
  return line.length < columns ? line : `${line.slice(0, Math.max(0, columns - 2))}…`;
}

/**
 * A progress table of `labels` on `output`. In `terminal` mode (on a terminal tall enough) every
 * row is drawn at once (`pending` until set).
 */
export function createProgressTable(
  labels: readonly RowLabel[],
  output: TextOutput,
  options: ProgressTableOptions,
): ProgressTable {
  const kindWidth = Math.max(...labels.map((label) => label.kind.length));
  const nameWidth = Math.max(...labels.map((label) => label.name.length));
  const prefixes = labels.map(
    (label) => `${label.kind.padEnd(kindWidth)}  ${label.name.padEnd(nameWidth)}  `,
  );
  const texts = labels.map(() => 'pending');
  const columns = options.columns ?? 120;
  const inPlace =
    options.mode === 'terminal' && (options.rows === undefined || labels.length < options.rows);
  let drawn = 0;

  const redraw = (): void => {
    const lines = prefixes.map(
      (prefix, i) => `${CLEAR_LINE}${cut(`${prefix}${texts[i] ?? ''}`, columns)}\n`,
    );
    output.write(`${drawn > 0 ? CURSOR_UP(drawn) : ''}${lines.join('')}`);
    drawn = lines.length;
  };

  if (inPlace) redraw();
  return {
    set(index, text) {
      if (texts[index] === text) return;
      texts[index] = text;
      if (inPlace) redraw();
      else output.write(`${prefixes[index] ?? ''}${text}\n`);
    },
  };
}
