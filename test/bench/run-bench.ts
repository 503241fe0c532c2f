/**
 * `npm run bench`: the worker side by side with a bare `node:http` server and the functions
 * framework, on the same machine, one server at a time, on the same bodies (DESIGN 5). Prints one
 * markdown table of every figure with its target, and exits 1 when a target is missed.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { BENCH_BODIES, type BenchBody } from './bench-bodies';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './bench-options';
import { allPassed, benchRows, markdownTable, type BenchResults } from './bench-report';
import { pinnedServers, SERVER_NAMES, type ServerName, type ServerSpec } from './bench-servers';
import { pinThisProcess, planPinning, type CpuPinning } from './cpu-pinning';
import { measureColdStarts, median } from './cold-start';
import { combineRounds, measureServer, type ServerRun } from './server-run';
import { runVisionScenario } from './vision-run';

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Date, CPUs, CPU model, Node version and load average: what the figures depend on. */
function machine(): string {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `${new Date().toISOString()}, ${os.availableParallelism()} CPUs (${model ?? os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${load}`;
}

/** Every server with every body, `rounds` times, the servers taking turns; rounds combined. */
async function measureLoads(
  servers: Readonly<Record<ServerName, ServerSpec>>,
  options: BenchOptions,
): Promise<Record<BenchBody, Record<ServerName, ServerRun>>> {
  const roundOptions = { ...options, durationSeconds: options.durationSeconds / options.rounds };
  const load = {} as Record<BenchBody, Record<ServerName, ServerRun>>;
  for (const body of BENCH_BODIES) {
    const rounds: Record<ServerName, ServerRun[]> = {
      bare: [],
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
async function measureColdStartsInterleaved(
  servers: Readonly<Record<ServerName, ServerSpec>>,
  spawns: number,
): Promise<Record<ServerName, number[]>> {
  const times: Record<ServerName, number[]> = { bare: [], 'functions-framework': [], worker: [] };
  for (let index = 0; index < spawns; index++) {
    for (const name of SERVER_NAMES)
      times[name].push(...(await measureColdStarts(servers[name], 1)));
  }
  for (const name of SERVER_NAMES) {
    progress(
      `cold start ${name}: median ${median(times[name]).toFixed(0)} ms (${times[name].map((ms) => ms.toFixed(0)).join(', ')})`,
    );
  }
  return times;
}

/** How the run was placed on the CPUs, for the report. */
function describePinning(pinning: CpuPinning | undefined): string {
  return pinning === undefined
    ? 'unpinned (servers and load generator share the CPUs)'
    : `each server pinned to CPU ${pinning.serverCpus} (1 vCPU, as deployed), the load generator and Vision stand-in to CPU ${pinning.benchCpus}`;
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
  const servers = pinnedServers(pinning?.serverCpus);
  progress(`${startedOn}; ${JSON.stringify(options)}; ${describePinning(pinning)}`);
  const coldStartMs = await measureColdStartsInterleaved(servers, options.coldStartSpawns);
  const load = await measureLoads(servers, options);
  const vision = await runVisionScenario({
    worker: servers.worker,
    connections: options.visionConnections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
  });
  progress(
    `vision: ${vision.eventsPerSecond.toFixed(0)} events/s, p50 ${vision.p50LatencyMs} ms, p99 ${vision.p99LatencyMs} ms, ${vision.cpuMicrosPerEvent.toFixed(0)} µs CPU/event, ${vision.failures} failed ${vision.failureDetail}, ${vision.lost} lost of ${vision.acknowledgedInAll}`,
  );
  const results: BenchResults = {
    load,
    coldStartMs,
    vision,
    visionConnections: options.visionConnections,
  };
  const rows = benchRows(results);
  process.stdout.write(
    `Measured ${startedOn} (start) … load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')} (end); ` +
      `${describePinning(pinning)}; ${options.connections} connections; per server and body ${options.rounds} × (${options.warmupSeconds} s warm-up + ${options.durationSeconds / options.rounds} s measured), the servers taking turns; Vision run ${options.warmupSeconds} s + ${options.durationSeconds} s.\n\n` +
      `${markdownTable(rows)}\n`,
  );
  const passed = allPassed(rows);
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
