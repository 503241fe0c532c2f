/**
 * The binaries of the test peers, real servers built from their Go modules by
 * `.ci/build-test-peers` into a cache directory outside the repository (`.ci/install-tools` runs
 * it). The path is the script's: `<cache>/peers/<name>-<hash>`, `<cache>` being
 * `DUALRUN_CACHE_DIR`, else `$XDG_CACHE_HOME/dualrun`, else `~/.cache/dualrun`, and `<hash>` the
 * first 16 hex digits of the SHA-256 of the peer's sources, read in order and concatenated.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import {
  isExecutable,
  peerBinaryPath,
  repositoryRoot,
  type TestPeer,
} from '../../src/demo/peer-binary';

/** The repository: this file runs from `test/support/` (jest) and `dist/test/support/` (the bench). */
const ROOT = repositoryRoot(__dirname) ?? path.resolve(__dirname, '../..');
const BUILD_SCRIPT = path.join(ROOT, '.ci/build-test-peers');

/** How long `.ci/build-test-peers` may take for one peer, in milliseconds (a cold Go build). */
export const PEER_BUILD_TIMEOUT_MS = 600_000;

export type { TestPeer } from '../../src/demo/peer-binary';

/**
 * Where `.ci/build-test-peers` puts the peer's binary for the sources as they are now.
 *
 * @param env - read for `DUALRUN_CACHE_DIR`, `XDG_CACHE_HOME` and `HOME` (an empty value counts
 *   as unset, as in the script)
 */
export function testPeerBinaryPath(peer: TestPeer, env: NodeJS.ProcessEnv = process.env): string {
  return peerBinaryPath(ROOT, peer, env);
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
