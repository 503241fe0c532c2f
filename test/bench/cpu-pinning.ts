import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * Where the bench runs: each measured server on a CPU of its own (an instance of 1 vCPU, as
 * `dualrun.config.yaml` deploys the worker on both targets), and the bench process (the load
 * generator, the Vision stand-in) on the others, so that the load generator never takes CPU time
 * from the server it measures. Linux `taskset` (util-linux) sets the CPU affinity.
 */
export interface CpuPinning {
  /** The CPU list of the measured server (`taskset -c`), e.g. `1`. */
  readonly serverCpus: string;
  /** The CPU list of the bench process and its threads, e.g. `0`. */
  readonly benchCpus: string;
}

/**
 * Plans the pinning for this machine: the last CPU for the server, the rest for the bench.
 *
 * @returns the plan, or `undefined` (unpinned) with fewer than 2 CPUs or without `taskset`
 */
export function planPinning(): CpuPinning | undefined {
  const cpus = os.availableParallelism();
  if (cpus < 2 || !hasTaskset()) return undefined;
  return {
    serverCpus: String(cpus - 1),
    benchCpus: cpus === 2 ? '0' : `0-${cpus - 2}`,
  };
}

/**
 * Restricts this process and all its threads to `cpus` (`taskset -a -p -c`).
 *
 * @throws Error when taskset fails (its message)
 */
export function pinThisProcess(cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

/**
 * The command that starts `node <args>` on `cpus`: `taskset -c <cpus> node <args>` (taskset
 * execs node, so the pid is node's), or `node <args>` when `cpus` is undefined.
 */
export function pinnedCommand(
  cpus: string | undefined,
  args: readonly string[],
): { command: string; args: string[] } {
  return cpus === undefined
    ? { command: process.execPath, args: [...args] }
    : { command: 'taskset', args: ['-c', cpus, process.execPath, ...args] };
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
