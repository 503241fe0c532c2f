import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeVisionServer } from '../support/fake-vision-server';
import { createRequestSource } from './bench-bodies';
import type { ServerSpec } from './bench-servers';
import { spawnServer, waitListening } from './child-server';
import { freePort } from '../support/free-port';
import { runLoad, type LoadResult } from './load-run';

/** How long the Vision stand-in takes to answer, in milliseconds (DESIGN 5). */
export const VISION_DELAY_MS = 100;
/** `MAX_IN_FLIGHT` of the Vision run (DESIGN 5). */
export const VISION_MAX_IN_FLIGHT = 80;
/** The ideal rate: every in-flight slot busy with one 100 ms call, in events per second. */
export const VISION_IDEAL_EVENTS_PER_SECOND = (VISION_MAX_IN_FLIGHT * 1000) / VISION_DELAY_MS;

/** Resolves once the worker's `/readyz` reports no event in flight (polling every 20 ms, 30 s at most). */
async function waitIdle(url: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const body = (await fetch(`${url}/readyz`).then((response) => response.json())) as {
      inFlight?: number;
    };
    if (body.inFlight === 0) return;
    if (performance.now() > deadline)
      throw new Error(`the worker stays busy: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What the Vision run gave. */
export interface VisionRunResult extends LoadResult {
  /** Lines in RESULTS_FILE after the worker stopped. */
  readonly recorded: number;
  /** Acknowledged events (warm-up included) with no `labeled` record. */
  readonly lost: number;
  /** Acknowledged events, warm-up included. */
  readonly acknowledgedInAll: number;
  /** The worker's CPU time (all threads) per acknowledged event in the measured run, in µs. */
  readonly cpuMicrosPerEvent: number;
}

/**
 * The worker with `LABELER=vision` against a Vision-compatible server that answers every
 * `images:annotate` in 100 ms, `MAX_IN_FLIGHT=80`, loaded over `connections` connections with
 * Pub/Sub pushes; then SIGTERM (records flushed) and every acknowledged event looked up by id in
 * RESULTS_FILE.
 */
export async function runVisionScenario(options: {
  /** The worker as the other runs start it (`SERVERS.worker`, maybe pinned). */
  readonly worker: ServerSpec;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}): Promise<VisionRunResult> {
  const vision = await startFakeVisionServer({
    kind: 'delay',
    delayMs: VISION_DELAY_MS,
    then: {
      kind: 'labels',
      labels: [{ description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.98 }],
    },
  });
  const work = await mkdtemp(path.join(os.tmpdir(), 'dualrun-bench-'));
  const resultsFile = path.join(work, 'results.jsonl');
  try {
    const port = await freePort();
    const worker = spawnServer(options.worker, port, {
      LABELER: 'vision',
      VISION_API_ENDPOINT: vision.url,
      MAX_IN_FLIGHT: String(VISION_MAX_IN_FLIGHT),
      RESULTS_FILE: resultsFile,
    });
    const acknowledged = new Set<string>();
    const onAcknowledged = (id: string) => acknowledged.add(id);
    const next = createRequestSource('pubsub-push');
    let result: LoadResult;
    let cpuMs: number;
    try {
      await waitListening(port);
      const load = { connections: options.connections, onAcknowledged };
      await runLoad(worker.url, next, { ...load, durationSeconds: options.warmupSeconds });
      // autocannon drops its connections at the end of a run with requests still in flight; the
      // worker finishes them (they hold in-flight slots), so the measured run starts once it idles.
      await waitIdle(worker.url);
      const cpuBeforeMs = await worker.cpuTimeMs();
      result = await runLoad(worker.url, next, {
        ...load,
        durationSeconds: options.durationSeconds,
      });
      cpuMs = (await worker.cpuTimeMs()) - cpuBeforeMs;
    } finally {
      await worker.stop();
    }
    const records = (await readFile(resultsFile, 'utf8')).split('\n').filter((line) => line !== '');
    const labeled = new Set(
      records
        .map((line) => JSON.parse(line) as { event: { id: string }; outcome: string })
        .filter((record) => record.outcome === 'labeled')
        .map((record) => record.event.id),
    );
    const lost = [...acknowledged].filter((id) => !labeled.has(id)).length;
    return {
      ...result,
      recorded: records.length,
      lost,
      acknowledgedInAll: acknowledged.size,
      cpuMicrosPerEvent: (cpuMs * 1000) / Math.max(result.acknowledged, 1),
    };
  } finally {
    await vision.close();
    await rm(work, { recursive: true, force: true });
  }
}
