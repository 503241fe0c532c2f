/**
 * Where `.ci/build-kube-apiserver` puts kube-apiserver and etcd: a cache directory outside the
 * repository, named after the Kubernetes version and a hash of the peer module's go.mod and go.sum
 * (the script computes the same name).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Go module that pins the peers' versions: test/peers/kube-apiserver. */
export const PEER_MODULE_DIR = path.resolve(__dirname, '../../peers/kube-apiserver');

/** The two binaries the cluster runs, and the versions they were built from. */
export interface PeerBinaries {
  /** Absolute path of the kube-apiserver binary. */
  readonly kubeApiServer: string;
  /** Absolute path of the etcd binary. */
  readonly etcd: string;
  /** The `k8s.io/kubernetes` module version, e.g. `v1.37.2`. */
  readonly kubernetesVersion: string;
  /** The `go.etcd.io/etcd/server/v3` module version, e.g. `v3.7.4`. */
  readonly etcdVersion: string;
}

/** Thrown when the binaries are not in the cache: run `.ci/build-kube-apiserver`. */
export class PeerBinariesMissingError extends Error {
  override readonly name = 'PeerBinariesMissingError';
}

/** The environment variables the cache location reads (the script reads the same ones). */
export interface CacheEnv {
  readonly DUALRUN_CACHE_DIR?: string | undefined;
  readonly XDG_CACHE_HOME?: string | undefined;
  readonly HOME?: string | undefined;
}

/**
 * The project's cache directory: `$DUALRUN_CACHE_DIR`, else `$XDG_CACHE_HOME/dualrun`, else
 * `$HOME/.cache/dualrun` (as `.ci/use-node-24` and `.ci/build-kube-apiserver` resolve it).
 */
export function dualrunCacheDir(env: CacheEnv = process.env): string {
  if (env.DUALRUN_CACHE_DIR) return env.DUALRUN_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'dualrun');
}

function requiredVersion(goMod: string, modulePath: string): string {
  const line = goMod
    .split('\n')
    .map((text) => text.trim().split(/\s+/))
    .find(([name, version]) => name === modulePath && version?.startsWith('v'));
  if (!line?.[1]) throw new Error(`${PEER_MODULE_DIR}/go.mod does not require ${modulePath}`);
  return line[1];
}

/**
 * Finds the cached kube-apiserver and etcd that `.ci/build-kube-apiserver` built for the versions
 * test/peers/kube-apiserver/go.mod pins.
 *
 * @param env - where the cache directory comes from; @default process.env
 * @throws PeerBinariesMissingError when either binary is missing, naming the script to run.
 */
export function findPeerBinaries(env: CacheEnv = process.env): PeerBinaries {
  const goMod = readFileSync(path.join(PEER_MODULE_DIR, 'go.mod'));
  const goSum = readFileSync(path.join(PEER_MODULE_DIR, 'go.sum'));
  const hash = createHash('sha256').update(goMod).update(goSum).digest('hex').slice(0, 12);
  const kubernetesVersion = requiredVersion(goMod.toString('utf8'), 'k8s.io/kubernetes');
  const etcdVersion = requiredVersion(goMod.toString('utf8'), 'go.etcd.io/etcd/server/v3');
  const dir = path.join(
    dualrunCacheDir(env),
    'peers',
    `kube-apiserver-${kubernetesVersion}-${hash}`,
  );
  const binaries = {
    kubeApiServer: path.join(dir, 'kube-apiserver'),
    etcd: path.join(dir, 'etcd'),
    kubernetesVersion,
    etcdVersion,
  };
  const missing = [binaries.kubeApiServer, binaries.etcd].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new PeerBinariesMissingError(
      `the cluster tests need kube-apiserver ${kubernetesVersion} and etcd ${etcdVersion} ` +
        `built from their Go modules; missing ${missing.join(', ')}: run .ci/build-kube-apiserver ` +
        '(needs Go; .ci/install-tools runs it)',
    );
  }
  return binaries;
}
