/**
 * `npm run bench`: the worker side by side with the other servers of docs/performance.md, on the
 * same machine, one server at a time, on the same bodies: with `LABELER=none` against a bare
 * `node:http` server and the functions framework, and labeling each image with the real Vision
 * client (REST and gRPC, against local stand-ins) against the floor and the functions framework
 * with the same client. Prints one markdown table per set, every figure with its target, and exits
 * 1 when a target is missed.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { BENCH_BODIES, type BenchBody } from './bench-bodies';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './bench-options';
import {
  LABELED_SERVERS,
  PARSE_ONLY_SERVERS,
  pinned,
  SERVER_NAMES,
  type ServerName,
  type ServerSet,
} from './bench-servers';
import { measureColdStart, median, type ColdStart } from './cold-start';
import { pinThisProcess, planPinning, type CpuPinning } from './cpu-pinning';
import { labeledRows } from './labeled-report';
import { measureLabeled } from './labeled-runs';
import { parseOnlyRows } from './parse-only-report';
import { allPassed, markdownTable } from './report-table';
import { combineRounds, measureServer, type ServerRun } from './server-run';

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** Date, CPUs, CPU model, Node version and load average: what the figures depend on. */
function machine(): string {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  return `${new Date().toISOString()}, ${os.availableParallelism()} CPUs (${model ?? os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadAverage()}`;
}

/** Every parse-only server with every body, `rounds` times, the servers taking turns. */
async function measureLoads(
  servers: ServerSet,
  options: BenchOptions,
): Promise<Record<BenchBody, Record<ServerName, ServerRun>>> {
  const roundOptions = { ...options, durationSeconds: options.durationSeconds / options.rounds };
  const load = {} as Record<BenchBody, Record<ServerName, ServerRun>>;
  for (const body of BENCH_BODIES) {
    const rounds: Record<ServerName, ServerRun[]> = {
      baseline: [],
      'functions-framework': [],
      worker: [],
    };
    for (let round = 0; round < options.rounds; round++) {
      for (const name of SERVER_NAMES) {
        rounds[name].push(await measureServer(servers[name], body, roundOptions));
      }
    }
    const runs = {} as Record<ServerName, ServerRun>;
    for (const name of SERVER_NAMES) {
      const run = combineRounds(rounds[name]);
      progress(
        `${body} ${name}: ${run.eventsPerSecond.toFixed(0)} events/s (${rounds[name].map((each) => each.eventsPerSecond.toFixed(0)).join(', ')}), p50 ${run.p50LatencyMs} ms, p99 ${run.p99LatencyMs} ms, ${(run.peakMemoryBytes / 1048576).toFixed(1)} MiB, ${run.cpuMicrosPerEvent.toFixed(0)} µs CPU/event, ${run.failures} failed ${run.failureDetail}`,
      );
      runs[name] = run;
    }
    load[body] = runs;
  }
  return load;
}

/** Cold starts, interleaved (bare, FF, worker, bare, ...), so that load changes hit all alike. */
async function measureColdStarts(
  servers: ServerSet,
  spawns: number,
): Promise<Record<ServerName, ColdStart[]>> {
  const times: Record<ServerName, ColdStart[]> = {
    baseline: [],
    'functions-framework': [],
    worker: [],
  };
  for (let index = 0; index < spawns; index++) {
    for (const name of SERVER_NAMES) times[name].push(await measureColdStart(servers[name]));
  }
  for (const name of SERVER_NAMES) {
    progress(
      `cold start ${name}: median ${median(times[name].map((t) => t.wallMs)).toFixed(0)} ms (${times[name].map((t) => `${t.wallMs.toFixed(0)}/${t.cpuMs}`).join(', ')} wall/CPU ms)`,
    );
  }
  return times;
}

/** How the run was placed on the CPUs, for the report. */
function describePinning(pinning: CpuPinning | undefined): string {
  return pinning === undefined
    ? 'unpinned (servers and load generator share the CPUs)'
    : `each server pinned to CPU ${pinning.serverCpus} (1 vCPU, as deployed), the load generator and the Vision stand-ins to CPU ${pinning.benchCpus}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseBenchOptions(argv, process.env);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  // Read before pinning: a pinned process sees only its own CPUs.
  const startedOn = machine();
  const pinning = options.pinned ? planPinning() : undefined;
  if (pinning !== undefined) pinThisProcess(pinning.benchCpus);
  const parseOnly = pinned(PARSE_ONLY_SERVERS, pinning?.serverCpus);
  const labeled = pinned(LABELED_SERVERS, pinning?.serverCpus);
  progress(`${startedOn}; ${JSON.stringify(options)}; ${describePinning(pinning)}`);
  const coldStarts = await measureColdStarts(parseOnly, options.coldStartSpawns);
  const load = await measureLoads(parseOnly, options);
  const labeledResults = await measureLabeled(labeled, options, progress);
  const parseOnlyTable = parseOnlyRows({ load, coldStarts });
  const labeledTable = labeledRows(labeledResults);
  process.stdout.write(
    `Measured ${startedOn} (start) … load average ${loadAverage()} (end); ` +
      `${describePinning(pinning)}; ${options.connections} connections; per server and body ${options.rounds} × (${options.warmupSeconds} s warm-up + ${options.durationSeconds / options.rounds} s measured), the servers taking turns; ${options.coldStartSpawns} spawns per server for cold starts.\n\n` +
      `LABELER=none (decode, de-duplication, record, log):\n\n${markdownTable(parseOnly, 'bare', parseOnlyTable)}\n\n` +
      `Labeled (the real Vision client; stand-ins answer at once with 10 labels; pushes):\n\n${markdownTable(labeled, 'floor', labeledTable)}\n`,
  );
  const passed = allPassed([...parseOnlyTable, ...labeledTable]);
  progress(passed ? 'every target met' : 'a target was missed');
  return passed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
