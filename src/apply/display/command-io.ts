/** What `apply` and `status` write to and read the time from, passed in by the entry. */
import type { Clock } from '../../cluster/clock';
import { qualifiedName } from '../../cluster/kube-object';
import { stateText, type ObjectState } from './object-state';
import type { PlannedObject } from '../plan-objects';
import {
  createProgressTable,
  type DisplayMode,
  type ProgressTable,
  type TextOutput,
} from './progress-table';

/** The output and the clock of one run. */
export interface CommandIo {
  /** The progress table and the last line (stdout). */
  readonly out: TextOutput;
  /** `terminal` when `out` is a terminal (redrawn in place), else `lines` (CI, pipes). */
  readonly mode: DisplayMode;
  /** The terminal's width in characters. */
  readonly columns?: number;
  /** The terminal's height in lines. */
  readonly rows?: number;
  readonly clock: Clock;
}

/** A progress table with a row per planned object; `show` sets a row's state. */
export function objectTable(
  planned: readonly PlannedObject[],
  io: CommandIo,
): { readonly show: (index: number, state: ObjectState) => void; readonly table: ProgressTable } {
  const table = createProgressTable(
    planned.map(({ ref }) => ({ kind: ref.kind, name: qualifiedName(ref) })),
    io.out,
    {
      mode: io.mode,
      ...(io.columns === undefined ? {} : { columns: io.columns }),
      ...(io.rows === undefined ? {} : { rows: io.rows }),
    },
  );
  return {
    table,
    show: (index, state) => {
      table.set(index, stateText(state));
    },
  };
}
