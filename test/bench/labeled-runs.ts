/**
 * The labeled runs: each image labeled by a local Vision stand-in (`./vision-stand-ins.ts`), on
 * each transport of the client. The floor always speaks REST: it is measured once per round and
 * stands in both transports' rows. The servers take turns, so that a change in the machine's
 * other load hits all of them.
 */
import {
  SERVER_NAMES,
  withEnv,
  type ServerName,
  type ServerSet,
  type ServerSpec,
} from './bench-servers';
import type { BenchOptions } from './bench-options';
import { measureColdStart, median, type ColdStart } from './cold-start';
import type { LabeledResults } from './labeled-report';
import { measureLogLineCost } from './log-line-cost';
import { measureResultEvents } from './result-event-runs';
import { combineRounds, measureServer, type ServerRun } from './server-run';
import { startVisionStandIns, TRANSPORT_TITLES, type Transport } from './vision-stand-ins';

const TRANSPORTS = Object.keys(TRANSPORT_TITLES) as Transport[];

type Progress = (line: string) => void;

/** An empty list per transport and server. */
function perTransport<T>(): Record<Transport, Record<ServerName, T[]>> {
  const lists = () => ({ baseline: [], 'functions-framework': [], worker: [] });
  return { rest: lists(), grpc: lists() };
}

/** The servers of one transport, pointed at its stand-in (the floor at the REST one). */
function serversFor(
  servers: ServerSet,
  urls: Readonly<Record<Transport, string>>,
  transport: Transport,
): Record<ServerName, ServerSpec> {
  return {
    baseline: withEnv(servers.baseline, { VISION_API_ENDPOINT: urls.rest }),
    'functions-framework': withEnv(servers['functions-framework'], {
      VISION_API_ENDPOINT: urls[transport],
    }),
    worker: withEnv(servers.worker, { VISION_API_ENDPOINT: urls[transport] }),
  };
}

/** Spawn → first labeled 204, `spawns` times per server and transport, all taking turns. */
async function measureFirstLabeled(
  specs: Readonly<Record<Transport, Record<ServerName, ServerSpec>>>,
  spawns: number,
  progress: Progress,
): Promise<LabeledResults['firstLabeled']> {
  const times = perTransport<ColdStart>();
  for (let index = 0; index < spawns; index++) {
    const floor = await measureColdStart(specs.rest.baseline);
    for (const transport of TRANSPORTS) {
      times[transport].baseline.push(floor);
      for (const name of ['functions-framework', 'worker'] as const) {
        times[transport][name].push(await measureColdStart(specs[transport][name]));
      }
    }
  }
  for (const transport of TRANSPORTS) {
    for (const name of SERVER_NAMES) {
      const all = times[transport][name];
      progress(
        `first labeled ${transport} ${name}: median ${median(all.map((t) => t.wallMs)).toFixed(0)} ms (${all.map((t) => `${t.wallMs.toFixed(0)}/${t.cpuMs}`).join(', ')} wall/CPU ms)`,
      );
    }
  }
  return times;
}

function describe(run: ServerRun): string {
  return `${run.eventsPerSecond.toFixed(0)} events/s, p50 ${run.p50LatencyMs} ms, p99 ${run.p99LatencyMs} ms, ${(run.peakMemoryBytes / 1048576).toFixed(1)} MiB, ${run.cpuMicrosPerEvent.toFixed(0)} µs CPU/event, ${run.failures} failed ${run.failureDetail}${run.acknowledgedInAll > 0 ? `, ${run.lost} lost of ${run.acknowledgedInAll}` : ''}`;
}

/** The load runs, `rounds` times, the servers taking turns; plus the worker without its log line. */
async function measureLabeledLoads(
  specs: Readonly<Record<Transport, Record<ServerName, ServerSpec>>>,
  options: BenchOptions,
  progress: Progress,
): Promise<Pick<LabeledResults, 'load' | 'withoutLogLine'>> {
  const roundOptions = {
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds / options.rounds,
  };
  const rounds = perTransport<ServerRun>();
  const withoutLogLine: ServerRun[] = [];
  const quietWorker = withEnv(specs.grpc.worker, { LOG_LEVEL: 'warn' });
  for (let round = 0; round < options.rounds; round++) {
    const floor = await measureServer(specs.rest.baseline, 'pubsub-push', roundOptions);
    for (const transport of TRANSPORTS) {
      rounds[transport].baseline.push(floor);
      rounds[transport]['functions-framework'].push(
        await measureServer(specs[transport]['functions-framework'], 'pubsub-push', roundOptions),
      );
      rounds[transport].worker.push(
        await measureServer(specs[transport].worker, 'pubsub-push', {
          ...roundOptions,
          checkRecords: true,
        }),
      );
    }
    withoutLogLine.push(await measureServer(quietWorker, 'pubsub-push', roundOptions));
  }
  const load = {} as Record<Transport, Record<ServerName, ServerRun>>;
  for (const transport of TRANSPORTS) {
    const combined = {} as Record<ServerName, ServerRun>;
    for (const name of SERVER_NAMES) {
      combined[name] = combineRounds(rounds[transport][name]);
      progress(`labeled ${transport} ${name}: ${describe(combined[name])}`);
    }
    load[transport] = combined;
  }
  const quiet = combineRounds(withoutLogLine);
  progress(`labeled grpc worker, LOG_LEVEL=warn: ${describe(quiet)}`);
  return { load, withoutLogLine: quiet };
}

/**
 * Starts the stand-ins, measures first labeled events, the load runs, the log line and the result
 * events, stops the stand-ins.
 */
export async function measureLabeled(
  servers: ServerSet,
  options: BenchOptions,
  progress: Progress,
): Promise<LabeledResults> {
  const standIns = await startVisionStandIns();
  try {
    const specs = Object.fromEntries(
      TRANSPORTS.map((transport) => [transport, serversFor(servers, standIns.urls, transport)]),
    ) as Record<Transport, Record<ServerName, ServerSpec>>;
    const firstLabeled = await measureFirstLabeled(specs, options.coldStartSpawns, progress);
    const loads = await measureLabeledLoads(specs, options, progress);
    const logLine = measureLogLineCost();
    progress(
      `log line: ${logLine.countOnlyMicros.toFixed(2)} µs with the count only, ${logLine.withLabelsMicros.toFixed(2)} µs with 10 labels`,
    );
    const resultEvents = await measureResultEvents(specs.grpc.worker, options, progress);
    return { firstLabeled, ...loads, logLine, resultEvents };
  } finally {
    await standIns.close();
  }
}
