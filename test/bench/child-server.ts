import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import type { ServerSpec } from './bench-servers';
import { procStatusBytes } from '../support/proc-status';
import { pinnedCommand } from './cpu-pinning';

/** A server running as a child process. */
export interface ChildServer {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** When it was spawned, on the `performance.now()` clock, in milliseconds. */
  readonly spawnedAtMs: number;
  /** The resident set's high-water mark so far (`VmHWM` of `/proc/<pid>/status`), in bytes. */
  peakMemoryBytes(): Promise<number>;
  /** CPU time used so far, user and system, all threads (`/proc/<pid>/stat`), in milliseconds. */
  cpuTimeMs(): Promise<number>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>;
}

/** Extra environment for one spawn (the Vision run's labeler, endpoint and results file). */
export type ExtraEnv = Readonly<Record<string, string>>;

/**
 * Spawns a server on `port`. Its stdout (the worker's log lines) goes to a pipe that is read and
 * discarded, as a platform's log collector drains it; its stderr is kept for error messages.
 */
export function spawnServer(spec: ServerSpec, port: number, extraEnv: ExtraEnv = {}): ChildServer {
  const spawnedAtMs = performance.now();
  const { command, args } = pinnedCommand(spec.cpus, spec.args(port));
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...spec.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name} did not start: ${stderr}`);
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `${spec.name} exited early (code ${String(code)}, signal ${String(signal)}): ${stderr}\n`,
      );
    }
  });
  return {
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    spawnedAtMs,
    peakMemoryBytes: () => readPeakMemory(pid),
    cpuTimeMs: () => readCpuTime(pid),
    stop: async () => {
      stopping = true;
      await stopChild(child, exited);
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** `VmHWM` (peak resident set size) of a process, in bytes. */
export async function readPeakMemory(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return procStatusBytes(status, 'VmHWM');
}

/** Linux reports CPU times in clock ticks of 1/100 s (`USER_HZ`, fixed at 100 for user space). */
const MS_PER_CLOCK_TICK = 10;

/** User and system CPU time of a process (fields 14 and 15 of `/proc/<pid>/stat`), in milliseconds. */
export async function readCpuTime(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) {
    throw new Error(`no CPU times in /proc/${pid}/stat`);
  }
  return (user + system) * MS_PER_CLOCK_TICK;
}

/** Resolves once a TCP connection to the port succeeds (polling every 5 ms, at most `timeoutMs`). */
export async function waitListening(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (performance.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
