/**
 * The built worker as `npm start` runs it, in a real child process configured by its environment
 * alone, for the process tests (SIGTERM drain, overload). The build output is used as it is when
 * it is newer than every source file (`npm test` builds before jest); otherwise it is rebuilt.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { procStatusBytes } from './proc-status';

const ROOT = path.resolve(__dirname, '../..');
/** The entry point `npm start` runs. */
export const WORKER_ENTRY = path.join(ROOT, 'dist/src/startup/start.js');

/** The last file `npm run build` writes: the bundle's code cache. */
const LAST_BUILT = path.join(ROOT, 'dist/bundle/main.js.cache');

/**
 * Builds `dist/` (`npm run build`: tsc, the bundle, its code cache) unless it is newer than every
 * file under `src/`.
 */
export function ensureBuilt(): void {
  const built = statSync(LAST_BUILT, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' });
  const newest = Math.max(...sources.map((file) => statSync(path.join(ROOT, 'src', file)).mtimeMs));
  if (built > newest) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  if (build.status !== 0)
    throw new Error(`build failed: ${String(build.stdout)}${String(build.stderr)}`);
}

/** A running worker process. */
export interface WorkerChild {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** Its log lines so far, parsed (stdout, one JSON object a line). */
  readonly logs: () => readonly Record<string, unknown>[];
  /** Resolves with the first log line, from now or earlier, for which `matches` holds. */
  readonly logLine: (
    matches: (line: Record<string, unknown>) => boolean,
  ) => Promise<Record<string, unknown>>;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process's resident set now and at its peak, in bytes (Linux `/proc/<pid>/status`). */
  readonly memory: () => { rssBytes: number; peakRssBytes: number };
}

/** How long the worker may take to listen, in milliseconds. */
const START_TIMEOUT_MS = 15_000;

/**
 * Starts the worker with `env` (plus PATH, and PORT 0: a free port, read from its start log line,
 * so `LOG_LEVEL` must keep info lines) and resolves once it listens. `entry`: another copy of
 * `dist/src/startup/start.js` (with its `bundle/` beside it).
 *
 * @throws Error when the worker does not listen within {@link START_TIMEOUT_MS} (it is killed)
 */
export function startWorkerChild(
  env: Readonly<Record<string, string>>,
  entry: string = WORKER_ENTRY,
): Promise<WorkerChild> {
  return startNodeChild(entry, env);
}

/**
 * Starts a built entry that logs Cloud Logging JSON lines and names its port in its start line
 * (the worker, the Pub/Sub source) with `env` (plus PATH, and PORT 0), and resolves once it
 * listens.
 *
 * @throws Error when it does not listen within {@link START_TIMEOUT_MS} (it is killed)
 */
export async function startNodeChild(
  entry: string,
  env: Readonly<Record<string, string>>,
): Promise<WorkerChild> {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { matches: (line: Record<string, unknown>) => boolean; wake: () => void }[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete.filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const waiter of [...waiters]) waiter.wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const logLine = (matches: (line: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const waiter = {
        matches,
        wake: () => {
          const found = lines.find(matches);
          if (found === undefined) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(found);
        },
      };
      waiters.push(waiter);
      waiter.wake();
      void exited.then(() => {
        reject(new Error(`${path.basename(entry)} exited before logging the line awaited`));
      });
    });
  let timer: NodeJS.Timeout | undefined;
  const listening = await Promise.race([
    logLine((line) => typeof line.port === 'number'),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${path.basename(entry)} did not listen within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
    }),
  ]).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  clearTimeout(timer);
  const memory = () => {
    const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
    return {
      rssBytes: procStatusBytes(status, 'VmRSS'),
      peakRssBytes: procStatusBytes(status, 'VmHWM'),
    };
  };
  return {
    child,
    base: `http://127.0.0.1:${String(listening.port)}`,
    logs: () => lines,
    logLine,
    exited,
    memory,
  };
}
