/** The parse-only table (`LABELER=none`): the worker against bare `node:http` and the functions framework. */
import type { BenchBody } from './bench-bodies';
import type { ServerName } from './bench-servers';
import type { ColdStart } from './cold-start';
import {
  byServer,
  coldStartMedians,
  failures,
  fixed,
  latencyRow,
  MIB,
  ratio,
  type Row,
} from './report-table';
import type { ServerRun } from './server-run';

/**
 * The targets of docs/performance.md with `LABELER=none`, as ratios of the worker's figure to the
 * others'.
 */
export const PARSE_ONLY_TARGETS = Object.freeze({
  /** events/s ≥ 0.6 × bare */
  eventsPerSecondVsBare: 0.6,
  /** events/s ≥ 5 × functions-framework */
  eventsPerSecondVsFunctionsFramework: 5,
  /** cold start ≤ 1.5 × bare */
  coldStartVsBare: 1.5,
});

/** What the parse-only runs measured. */
export interface ParseOnlyResults {
  readonly load: Readonly<Record<BenchBody, Readonly<Record<ServerName, ServerRun>>>>;
  /** Each spawn's cold start. */
  readonly coldStarts: Readonly<Record<ServerName, readonly ColdStart[]>>;
}

function loadRows(body: BenchBody, runs: Readonly<Record<ServerName, ServerRun>>): Row[] {
  const { baseline: bare, worker } = runs;
  const ff = runs['functions-framework'];
  const failed = failures(runs);
  const targets = PARSE_ONLY_TARGETS;
  return [
    {
      scenario: body,
      figure: 'events/s',
      values: byServer((name) => fixed(runs[name].eventsPerSecond, 0)),
      vsBaseline: ratio(worker.eventsPerSecond, bare.eventsPerSecond),
      vsFunctionsFramework: ratio(worker.eventsPerSecond, ff.eventsPerSecond),
      target: `≥ ${targets.eventsPerSecondVsBare}× bare, ≥ ${targets.eventsPerSecondVsFunctionsFramework}× FF, no failed request${failed.text}`,
      pass:
        worker.eventsPerSecond >= targets.eventsPerSecondVsBare * bare.eventsPerSecond &&
        worker.eventsPerSecond >=
          targets.eventsPerSecondVsFunctionsFramework * ff.eventsPerSecond &&
        !failed.any,
    },
    latencyRow(body, runs),
    {
      scenario: body,
      figure: 'CPU per event (µs, all threads)',
      values: byServer((name) => fixed(runs[name].cpuMicrosPerEvent, 0)),
      vsBaseline: ratio(worker.cpuMicrosPerEvent, bare.cpuMicrosPerEvent),
      vsFunctionsFramework: ratio(worker.cpuMicrosPerEvent, ff.cpuMicrosPerEvent),
      target: '—',
      pass: undefined,
    },
    {
      scenario: body,
      figure: 'peak memory (MiB, VmHWM)',
      values: byServer((name) => fixed(runs[name].peakMemoryBytes / MIB, 1)),
      vsBaseline: ratio(worker.peakMemoryBytes, bare.peakMemoryBytes),
      vsFunctionsFramework: ratio(worker.peakMemoryBytes, ff.peakMemoryBytes),
      target: '—',
      pass: undefined,
    },
  ];
}

function coldStartRow(coldStarts: ParseOnlyResults['coldStarts']): Row {
  const { wallMs, cpuMs } = coldStartMedians(coldStarts);
  return {
    scenario: 'pubsub-push',
    figure: `cold start to the first 2xx (ms, median of ${coldStarts.worker.length} spawns; CPU ms)`,
    values: byServer((name) => `${fixed(wallMs[name], 0)}; ${fixed(cpuMs[name], 0)}`),
    vsBaseline: ratio(wallMs.worker, wallMs.baseline),
    vsFunctionsFramework: ratio(wallMs.worker, wallMs['functions-framework']),
    target: `≤ ${PARSE_ONLY_TARGETS.coldStartVsBare}× bare`,
    pass: wallMs.worker <= PARSE_ONLY_TARGETS.coldStartVsBare * wallMs.baseline,
  };
}

/** The rows of the parse-only table, in the order printed. */
export function parseOnlyRows(results: ParseOnlyResults): Row[] {
  return [
    ...(Object.entries(results.load) as [BenchBody, Record<ServerName, ServerRun>][]).flatMap(
      ([body, runs]) => loadRows(body, runs),
    ),
    coldStartRow(results.coldStarts),
  ];
}
