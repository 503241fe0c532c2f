import { createRequestSource, type BenchBody } from './bench-bodies';
import type { ServerSpec } from './bench-servers';
import { freePort, spawnServer, waitListening } from './child-server';
import { runLoad, type LoadResult } from './load-run';

/** One server under load with one body. */
export interface ServerRun extends LoadResult {
  /** `VmHWM` after the warm-up and the measured run, in bytes. */
  readonly peakMemoryBytes: number;
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
      cpuMicrosPerEvent: (cpuMs * 1000) / Math.max(result.acknowledged, 1),
    };
  } finally {
    await server.stop();
  }
}
