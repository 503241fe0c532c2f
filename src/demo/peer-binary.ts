/**
 * Where `.ci/build-test-peers` puts a test peer's binary, a real server built from its Go module
 * (the demo runs Google's Pub/Sub fake from there when it is built): `<cache>/peers/<name>-<hash>`,
 * `<cache>` being `DUALRUN_CACHE_DIR`, else `$XDG_CACHE_HOME/dualrun`, else `~/.cache/dualrun`,
 * and `<hash>` the first 16 hex digits of the SHA-256 of the peer's sources, read in order and
 * concatenated. The tests' `test/support/test-peer-binary.ts` reads the same path.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A test peer as `.ci/build-test-peers` knows it. */
export interface TestPeer {
  /** Its name in `.ci/build-test-peers` and in the binary's file name, e.g. `pubsub-fake`. */
  readonly name: string;
  /** Its Go module, relative to the repository root. */
  readonly dir: string;
  /** The files of `dir` whose contents name the build, in the order the script hashes them. */
  readonly sources: readonly string[];
}

/** Google's Pub/Sub fake (`pstest`) with the kit's fault rules: `test/peers/pubsub-fake`. */
export const PUBSUB_FAKE_PEER: TestPeer = {
  name: 'pubsub-fake',
  dir: 'test/peers/pubsub-fake',
  sources: ['go.mod', 'go.sum', 'main.go'],
};

/** The script that builds the peers, relative to the repository root. */
export const BUILD_PEERS_SCRIPT = '.ci/build-test-peers';

/**
 * The repository root above `from` (the first directory holding {@link BUILD_PEERS_SCRIPT}), or
 * `undefined` outside a checkout (an image holds no test peers).
 */
export function repositoryRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, BUILD_PEERS_SCRIPT))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Where the peer's binary is for its sources as they are now, under the repository `root`.
 *
 * @param env - read for `DUALRUN_CACHE_DIR`, `XDG_CACHE_HOME` and `HOME` (an empty value counts
 *   as unset, as in the script)
 * @throws Error when a source file of the peer cannot be read
 */
export function peerBinaryPath(
  root: string,
  peer: TestPeer,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const cacheDir =
    nonEmpty(env.DUALRUN_CACHE_DIR) ??
    path.join(
      nonEmpty(env.XDG_CACHE_HOME) ?? path.join(nonEmpty(env.HOME) ?? os.homedir(), '.cache'),
      'dualrun',
    );
  const hash = createHash('sha256');
  for (const source of peer.sources) hash.update(readFileSync(path.join(root, peer.dir, source)));
  return path.join(cacheDir, 'peers', `${peer.name}-${hash.digest('hex').slice(0, 16)}`);
}

/** Whether `file` exists and may be run. */
export function isExecutable(file: string): boolean {
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
