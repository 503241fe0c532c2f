/** The bench's tables: one row per figure, a column per server, the worker's ratios, the target. */
import { SERVER_NAMES, type ServerName, type ServerSet } from './bench-servers';
import type { ColdStart } from './cold-start';
import { median } from './cold-start';
import type { ServerRun } from './server-run';

/** One row of a table. */
export interface Row {
  /** What was measured: the body, or the transport. */
  readonly scenario: string;
  readonly figure: string;
  readonly values: Readonly<Record<ServerName, string>>;
  /** The worker's figure ÷ the baseline's (bare or floor), e.g. `1.52×`. */
  readonly vsBaseline: string;
  /** The worker's figure ÷ the functions framework's. */
  readonly vsFunctionsFramework: string;
  readonly target: string;
  /** `undefined`: a figure without a target. */
  readonly pass: boolean | undefined;
}

export const MIB = 1024 * 1024;

export const fixed = (value: number, digits: number): string => value.toFixed(digits);
export const ratio = (worker: number, other: number): string => `${fixed(worker / other, 2)}×`;

export const NO_VALUES: Readonly<Record<ServerName, string>> = Object.freeze({
  baseline: '',
  'functions-framework': '',
  worker: '',
});

/** A value per server. */
export function byServer(read: (name: ServerName) => string): Record<ServerName, string> {
  return {
    baseline: read('baseline'),
    'functions-framework': read('functions-framework'),
    worker: read('worker'),
  };
}

/** Which servers failed requests, for a target's text: `; worker: 3 failed`, or empty. */
export function failures(runs: Readonly<Record<ServerName, ServerRun>>): {
  readonly text: string;
  readonly any: boolean;
} {
  const failed = SERVER_NAMES.filter((name) => runs[name].failures > 0);
  const text = failed.map((name) => `${name}: ${runs[name].failures} failed`).join('; ');
  return { text: text === '' ? '' : ` (${text})`, any: failed.length > 0 };
}

/** The row of the latency figures (no target: ratios of the p99). */
export function latencyRow(scenario: string, runs: Readonly<Record<ServerName, ServerRun>>): Row {
  return {
    scenario,
    figure: 'latency p50 / p99 (ms)',
    values: byServer((name) => `${runs[name].p50LatencyMs} / ${runs[name].p99LatencyMs}`),
    vsBaseline: ratio(runs.worker.p99LatencyMs, runs.baseline.p99LatencyMs),
    vsFunctionsFramework: ratio(runs.worker.p99LatencyMs, runs['functions-framework'].p99LatencyMs),
    target: '— (ratios of the p99)',
    pass: undefined,
  };
}

/** Medians of spawns' cold starts, per server: wall and CPU. */
export function coldStartMedians(spawns: Readonly<Record<ServerName, readonly ColdStart[]>>): {
  readonly wallMs: Record<ServerName, number>;
  readonly cpuMs: Record<ServerName, number>;
} {
  const of = (read: (start: ColdStart) => number) =>
    Object.fromEntries(
      SERVER_NAMES.map((name) => [name, median(spawns[name].map(read))]),
    ) as Record<ServerName, number>;
  return { wallMs: of((start) => start.wallMs), cpuMs: of((start) => start.cpuMs) };
}

/** Whether every figure with a target met it. */
export function allPassed(rows: readonly Row[]): boolean {
  return rows.every((row) => row.pass !== false);
}

/** Rows as one markdown table, headed by the set's server titles; `baseline`: `bare`, `floor`. */
export function markdownTable(set: ServerSet, baseline: string, rows: readonly Row[]): string {
  const header = [
    'scenario',
    'figure',
    ...SERVER_NAMES.map((name) => set[name].title),
    `worker ÷ ${baseline}`,
    'worker ÷ FF',
    'target',
    'result',
  ];
  const lines = rows.map((row) => [
    row.scenario,
    row.figure,
    ...SERVER_NAMES.map((name) => row.values[name]),
    row.vsBaseline,
    row.vsFunctionsFramework,
    row.target,
    row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL',
  ]);
  return [header, header.map(() => '---'), ...lines]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}
