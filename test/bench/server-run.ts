import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequestSource, type BenchBody } from './bench-bodies';
import { withEnv, type ServerSpec } from './bench-servers';
import { spawnServer, waitListening } from './child-server';
import { freePort } from '../support/free-port';
import { runLoad, type LoadResult } from './load-run';

/** One server under load with one body. */
export interface ServerRun extends LoadResult {
  /** `VmHWM` after the warm-up and the measured run, in bytes. */
  readonly peakMemoryBytes: number;
  /** The server's CPU time (all threads) in the measured run, in milliseconds. */
  readonly cpuMs: number;
  /** The server's CPU time (all threads) per acknowledged event in the measured run, in µs. */
  readonly cpuMicrosPerEvent: number;
  /**
   * With `checkRecords`: events answered 2xx (warm-up included) that have no `labeled` record in
   * the worker's `RESULTS_FILE` after it stopped; otherwise 0.
   */
  readonly lost: number;
  /** With `checkRecords`: events answered 2xx, warm-up included; otherwise 0. */
  readonly acknowledgedInAll: number;
}

/** How one server is measured. */
export interface ServerRunOptions {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /**
   * Give the worker a `RESULTS_FILE` and, once it stopped (SIGTERM: records flushed), look every
   * acknowledged event up among its `labeled` records (docs/performance.md: nothing lost, ever).
   */
  readonly checkRecords?: boolean;
  /** Called with the event id of each request answered 2xx, warm-up included. */
  readonly onAcknowledged?: (id: string) => void;
}

/**
 * Spawns a fresh server, warms it up, measures one load run with `body`, reads its peak memory,
 * and stops it.
 */
export async function measureServer(
  spec: ServerSpec,
  body: BenchBody,
  options: ServerRunOptions,
): Promise<ServerRun> {
  const work = options.checkRecords ? await mkdtemp(path.join(os.tmpdir(), 'dualrun-bench-')) : '';
  const resultsFile = path.join(work, 'results.jsonl');
  const port = await freePort();
  const server = spawnServer(
    options.checkRecords ? withEnv(spec, { RESULTS_FILE: resultsFile }) : spec,
    port,
  );
  const acknowledged = new Set<string>();
  const load = {
    connections: options.connections,
    ...(options.checkRecords === true || options.onAcknowledged !== undefined
      ? {
          onAcknowledged: (id: string) => {
            if (options.checkRecords === true) acknowledged.add(id);
            options.onAcknowledged?.(id);
          },
        }
      : {}),
  };
  try {
    await waitListening(port);
    const next = createRequestSource(body);
    await runLoad(server.url, next, { ...load, durationSeconds: options.warmupSeconds });
    const cpuBeforeMs = await server.cpuTimeMs();
    const result = await runLoad(server.url, next, {
      ...load,
      durationSeconds: options.durationSeconds,
    });
    const cpuMs = (await server.cpuTimeMs()) - cpuBeforeMs;
    const peakMemoryBytes = await server.peakMemoryBytes();
    await server.stop();
    return {
      ...result,
      peakMemoryBytes,
      cpuMs,
      cpuMicrosPerEvent: (cpuMs * 1000) / Math.max(result.acknowledged, 1),
      lost: options.checkRecords ? await countLost(resultsFile, acknowledged) : 0,
      acknowledgedInAll: acknowledged.size,
    };
  } finally {
    await server.stop();
    if (work !== '') await rm(work, { recursive: true, force: true });
  }
}

/** Acknowledged event ids with no `labeled` record in the results file. */
async function countLost(resultsFile: string, acknowledged: ReadonlySet<string>): Promise<number> {
  const text = await readFile(resultsFile, 'utf8').catch(() => '');
  const labeled = new Set(
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { event: { id: string }; outcome: string })
      .filter((record) => record.outcome === 'labeled')
      .map((record) => record.event.id),
  );
  return [...acknowledged].filter((id) => !labeled.has(id)).length;
}

/**
 * Several rounds of one server and body as one: events/s and CPU per event over all their measured
 * time, the highest p50 and p99 latency and peak memory of any round, failures and losses added up.
 */
export function combineRounds(rounds: readonly ServerRun[]): ServerRun {
  const [first] = rounds;
  if (first === undefined) throw new Error('no round to combine');
  const sum = (read: (run: ServerRun) => number) =>
    rounds.reduce((total, run) => total + read(run), 0);
  const max = (read: (run: ServerRun) => number) => Math.max(...rounds.map(read));
  const acknowledged = sum((run) => run.acknowledged);
  const cpuMs = sum((run) => run.cpuMs);
  const seconds = sum((run) => run.seconds);
  return {
    eventsPerSecond: acknowledged / seconds,
    seconds,
    p50LatencyMs: max((run) => run.p50LatencyMs),
    p99LatencyMs: max((run) => run.p99LatencyMs),
    acknowledged,
    failures: sum((run) => run.failures),
    failureDetail: rounds
      .map((run) => run.failureDetail)
      .filter((detail) => detail !== '')
      .join('; '),
    peakMemoryBytes: max((run) => run.peakMemoryBytes),
    cpuMs,
    cpuMicrosPerEvent: (cpuMs * 1000) / Math.max(acknowledged, 1),
    lost: sum((run) => run.lost),
    acknowledgedInAll: sum((run) => run.acknowledgedInAll),
  };
}
