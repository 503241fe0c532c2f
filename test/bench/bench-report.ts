import type { BenchBody } from './bench-bodies';
import { SERVERS, type ServerName } from './bench-servers';
import { median } from './cold-start';
import type { ServerRun } from './server-run';
import {
  VISION_DELAY_MS,
  VISION_IDEAL_EVENTS_PER_SECOND,
  VISION_MAX_IN_FLIGHT,
  type VisionRunResult,
} from './vision-run';

/** The targets of DESIGN 5, as ratios of the worker's figure to the others'. */
export const TARGETS = Object.freeze({
  /** events/s ≥ 0.6 × bare */
  eventsPerSecondVsBare: 0.6,
  /** events/s ≥ 5 × functions-framework */
  eventsPerSecondVsFunctionsFramework: 5,
  /** cold start ≤ 1.5 × bare */
  coldStartVsBare: 1.5,
  /** peak memory ≤ 1.3 × bare */
  peakMemoryVsBare: 1.3,
  /** Vision run: ≥ 90 % of the ideal events/s */
  visionShareOfIdeal: 0.9,
});

/** Everything one bench run measured. */
export interface BenchResults {
  readonly load: Readonly<Record<BenchBody, Readonly<Record<ServerName, ServerRun>>>>;
  /** Each spawn's cold start, in milliseconds. */
  readonly coldStartMs: Readonly<Record<ServerName, readonly number[]>>;
  readonly vision: VisionRunResult;
  readonly visionConnections: number;
}

/** One row of the table. */
interface Row {
  readonly body: string;
  readonly figure: string;
  readonly values: Readonly<Record<ServerName, string>>;
  readonly vsBare: string;
  readonly vsFunctionsFramework: string;
  readonly target: string;
  /** `undefined`: a figure without a target. */
  readonly pass: boolean | undefined;
}

const COLUMNS: readonly ServerName[] = ['bare', 'functions-framework', 'worker'];
const MIB = 1024 * 1024;
const none: Readonly<Record<ServerName, string>> = {
  bare: '',
  'functions-framework': '',
  worker: '',
};

const fixed = (value: number, digits: number) => value.toFixed(digits);
const ratio = (worker: number, other: number) => `${fixed(worker / other, 2)}×`;

function byServer(read: (name: ServerName) => string): Record<ServerName, string> {
  return {
    bare: read('bare'),
    'functions-framework': read('functions-framework'),
    worker: read('worker'),
  };
}

function loadRows(body: BenchBody, runs: Readonly<Record<ServerName, ServerRun>>): Row[] {
  const { bare, worker } = runs;
  const ff = runs['functions-framework'];
  const failed = COLUMNS.filter((name) => runs[name].failures > 0);
  const failures = failed.map((name) => `${name}: ${runs[name].failures} failed`).join('; ');
  return [
    {
      body,
      figure: 'events/s',
      values: byServer((name) => fixed(runs[name].eventsPerSecond, 0)),
      vsBare: ratio(worker.eventsPerSecond, bare.eventsPerSecond),
      vsFunctionsFramework: ratio(worker.eventsPerSecond, ff.eventsPerSecond),
      target: `≥ ${TARGETS.eventsPerSecondVsBare}× bare, ≥ ${TARGETS.eventsPerSecondVsFunctionsFramework}× FF, no failed request${failures === '' ? '' : ` (${failures})`}`,
      pass:
        worker.eventsPerSecond >= TARGETS.eventsPerSecondVsBare * bare.eventsPerSecond &&
        worker.eventsPerSecond >=
          TARGETS.eventsPerSecondVsFunctionsFramework * ff.eventsPerSecond &&
        failed.length === 0,
    },
    {
      body,
      figure: 'latency p50 / p99 (ms)',
      values: byServer((name) => `${runs[name].p50LatencyMs} / ${runs[name].p99LatencyMs}`),
      vsBare: ratio(worker.p99LatencyMs, bare.p99LatencyMs),
      vsFunctionsFramework: ratio(worker.p99LatencyMs, ff.p99LatencyMs),
      target: '— (ratios of the p99)',
      pass: undefined,
    },
    {
      body,
      figure: 'CPU per event (µs, all threads)',
      values: byServer((name) => fixed(runs[name].cpuMicrosPerEvent, 0)),
      vsBare: ratio(worker.cpuMicrosPerEvent, bare.cpuMicrosPerEvent),
      vsFunctionsFramework: ratio(worker.cpuMicrosPerEvent, ff.cpuMicrosPerEvent),
      target: '—',
      pass: undefined,
    },
    {
      body,
      figure: 'peak memory (MiB, VmHWM)',
      values: byServer((name) => fixed(runs[name].peakMemoryBytes / MIB, 1)),
      vsBare: ratio(worker.peakMemoryBytes, bare.peakMemoryBytes),
      vsFunctionsFramework: ratio(worker.peakMemoryBytes, ff.peakMemoryBytes),
      target: `≤ ${TARGETS.peakMemoryVsBare}× bare`,
      pass: worker.peakMemoryBytes <= TARGETS.peakMemoryVsBare * bare.peakMemoryBytes,
    },
  ];
}

function coldStartRow(coldStartMs: BenchResults['coldStartMs']): Row {
  const medians = byServer((name) => fixed(median(coldStartMs[name]), 0));
  const bare = median(coldStartMs.bare);
  const worker = median(coldStartMs.worker);
  return {
    body: 'pubsub-push',
    figure: `cold start (ms, median of ${coldStartMs.worker.length} spawns)`,
    values: medians,
    vsBare: ratio(worker, bare),
    vsFunctionsFramework: ratio(worker, median(coldStartMs['functions-framework'])),
    target: `≤ ${TARGETS.coldStartVsBare}× bare`,
    pass: worker <= TARGETS.coldStartVsBare * bare,
  };
}

function visionRows(vision: VisionRunResult, connections: number): Row[] {
  const body = `pubsub-push, Vision ${VISION_DELAY_MS} ms, MAX_IN_FLIGHT ${VISION_MAX_IN_FLIGHT}, ${connections} conn.`;
  const floor = TARGETS.visionShareOfIdeal * VISION_IDEAL_EVENTS_PER_SECOND;
  return [
    {
      body,
      figure: 'events/s (LABELER=vision)',
      values: { ...none, worker: fixed(vision.eventsPerSecond, 0) },
      vsBare: '',
      vsFunctionsFramework: '',
      target: `≥ ${floor} (${TARGETS.visionShareOfIdeal * 100} % of ${VISION_IDEAL_EVENTS_PER_SECOND}), no failed request${vision.failures > 0 ? ` (${vision.failures} failed)` : ''}`,
      pass: vision.eventsPerSecond >= floor && vision.failures === 0,
    },
    {
      body,
      figure: 'latency p50 / p99 (ms); CPU per event (µs)',
      values: {
        ...none,
        worker: `${vision.p50LatencyMs} / ${vision.p99LatencyMs}; ${fixed(vision.cpuMicrosPerEvent, 0)}`,
      },
      vsBare: '',
      vsFunctionsFramework: '',
      target: '—',
      pass: undefined,
    },
    {
      body,
      figure: 'acknowledged events not in RESULTS_FILE',
      values: {
        ...none,
        worker: `${vision.lost} of ${vision.acknowledgedInAll} (${vision.recorded} records)`,
      },
      vsBare: '',
      vsFunctionsFramework: '',
      target: '0',
      pass: vision.lost === 0 && vision.acknowledgedInAll > 0,
    },
  ];
}

/** The rows of one bench run, in the order printed. */
export function benchRows(results: BenchResults): Row[] {
  return [
    ...(Object.entries(results.load) as [BenchBody, Record<ServerName, ServerRun>][]).flatMap(
      ([body, runs]) => loadRows(body, runs),
    ),
    coldStartRow(results.coldStartMs),
    ...visionRows(results.vision, results.visionConnections),
  ];
}

/** Whether every figure with a target met it. */
export function allPassed(rows: readonly Row[]): boolean {
  return rows.every((row) => row.pass !== false);
}

/** The results as one markdown table. */
export function markdownTable(rows: readonly Row[]): string {
  const header = [
    'body',
    'figure',
    ...COLUMNS.map((name) => SERVERS[name].title),
    'worker ÷ bare',
    'worker ÷ FF',
    'target',
    'result',
  ];
  const lines = rows.map((row) => [
    row.body,
    row.figure,
    ...COLUMNS.map((name) => row.values[name]),
    row.vsBare,
    row.vsFunctionsFramework,
    row.target,
    row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL',
  ]);
  return [header, header.map(() => '---'), ...lines]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}
