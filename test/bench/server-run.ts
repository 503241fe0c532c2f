import { createRequestSource, type BenchBody } from './bench-bodies';
import type { ServerSpec } from './bench-servers';
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
}

/**
 * Spawns a fresh server, warms it up, measures one load run with `body`, reads its peak memory,
 * and stops it.
 */
export async function measureServer(
  spec: ServerSpec,
  body: BenchBody,
  options: {
    readonly connections: number;
    readonly warmupSeconds: number;
    readonly durationSeconds: number;
  },
): Promise<ServerRun> {
  const port = await freePort();
  const server = spawnServer(spec, port);
  try {
    await waitListening(port);
    const next = createRequestSource(body);
    await runLoad(server.url, next, {
      connections: options.connections,
      durationSeconds: options.warmupSeconds,
    });
    const cpuBeforeMs = await server.cpuTimeMs();
    const result = await runLoad(server.url, next, {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
    });
    const cpuMs = (await server.cpuTimeMs()) - cpuBeforeMs;
    return {
      ...result,
      peakMemoryBytes: await server.peakMemoryBytes(),
      cpuMs,
      cpuMicrosPerEvent: (cpuMs * 1000) / Math.max(result.acknowledged, 1),
    };
  } finally {
    await server.stop();
  }
}

/**
 * Several rounds of one server and body as one: events/s and CPU per event over all their measured
 * time, the highest p50 and p99 latency and peak memory of any round, failures added up.
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
  };
}
