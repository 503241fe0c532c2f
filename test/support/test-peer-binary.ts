/**
 * The binaries of the test peers, real servers built from their Go modules by
 * `.ci/build-test-peers` into a cache directory outside the repository (`.ci/install-tools` runs
 * it). The path is the script's: `<cache>/peers/<name>-<hash>`, `<cache>` being
 * `DUALRUN_CACHE_DIR`, else `$XDG_CACHE_HOME/dualrun`, else `~/.cache/dualrun`, and `<hash>` the
 * first 16 hex digits of the SHA-256 of the peer's sources, read in order and concatenated.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The repository root: the nearest directory above this file that holds `.ci/build-test-peers`
 * (this file runs from `test/support/` under jest, and from `dist/test/support/` in the bench).
 */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.ci/build-test-peers'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '../..');
  }
}

const ROOT = repositoryRoot(__dirname);
const BUILD_SCRIPT = path.join(ROOT, '.ci/build-test-peers');

/** How long `.ci/build-test-peers` may take for one peer, in milliseconds (a cold Go build). */
export const PEER_BUILD_TIMEOUT_MS = 600_000;

/** A test peer as `.ci/build-test-peers` knows it. */
export interface TestPeer {
  /** Its name in `.ci/build-test-peers` and in the binary's file name, e.g. `pubsub-fake`. */
  readonly name: string;
  /** Its Go module, relative to the repository root. */
  readonly dir: string;
  /** The files of `dir` whose contents name the build, in the order the script hashes them. */
  readonly sources: readonly string[];
}

/**
 * Where `.ci/build-test-peers` puts the peer's binary for the sources as they are now.
 *
 * @param env - read for `DUALRUN_CACHE_DIR`, `XDG_CACHE_HOME` and `HOME` (an empty value counts
 *   as unset, as in the script)
 */
export function testPeerBinaryPath(peer: TestPeer, env: NodeJS.ProcessEnv = process.env): string {
  const cacheDir =
    nonEmpty(env.DUALRUN_CACHE_DIR) ??
    path.join(
      nonEmpty(env.XDG_CACHE_HOME) ?? path.join(nonEmpty(env.HOME) ?? os.homedir(), '.cache'),
      'dualrun',
    );
  const hash = createHash('sha256');
  for (const source of peer.sources) hash.update(readFileSync(path.join(ROOT, peer.dir, source)));
  return path.join(cacheDir, 'peers', `${peer.name}-${hash.digest('hex').slice(0, 16)}`);
}

/** Builds in progress or done in this process, by peer name. */
const builds = new Map<string, Promise<string>>();

/**
 * The path of the peer's binary; when it is missing, runs `.ci/build-test-peers <name>` (once
 * per process; a cold Go build takes minutes, see {@link PEER_BUILD_TIMEOUT_MS}).
 *
 * @throws Error when the binary is missing and the build fails or does not produce it; the
 *   message quotes the script's output and says how to build it
 */
export function testPeerBinary(
  peer: TestPeer,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const binary = testPeerBinaryPath(peer, env);
  if (isExecutable(binary)) return Promise.resolve(binary);
  let build = builds.get(peer.name);
  if (build === undefined) {
    build = buildPeer(peer, binary, env);
    builds.set(peer.name, build);
  }
  return build;
}

function buildPeer(peer: TestPeer, binary: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      BUILD_SCRIPT,
      [peer.name],
      { cwd: ROOT, env, timeout: PEER_BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null && isExecutable(binary)) {
          resolve(binary);
          return;
        }
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-20).join('\n');
        reject(
          new Error(
            `the test peer ${peer.name} is not built (${binary}) and .ci/build-test-peers ` +
              `${peer.name} failed${error === null ? '' : ` (${error.message.split('\n')[0] ?? ''})`}:\n` +
              `${output}\nRun .ci/install-tools or .ci/build-test-peers (needs Go 1.26, https://go.dev/dl/).`,
          ),
        );
      },
    );
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
