import autocannon from 'autocannon';
import { BENCH_PATH, type BenchRequest } from './bench-bodies';

/** What one measured load run gave. */
export interface LoadResult {
  /** 2xx answers per second over the run. */
  readonly eventsPerSecond: number;
  /** How long the run lasted, in seconds. */
  readonly seconds: number;
  readonly p50LatencyMs: number;
  readonly p99LatencyMs: number;
  /** Requests answered 2xx. */
  readonly acknowledged: number;
  /** Answers other than 2xx, connection errors and timeouts. */
  readonly failures: number;
  /** How the failures split: `429×3, errors×1`; empty when none failed. */
  readonly failureDetail: string;
}

/** Options of one load run. */
export interface LoadOptions {
  readonly connections: number;
  readonly durationSeconds: number;
  /** Called with the event id of each request answered 2xx. */
  readonly onAcknowledged?: (id: string) => void;
}

/** The autocannon per-connection context: the id of the request in flight on that connection. */
interface ConnectionContext {
  id?: string;
}

/**
 * Loads a server with autocannon (in this process) for `durationSeconds` over `connections`
 * keep-alive connections, one request at a time per connection (no pipelining), each request a
 * fresh one from `next`.
 */
export async function runLoad(
  url: string,
  next: () => BenchRequest,
  options: LoadOptions,
): Promise<LoadResult> {
  const { onAcknowledged } = options;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: BENCH_PATH,
        setupRequest: (request, context: ConnectionContext) => {
          const bench = next();
          context.id = bench.id;
          return {
            ...request,
            headers: { ...request.headers, ...bench.headers },
            body: bench.body,
          };
        },
        ...(onAcknowledged === undefined
          ? {}
          : {
              onResponse: (status: number, _body: string, context: ConnectionContext) => {
                if (status >= 200 && status <= 299 && context.id !== undefined) {
                  onAcknowledged(context.id);
                }
              },
            }),
      },
    ],
  });
  return {
    eventsPerSecond: result['2xx'] / result.duration,
    seconds: result.duration,
    p50LatencyMs: result.latency.p50,
    p99LatencyMs: result.latency.p99,
    acknowledged: result['2xx'],
    failures: result.non2xx + result.errors,
    failureDetail: [
      ...Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => `${status}×${count ?? 0}`),
      ...(result.errors > 0 ? [`errors×${result.errors} (timeouts×${result.timeouts})`] : []),
    ].join(', '),
  };
}
