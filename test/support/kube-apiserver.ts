/**
 * A real Kubernetes API server for tests: kube-apiserver and etcd, built from their Go modules by
 * `.ci/build-kube-apiserver`, started on loopback the way controller-runtime's envtest starts them
 * (no kubelet, no controllers: a test that needs a controller writes the status itself).
 *
 * One cluster per test file: `startKubeApiServer()` in `beforeAll`, `stop()` in `afterAll`.
 *
 * @see https://book.kubebuilder.io/reference/envtest
 * @see https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { freePort } from './free-port';
import {
  writeClientCertificate,
  writeClusterCertificates,
  type ClientCertificateSubject,
  type ClusterCertificates,
} from './cluster/certificates';
import { installCrds, type InstallCrdsOptions } from './cluster/install-crds';
import { writeKubeconfig } from './cluster/kubeconfig';
import { findPeerBinaries, type PeerBinaries } from './cluster/peer-binaries';
import { apiServerArgs, etcdArgs, type Ports } from './cluster/peer-args';
import { startPeerProcess, type PeerProcess } from './cluster/peer-process';
import { ClusterStartError, waitUntilReady } from './cluster/readiness';

export { ClusterStartError } from './cluster/readiness';
export { PeerBinariesMissingError } from './cluster/peer-binaries';
export { knownCrdFiles, type KnownCrdFile } from './cluster/known-crd-files';

/** The user the token kubeconfig authenticates as: a cluster admin (group `system:masters`). */
export const ADMIN_USER = 'dualrun-admin';
/** The user the exec-plugin kubeconfig's credential authenticates as (group `system:masters`). */
export const EXEC_PLUGIN_USER = 'dualrun-exec-plugin';
/** The default user of `writeClientCertificateKubeconfig` (group `system:masters`). */
export const CLIENT_CERTIFICATE_USER = 'dualrun-client-certificate';

/** Options of `startKubeApiServer`. */
export interface KubeApiServerOptions {
  /** How long to wait for `/readyz` after the processes start. @default 60000 */
  readonly startTimeoutMs?: number;
  /** The binaries to run. @default findPeerBinaries() (the cache `.ci/build-kube-apiserver` fills) */
  readonly binaries?: PeerBinaries;
  /** Extra kube-apiserver flags, e.g. `['--feature-gates=...']`. @default [] */
  readonly apiServerArgs?: readonly string[];
}

/** A running test cluster. */
export interface TestCluster {
  /** The API server URL, `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** A kubeconfig whose user is `ADMIN_USER` with `token` (current context `dualrun-test`). */
  readonly kubeconfigPath: string;
  /** The admin's bearer token (`--token-auth-file`). */
  readonly token: string;
  /** The CA (PEM) that signed the serving certificate and that the API server trusts for clients. */
  readonly caPem: string;
  /** The binaries and versions the cluster runs. */
  readonly binaries: PeerBinaries;
  /** Milliseconds from the call to `/readyz` answering 200. */
  readonly startMs: number;
  /** A client-node KubeConfig loaded from `kubeconfigPath`. */
  kubeConfig(): KubeConfig;
  /**
   * Server-side applies the CRDs in `files` and waits until each is Established and its kind
   * answers a list (right after Established it can still answer 429 while its cache fills).
   *
   * @returns the CRD names, e.g. `services.serving.knative.dev`
   * @throws CrdInstallError when the API server refuses one (its message quoted) or one is not
   *   Established in time.
   */
  installCrds(files: readonly string[], options?: InstallCrdsOptions): Promise<readonly string[]>;
  /**
   * Writes a kubeconfig whose user is a client certificate signed by the cluster's CA.
   *
   * @param subject - the user (certificate CN) and groups (O);
   *   @default `CLIENT_CERTIFICATE_USER` in `system:masters`
   * @returns the kubeconfig's path
   */
  writeClientCertificateKubeconfig(subject?: ClientCertificateSubject): Promise<string>;
  /**
   * Writes a kubeconfig whose user is an exec credential plugin (this node running a script that
   * prints an `ExecCredential` with `EXEC_PLUGIN_USER`'s token).
   *
   * @returns the kubeconfig's path
   */
  writeExecPluginKubeconfig(): Promise<string>;
  /** Stops kube-apiserver and etcd and removes the temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

const newToken = (): string => randomBytes(24).toString('base64url');

async function startPeers(
  dir: string,
  binaries: PeerBinaries,
  certs: ClusterCertificates,
  tokens: { admin: string },
  extraArgs: readonly string[],
  timeoutMs: number,
): Promise<{ server: string; peers: PeerProcess[] }> {
  const ports: Ports = {
    etcdClient: await freePort(),
    etcdPeer: await freePort(),
    apiServer: await freePort(),
  };
  const dataDir = path.join(dir, `etcd-${ports.etcdClient}`);
  const etcd = startPeerProcess(
    'etcd',
    binaries.etcd,
    etcdArgs(dataDir, ports),
    path.join(dir, 'etcd.log'),
  );
  const apiServer = startPeerProcess(
    'kube-apiserver',
    binaries.kubeApiServer,
    [...apiServerArgs(dir, certs, ports), ...extraArgs],
    path.join(dir, 'kube-apiserver.log'),
  );
  const server = `https://127.0.0.1:${ports.apiServer}`;
  const peers = [etcd, apiServer];
  try {
    await waitUntilReady(server, certs.ca.certPem, tokens.admin, peers, timeoutMs);
    return { server, peers };
  } catch (error) {
    await Promise.all(peers.map((peer) => peer.stop()));
    throw error;
  }
}

// A port another process took between freePort() and the peer's listen: start again on new ports.
const isPortClash = (error: unknown): boolean =>
  error instanceof ClusterStartError && /address already in use/.test(error.message);

/**
 * Starts etcd and kube-apiserver on free loopback ports with fresh certificates and tokens, waits
 * for `/readyz`, and writes the admin kubeconfig.
 *
 * @throws PeerBinariesMissingError when the binaries are not built: run `.ci/build-kube-apiserver`.
 * @throws ClusterStartError when a peer exits or `/readyz` does not answer 200 in time, quoting
 *   the tails of both logs.
 */
export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<TestCluster> {
  const started = performance.now();
  const binaries = options.binaries ?? findPeerBinaries();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-cluster-'));
  let peers: PeerProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // The API server first: it would log etcd connection errors while shutting down.
    for (const peer of [...peers].reverse()) await peer.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await mkdir(path.join(dir, 'cert-dir'));
    const certs = await writeClusterCertificates(dir);
    const tokens = { admin: newToken(), execPlugin: newToken() };
    await writeFile(
      path.join(dir, 'tokens.csv'),
      `${tokens.admin},${ADMIN_USER},${ADMIN_USER},"system:masters"\n` +
        `${tokens.execPlugin},${EXEC_PLUGIN_USER},${EXEC_PLUGIN_USER},"system:masters"\n`,
      { mode: 0o600 },
    );
    let attempt = 0;
    let running: { server: string; peers: PeerProcess[] } | undefined;
    while (!running) {
      attempt += 1;
      try {
        running = await startPeers(
          dir,
          binaries,
          certs,
          tokens,
          options.apiServerArgs ?? [],
          options.startTimeoutMs ?? 60_000,
        );
      } catch (error) {
        if (attempt >= 3 || !isPortClash(error)) throw error;
      }
    }
    peers = running.peers;
    const { server } = running;
    const caPem = certs.ca.certPem;
    const kubeconfigPath = await writeKubeconfig(path.join(dir, 'kubeconfig'), {
      server,
      caPem,
      user: { kind: 'token', token: tokens.admin },
    });
    let clientCertificates = 0;
    const kubeConfig = (): KubeConfig => {
      const config = new KubeConfig();
      config.loadFromFile(kubeconfigPath);
      return config;
    };
    return {
      server,
      kubeconfigPath,
      token: tokens.admin,
      caPem,
      binaries,
      startMs: Math.round(performance.now() - started),
      kubeConfig,
      installCrds: (files, crdOptions) => installCrds(kubeConfig(), files, crdOptions),
      async writeClientCertificateKubeconfig(
        subject = { userName: CLIENT_CERTIFICATE_USER, groups: ['system:masters'] },
      ): Promise<string> {
        clientCertificates += 1;
        const name = `client-${clientCertificates}`;
        const { certPem, keyPem } = await writeClientCertificate(dir, name, subject, certs.ca);
        return writeKubeconfig(path.join(dir, `${name}.kubeconfig`), {
          server,
          caPem,
          user: { kind: 'client-certificate', certPem, keyPem },
        });
      },
      async writeExecPluginKubeconfig(): Promise<string> {
        const script = path.join(dir, 'exec-credential.cjs');
        const credential = {
          apiVersion: 'client.authentication.k8s.io/v1',
          kind: 'ExecCredential',
          status: { token: tokens.execPlugin },
        };
        await writeFile(
          script,
          `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`,
        );
        return writeKubeconfig(path.join(dir, 'exec-plugin.kubeconfig'), {
          server,
          caPem,
          user: { kind: 'exec', command: process.execPath, args: [script] },
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
