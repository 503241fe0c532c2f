/**
 * One peer server (etcd or kube-apiserver) as a child process: its output goes to a log file whose
 * tail the start errors quote, and `stop` ends it with SIGTERM, then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

/** A running peer. */
export interface PeerProcess {
  /** `etcd` or `kube-apiserver`: how errors name it. */
  readonly name: string;
  /** The file its stdout and stderr go to (in the cluster's temporary directory). */
  readonly logFile: string;
  /** Settles when the process has exited, with its exit code or signal. */
  readonly exited: Promise<string>;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** The last `lines` lines of its log. @default 25 */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. @default 5000 */
  stop(graceMs?: number): Promise<void>;
}

// Children still running when the test process exits (a test that never called stop) are killed.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `binary` with `args`, writing its stdout and stderr to `logFile`. */
export function startPeerProcess(
  name: string,
  binary: string,
  args: readonly string[],
  logFile: string,
): PeerProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  let exitedWith: string | undefined;
  const exited = new Promise<string>((resolve) => {
    const settle = (how: string): void => {
      exitedWith ??= how;
      running.delete(child);
      resolve(exitedWith);
    };
    child.once('exit', (code, signal) => {
      settle(signal ? `signal ${signal}` : `exit code ${String(code)}`);
    });
    child.once('error', (error) => {
      settle(`spawn error: ${error.message}`);
    });
  });
  const logTail = (lines = 25): string =>
    readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return {
    name,
    logFile,
    exited,
    hasExited: () => exitedWith !== undefined,
    logTail,
    async stop(graceMs = 5000): Promise<void> {
      if (exitedWith !== undefined) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<boolean>((resolve) => {
        timer = setTimeout(resolve, graceMs, false);
      });
      const done = await Promise.race([exited.then(() => true), graceOver]);
      clearTimeout(timer);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
