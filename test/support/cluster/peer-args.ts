/**
 * The command lines of the cluster's two peers, with the flags envtest gives them.
 *
 * @see https://etcd.io/docs/v3.6/op-guide/configuration/
 * @see https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/testing/controlplane/apiserver.go
 */
import path from 'node:path';
import type { ClusterCertificates } from './certificates';

/** The loopback ports the peers listen on. */
export interface Ports {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiServer: number;
}

/** etcd's flags: one member, data in `dataDir`, client and peer URLs on 127.0.0.1. */
export function etcdArgs(dataDir: string, ports: Ports): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    '--name=default',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // A throwaway store: no fsync (as envtest), warnings and errors only.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

/**
 * kube-apiserver's flags: TLS with `certs`, the token file and client CA for authentication, RBAC,
 * the service-account keys, etcd at `ports.etcdClient`; `dir` holds tokens.csv and cert-dir/.
 */
export function apiServerArgs(dir: string, certs: ClusterCertificates, ports: Ports): string[] {
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiServer}`,
    `--cert-dir=${path.join(dir, 'cert-dir')}`,
    `--tls-cert-file=${certs.serving.certFile}`,
    `--tls-private-key-file=${certs.serving.keyFile}`,
    `--client-ca-file=${certs.ca.certFile}`,
    `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    `--service-account-issuer=https://127.0.0.1:${ports.apiServer}/`,
    `--service-account-key-file=${certs.serviceAccountKeyFile}`,
    `--service-account-signing-key-file=${certs.serviceAccountSigningKeyFile}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--authorization-mode=RBAC',
    // As envtest: no ServiceAccount admission (no token controller runs to make the accounts).
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
    // Nothing reconciles the kubernetes Service's endpoints; fewer start hooks to wait for.
    '--endpoint-reconciler-type=none',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
  ];
}
