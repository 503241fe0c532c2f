/**
 * The servers measured side by side, as child processes started the way each is run, in two
 * sets of three (docs/performance.md):
 * - parse-only (`LABELER=none`): the bare `node:http` server, the functions framework with a
 *   function that does nothing, the worker;
 * - labeled: the floor (`node:http` and one keep-alive REST call to Vision), the functions
 *   framework with a function that calls the same Vision client as the worker, the worker
 *   (`LABELER=vision`).
 * The worker runs as `npm start` runs it (`dist/src/startup/start.js`: its bundles and code
 * caches). Each is spawned as `node <script>` directly, so the child's pid is the Node process
 * whose memory and CPU time are read.
 */
import path from 'node:path';

/** The columns of each set: the baseline, the functions framework, the worker. */
export const SERVER_NAMES = ['baseline', 'functions-framework', 'worker'] as const;
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

/** One set of three servers. */
export type ServerSet = Readonly<Record<ServerName, ServerSpec>>;

/** The repository root (this file runs from `dist/test/bench/`). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

const FUNCTIONS_FRAMEWORK = path.join(
  REPO_ROOT,
  'node_modules/@google-cloud/functions-framework/build/src/main.js',
);
const WORKER = path.join(REPO_ROOT, 'dist/src/startup/start.js');

/** The functions framework's CLI running `--target=handle` from `source`. */
function functionsFramework(source: string): ServerSpec['args'] {
  return (port) => [
    FUNCTIONS_FRAMEWORK,
    '--target=handle',
    `--source=${path.join(__dirname, source)}`,
    `--port=${port}`,
  ];
}

/** `LABELER=none`: decode, de-duplication, record and log, no labeling. */
export const PARSE_ONLY_SERVERS: ServerSet = Object.freeze({
  baseline: {
    name: 'baseline',
    title: 'bare node:http',
    args: () => [path.join(__dirname, 'bare-server.js')],
    env: {},
  },
  'functions-framework': {
    name: 'functions-framework',
    title: 'functions-framework',
    args: functionsFramework('ff-function.js'),
    env: { NODE_ENV: 'production' },
  },
  worker: {
    name: 'worker',
    title: 'dualrun worker',
    args: () => [WORKER],
    env: { LABELER: 'none' },
  },
});

/**
 * Each image labeled by Vision (a local stand-in, `VISION_API_ENDPOINT`, added when spawned). The
 * floor always speaks REST; the other two use the transport the endpoint's scheme names.
 */
export const LABELED_SERVERS: ServerSet = Object.freeze({
  baseline: {
    name: 'baseline',
    title: 'floor: node:http + 1 REST call',
    args: () => [path.join(__dirname, 'floor-server.js')],
    env: {},
  },
  'functions-framework': {
    name: 'functions-framework',
    title: 'functions-framework + Vision client',
    args: functionsFramework('ff-vision-function.js'),
    env: { NODE_ENV: 'production' },
  },
  worker: {
    name: 'worker',
    title: 'dualrun worker',
    args: () => [WORKER],
    env: { LABELER: 'vision' },
  },
});

/** A set with each server pinned to `cpus` (see `planPinning`), or as it is when undefined. */
export function pinned(set: ServerSet, cpus: string | undefined): ServerSet {
  return Object.fromEntries(SERVER_NAMES.map((name) => [name, { ...set[name], cpus }])) as Record<
    ServerName,
    ServerSpec
  >;
}

/** A spec with more environment (`VISION_API_ENDPOINT`, `RESULTS_FILE`, `LOG_LEVEL`). */
export function withEnv(spec: ServerSpec, env: Readonly<Record<string, string>>): ServerSpec {
  return { ...spec, env: { ...spec.env, ...env } };
}
