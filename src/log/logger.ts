import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/load-config';

/** pino level names → Cloud Logging `severity` values. */
const SEVERITY: Readonly<Record<string, string>> = Object.freeze({
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
});

/** How many bytes of log lines are gathered into one write to stdout. */
export const LOG_BATCH_BYTES = 4096;
/** How long a line no request waits for (a start line, a process warning) may wait, in ms. */
export const LOG_FLUSH_INTERVAL_MS = 250;

/**
 * The worker's log destination: stdout, lines gathered into batches of {@link LOG_BATCH_BYTES}
 * bytes: one write per line cost about a third of a log line's time when stdout is a pipe, as on
 * Cloud Run. A request's lines are written before its answer (see {@link logWriter}); other lines
 * at least every {@link LOG_FLUSH_INTERVAL_MS} ms. Writes are synchronous, so no write is in flight
 * at exit: `logger.flush()` writes the rest before the process exits, and a closed log pipe (EPIPE)
 * turns logging off instead of stalling the shutdown.
 */
export function createLogDestination(): DestinationStream {
  return pino.destination({
    dest: 1,
    sync: true,
    minLength: LOG_BATCH_BYTES,
    periodicFlush: LOG_FLUSH_INTERVAL_MS,
  });
}

/**
 * Creates the JSON logger in Cloud Logging's structured format: `severity` and `message` fields,
 * one JSON object per line, on the given destination.
 *
 * @param destination - where lines go @default {@link createLogDestination}: stdout, batched
 * @see https://cloud.google.com/logging/docs/structured-logging#special-payload-fields
 */
export function createLogger(
  level: LogLevel,
  destination: DestinationStream = createLogDestination(),
): Logger {
  return pino(
    {
      level,
      messageKey: 'message',
      base: null,
      timestamp: isoTimeOncePerMillisecond(),
      formatters: {
        level: (label) => ({ severity: SEVERITY[label] ?? 'DEFAULT' }),
      },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/**
 * pino's error serializer (type, message, stack with its causes), except that the message names
 * each cause once: pino appends every cause's message to the error's own, which repeats it when
 * the error's message already quotes its cause (`StreamingPull on S failed: <cause's message>`).
 *
 * @see https://github.com/pinojs/pino-std-serializers#exportserrerror
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (!(error instanceof Error) || typeof serialized !== 'object' || serialized === null) {
    return serialized;
  }
  return { ...serialized, message: messageWithNewCauses(error) };
}

/** The error's message, then the message of each cause it does not already contain. */
function messageWithNewCauses(error: Error): string {
  let message = error.message;
  const seen = new Set<unknown>([error]);
  for (let cause = error.cause; cause instanceof Error && !seen.has(cause); cause = cause.cause) {
    seen.add(cause);
    if (cause.message !== '' && !message.includes(cause.message)) {
      message = `${message}: ${cause.message}`;
    }
  }
  return message;
}

/**
 * The group commit of the log: returns a function whose promise resolves once every line logged
 * so far is written to `destination`. The lines batched since the last write go out in one
 * synchronous write, in the turn of the event loop after the first caller's (`setImmediate`),
 * shared by every caller until then: a delivery is answered only after its log line is written
 * (the log is the record of a deployed worker: a process killed after a 204 keeps the line), and
 * deliveries that finish together share one write. A destination with no `flushSync` (a stream that
 * writes at once) has nothing to wait for; a write that fails (EPIPE: pino turns logging off) does
 * not fail the delivery.
 */
export function logWriter(destination: DestinationStream): () => Promise<void> {
  const flushSync =
    'flushSync' in destination && typeof destination.flushSync === 'function'
      ? (destination.flushSync as () => void).bind(destination)
      : undefined;
  let pending: Promise<void> | undefined;
  const writeNow = (resolve: () => void): void => {
    pending = undefined;
    try {
      flushSync?.();
    } catch {
      // EPIPE and the like: pino's destination stops logging; the event is handled all the same.
    }
    resolve();
  };
  return () =>
    (pending ??= new Promise<void>((resolve) => {
      setImmediate(writeNow, resolve);
    }));
}

/**
 * pino's `isoTime` (`,"time":"<RFC 3339 with milliseconds>"`), formatted once per millisecond: at
 * thousands of lines a second, most lines share their millisecond, and `toISOString()` was a fifth
 * of a line's cost.
 */
function isoTimeOncePerMillisecond(): () => string {
  let formattedAt = Number.NaN;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== formattedAt) {
      formattedAt = now;
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
}

/**
 * The `logging.googleapis.com/trace` value for a request, from W3C `traceparent`
 * (`00-<trace id>-<span id>-<flags>`) or `X-Cloud-Trace-Context` (`<trace id>/<span id>;o=1`):
 * `projects/<project>/traces/<trace id>` when the project is known, else the bare trace id.
 *
 * @see https://cloud.google.com/trace/docs/trace-context
 */
export function traceField(
  headers: {
    readonly traceparent?: string | undefined;
    readonly cloudTraceContext?: string | undefined;
  },
  project: string | undefined,
): string | undefined {
  const traceId =
    /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/i.exec(headers.traceparent ?? '')?.[1] ??
    /^([\da-f]{32})(?:\/|$)/i.exec(headers.cloudTraceContext ?? '')?.[1];
  if (traceId === undefined) return undefined;
  return project === undefined ? traceId : `projects/${project}/traces/${traceId}`;
}
