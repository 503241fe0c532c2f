/**
 * The three servers measured side by side, as child processes started the way each is run: the
 * worker as `npm start` runs it (`dist/src/startup/start.js`: its bundle and code cache), the bare `node:http` baseline, and the functions framework through
 * its CLI. Each is spawned as `node <script>` directly, so the child's pid is the Node process
 * whose memory is read.
 */
import path from 'node:path';

export const SERVER_NAMES = ['bare', 'functions-framework', 'worker'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** How to start one server. */
export interface ServerSpec {
  readonly name: ServerName;
  /** The heading of its column. */
  readonly title: string;
  /** The arguments of `node`: the script and its flags. */
  readonly args: (port: number) => readonly string[];
  /** Its environment besides `PATH` and `PORT`. */
  readonly env: Readonly<Record<string, string>>;
  /** The CPUs it runs on (`taskset -c` list); unpinned when undefined. */
  readonly cpus?: string | undefined;
}

/** The servers, each pinned to `cpus` (see `planPinning`), or as they are when `cpus` is undefined. */
export function pinnedServers(cpus: string | undefined): Readonly<Record<ServerName, ServerSpec>> {
  return Object.fromEntries(
    SERVER_NAMES.map((name) => [name, { ...SERVERS[name], cpus }]),
  ) as Record<ServerName, ServerSpec>;
}

/** The repository root (this file runs from `dist/test/bench/`). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const SERVERS: Readonly<Record<ServerName, ServerSpec>> = Object.freeze({
  bare: {
    name: 'bare',
    title: 'bare node:http',
    args: () => [path.join(__dirname, 'bare-server.js')],
    env: {},
  },
  'functions-framework': {
    name: 'functions-framework',
    title: 'functions-framework',
    args: (port) => [
      path.join(REPO_ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
      '--target=handle',
      `--source=${path.join(__dirname, 'ff-function.js')}`,
      `--port=${port}`,
    ],
    env: { NODE_ENV: 'production' },
  },
  worker: {
    name: 'worker',
    title: 'dualrun worker',
    args: () => [path.join(REPO_ROOT, 'dist/src/startup/start.js')],
    env: { LABELER: 'none' },
  },
});
