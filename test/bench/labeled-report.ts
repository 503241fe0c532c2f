/**
 * The labeled table: the worker (`LABELER=vision`) against the floor and the functions framework
 * with the same Vision client, on each transport of the client, what its log line costs, and what
 * result events cost.
 */
import type { ServerName } from './bench-servers';
import type { ColdStart } from './cold-start';
import {
  byServer,
  coldStartMedians,
  failures,
  fixed,
  latencyRow,
  MIB,
  NO_VALUES,
  ratio,
  type Row,
} from './report-table';
import type { LogLineCost } from './log-line-cost';
import { resultEventRows } from './result-event-report';
import type { ResultEventResults } from './result-event-runs';
import type { ServerRun } from './server-run';
import { TRANSPORT_TITLES, type Transport } from './vision-stand-ins';

/**
 * The targets of docs/performance.md for labeled images, as ratios of the worker's figure to the
 * others'.
 */
export const LABELED_TARGETS = Object.freeze({
  /** spawn → first labeled 204 ≤ 2.5 × the floor */
  firstLabeledVsFloor: 2.5,
  /** spawn → first labeled 204 ≤ 0.4 × functions-framework */
  firstLabeledVsFunctionsFramework: 0.4,
  /** CPU per labeled event ≤ 4 × the floor */
  cpuPerEventVsFloor: 4,
  /** CPU per labeled event ≤ 0.25 × functions-framework */
  cpuPerEventVsFunctionsFramework: 0.25,
  /** peak memory under the labeled load ≤ 0.8 × functions-framework */
  peakMemoryVsFunctionsFramework: 0.8,
});

/** What the labeled runs measured, per transport (the floor is the same REST server in both). */
export interface LabeledResults {
  readonly load: Readonly<Record<Transport, Readonly<Record<ServerName, ServerRun>>>>;
  readonly firstLabeled: Readonly<
    Record<Transport, Readonly<Record<ServerName, readonly ColdStart[]>>>
  >;
  /** The worker on gRPC with `LOG_LEVEL=warn` (no log line per event), beside `load.grpc.worker`. */
  readonly withoutLogLine: ServerRun;
  /** The labels' share of a log line, measured on the logger alone. */
  readonly logLine: LogLineCost;
  /** The worker on gRPC with result events off, as the reply, and published. */
  readonly resultEvents: ResultEventResults;
}

function firstLabeledRow(
  scenario: string,
  spawns: Readonly<Record<ServerName, readonly ColdStart[]>>,
): Row {
  const { wallMs, cpuMs } = coldStartMedians(spawns);
  const targets = LABELED_TARGETS;
  return {
    scenario,
    figure: `spawn → first labeled 204 (ms, median of ${spawns.worker.length} spawns; CPU ms)`,
    values: byServer((name) => `${fixed(wallMs[name], 0)}; ${fixed(cpuMs[name], 0)}`),
    vsBaseline: ratio(wallMs.worker, wallMs.baseline),
    vsFunctionsFramework: ratio(wallMs.worker, wallMs['functions-framework']),
    target: `≤ ${targets.firstLabeledVsFloor}× floor, ≤ ${targets.firstLabeledVsFunctionsFramework}× FF`,
    pass:
      wallMs.worker <= targets.firstLabeledVsFloor * wallMs.baseline &&
      wallMs.worker <= targets.firstLabeledVsFunctionsFramework * wallMs['functions-framework'],
  };
}

function loadRows(scenario: string, runs: Readonly<Record<ServerName, ServerRun>>): Row[] {
  const { baseline: floor, worker } = runs;
  const ff = runs['functions-framework'];
  const failed = failures(runs);
  const targets = LABELED_TARGETS;
  return [
    {
      scenario,
      figure: 'CPU per labeled event (µs, all threads)',
      values: byServer((name) => fixed(runs[name].cpuMicrosPerEvent, 0)),
      vsBaseline: ratio(worker.cpuMicrosPerEvent, floor.cpuMicrosPerEvent),
      vsFunctionsFramework: ratio(worker.cpuMicrosPerEvent, ff.cpuMicrosPerEvent),
      target: `≤ ${targets.cpuPerEventVsFloor}× floor, ≤ ${targets.cpuPerEventVsFunctionsFramework}× FF`,
      pass:
        worker.cpuMicrosPerEvent <= targets.cpuPerEventVsFloor * floor.cpuMicrosPerEvent &&
        worker.cpuMicrosPerEvent <= targets.cpuPerEventVsFunctionsFramework * ff.cpuMicrosPerEvent,
    },
    {
      scenario,
      figure: 'events/s',
      values: byServer((name) => fixed(runs[name].eventsPerSecond, 0)),
      vsBaseline: ratio(worker.eventsPerSecond, floor.eventsPerSecond),
      vsFunctionsFramework: ratio(worker.eventsPerSecond, ff.eventsPerSecond),
      target: `no failed request${failed.text}`,
      pass: !failed.any,
    },
    latencyRow(scenario, runs),
    {
      scenario,
      figure: 'peak memory (MiB, VmHWM)',
      values: byServer((name) => fixed(runs[name].peakMemoryBytes / MIB, 1)),
      vsBaseline: ratio(worker.peakMemoryBytes, floor.peakMemoryBytes),
      vsFunctionsFramework: ratio(worker.peakMemoryBytes, ff.peakMemoryBytes),
      target: `≤ ${targets.peakMemoryVsFunctionsFramework}× FF`,
      pass: worker.peakMemoryBytes <= targets.peakMemoryVsFunctionsFramework * ff.peakMemoryBytes,
    },
    {
      scenario,
      figure: 'acknowledged events not in RESULTS_FILE',
      values: { ...NO_VALUES, worker: `${worker.lost} of ${worker.acknowledgedInAll}` },
      vsBaseline: '',
      vsFunctionsFramework: '',
      target: '0',
      pass: worker.lost === 0 && worker.acknowledgedInAll > 0,
    },
  ];
}

/** The cost of the worker's log line per labeled event (its labels included), on gRPC. */
function logLineRows(withLine: ServerRun, withoutLine: ServerRun, logLine: LogLineCost): Row[] {
  const cost = withLine.cpuMicrosPerEvent - withoutLine.cpuMicrosPerEvent;
  const labels = logLine.withLabelsMicros - logLine.countOnlyMicros;
  const row = (figure: string, worker: string): Row => ({
    scenario: TRANSPORT_TITLES.grpc,
    figure,
    values: { ...NO_VALUES, worker },
    vsBaseline: '',
    vsFunctionsFramework: '',
    target: '—',
    pass: undefined,
  });
  return [
    row(
      'the log line: CPU per labeled event at LOG_LEVEL=info − at warn (µs)',
      `${fixed(withLine.cpuMicrosPerEvent, 0)} − ${fixed(withoutLine.cpuMicrosPerEvent, 0)} = ${fixed(cost, 0)}`,
    ),
    row(
      'the labels in it: a line with 10 labels − with the count only (µs, logger alone)',
      `${fixed(logLine.withLabelsMicros, 2)} − ${fixed(logLine.countOnlyMicros, 2)} = ${fixed(labels, 2)}`,
    ),
  ];
}

/** The rows of the labeled table, in the order printed. */
export function labeledRows(results: LabeledResults): Row[] {
  return [
    ...(Object.keys(TRANSPORT_TITLES) as Transport[]).flatMap((transport) => [
      firstLabeledRow(TRANSPORT_TITLES[transport], results.firstLabeled[transport]),
      ...loadRows(TRANSPORT_TITLES[transport], results.load[transport]),
    ]),
    ...logLineRows(results.load.grpc.worker, results.withoutLogLine, results.logLine),
    ...resultEventRows(results.resultEvents),
  ];
}
