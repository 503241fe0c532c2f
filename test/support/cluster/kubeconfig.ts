/**
 * Kubeconfig files for the test cluster, one per kind of user the apply command must handle: a
 * bearer token, a client certificate, and an exec credential plugin.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** The cluster and context name in every kubeconfig the test cluster writes. */
export const KUBECONFIG_CONTEXT = 'dualrun-test';

/** How the kubeconfig's user authenticates. */
export type KubeconfigUser =
  /** A bearer token (`users[].user.token`). */
  | { readonly kind: 'token'; readonly token: string }
  /** A client certificate and its key, as PEM (written base64 in `client-*-data`). */
  | { readonly kind: 'client-certificate'; readonly certPem: string; readonly keyPem: string }
  /** An exec credential plugin: `command` with `args`, printing an `ExecCredential`. */
  | { readonly kind: 'exec'; readonly command: string; readonly args: readonly string[] };

/** What one kubeconfig file holds: one cluster, one user, one context (the current one). */
export interface KubeconfigOptions {
  /** The API server URL, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  /** The CA bundle (PEM) that signed the serving certificate. */
  readonly caPem: string;
  readonly user: KubeconfigUser;
  /** The context's default namespace; @default none (the client's `default`) */
  readonly namespace?: string;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

function userEntry(user: KubeconfigUser): Record<string, unknown> {
  switch (user.kind) {
    case 'token':
      return { token: user.token };
    case 'client-certificate':
      return {
        'client-certificate-data': base64(user.certPem),
        'client-key-data': base64(user.keyPem),
      };
    case 'exec':
      return {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: user.command,
          args: [...user.args],
          interactiveMode: 'Never',
        },
      };
  }
}

/** The kubeconfig document for `options`, as a YAML string. */
export function kubeconfigYaml(options: KubeconfigOptions): string {
  const context: Record<string, string> = { cluster: KUBECONFIG_CONTEXT, user: KUBECONFIG_CONTEXT };
  if (options.namespace !== undefined) context.namespace = options.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: KUBECONFIG_CONTEXT,
        cluster: { server: options.server, 'certificate-authority-data': base64(options.caPem) },
      },
    ],
    users: [{ name: KUBECONFIG_CONTEXT, user: userEntry(options.user) }],
    contexts: [{ name: KUBECONFIG_CONTEXT, context }],
    'current-context': KUBECONFIG_CONTEXT,
  });
}

/** Writes the kubeconfig for `options` to `file` (mode 0600, as kubectl writes it). */
export async function writeKubeconfig(file: string, options: KubeconfigOptions): Promise<string> {
  await writeFile(file, kubeconfigYaml(options), { mode: 0o600 });
  return file;
}
