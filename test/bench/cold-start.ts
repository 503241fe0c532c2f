import { createRequestSource } from './bench-bodies';
import type { ServerSpec } from './bench-servers';
import { spawnServer } from './child-server';
import { freePort } from '../support/free-port';
import { postOnce } from './http-post';

/** How long one spawn may take to answer its first event, in milliseconds. */
const COLD_START_TIMEOUT_MS = 30_000;

/** One spawn's cold start. */
export interface ColdStart {
  /** From spawning the process to the first 2xx answer, in milliseconds. */
  readonly wallMs: number;
  /** The process's CPU time (user + system, all threads) when that answer came, in milliseconds. */
  readonly cpuMs: number;
}

/**
 * Cold start (docs/performance.md): from spawning the server to the first 2xx answer to a Pub/Sub
 * push, POSTing the push again a millisecond after the previous attempt failed (a refused
 * connection before the server listens). With `LABELER=vision` (or a labeling server), that answer
 * is the first labeled event's: the Vision client loaded, created and called.
 *
 * @returns the spawn's times
 * @throws Error when it answers no 2xx within 30 s, or answers a non-2xx status
 */
export async function measureColdStart(spec: ServerSpec): Promise<ColdStart> {
  const port = await freePort();
  const next = createRequestSource('pubsub-push');
  const server = spawnServer(spec, port);
  try {
    let status = 0;
    while (status === 0) {
      if (performance.now() - server.spawnedAtMs > COLD_START_TIMEOUT_MS) {
        throw new Error(`${spec.name} answered no event within ${COLD_START_TIMEOUT_MS} ms`);
      }
      status = await postOnce(port, next());
      // A refused connection fails at once: pause a millisecond rather than spin on a shared CPU.
      if (status === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const wallMs = performance.now() - server.spawnedAtMs;
    const cpuMs = await server.cpuTimeMs();
    if (status < 200 || status > 299) {
      throw new Error(`${spec.name} answered its first push event with ${status}`);
    }
    return { wallMs, cpuMs };
  } finally {
    await server.stop();
  }
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}
