import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  dualrunCacheDir,
  findPeerBinaries,
  PeerBinariesMissingError,
} from '../support/cluster/peer-binaries';

describe('dualrunCacheDir', () => {
  test.each([
    ['DUALRUN_CACHE_DIR', { DUALRUN_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }, '/c'],
    ['XDG_CACHE_HOME', { DUALRUN_CACHE_DIR: '', XDG_CACHE_HOME: '/x', HOME: '/h' }, '/x/dualrun'],
    ['HOME', { HOME: '/h' }, '/h/.cache/dualrun'],
  ])('resolves from %s as the scripts do', (_name, env, expected) => {
    expect(dualrunCacheDir(env)).toBe(expected);
  });
});

describe('findPeerBinaries', () => {
  test('names the build script and the versions when the cache is empty', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'dualrun-cache-'));
    try {
      expect(() => findPeerBinaries({ DUALRUN_CACHE_DIR: empty })).toThrow(
        PeerBinariesMissingError,
      );
      expect(() => findPeerBinaries({ DUALRUN_CACHE_DIR: empty })).toThrow(
        /kube-apiserver v1\.\d+\.\d+ and etcd v3\.\d+\.\d+ .*run \.ci\/build-kube-apiserver/,
      );
    } finally {
      await rm(empty, { recursive: true });
    }
  });

  test('finds the binaries .ci/build-kube-apiserver built', () => {
    const binaries = findPeerBinaries();
    expect(binaries.kubeApiServer).toMatch(
      new RegExp(
        `/peers/kube-apiserver-${binaries.kubernetesVersion}-[0-9a-f]{12}/kube-apiserver$`,
      ),
    );
    expect(path.dirname(binaries.etcd)).toBe(path.dirname(binaries.kubeApiServer));
  });
});
