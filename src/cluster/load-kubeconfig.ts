/**
 * The kubeconfig the apply command uses, found as kubectl finds it: `--kubeconfig`, else the
 * files of `KUBECONFIG` (merged, the first one's current context winning), else
 * `~/.kube/config`, else the in-cluster service account; then `--context` or the current context.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterUnreachableError } from './cluster-errors';

/** Where to look; the entry passes `process.env` and the home directory. */
export interface KubeconfigSources {
  /** `--kubeconfig`: this file only. */
  readonly file?: string;
  /** `--context`: this context instead of the current one. */
  readonly context?: string;
  /** The environment: `KUBECONFIG` (files separated by `path.delimiter`), `KUBERNETES_SERVICE_HOST`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory, for `~/.kube/config`; absent when there is none. */
  readonly homeDir?: string;
}

/** A kubeconfig with its context chosen. */
export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  /** The context's name. */
  readonly context: string;
  /** Its cluster's API server URL. */
  readonly server: string;
  /** Its namespace, for objects that name none. @default `default` */
  readonly namespace: string;
}

function kubeconfigFiles(sources: KubeconfigSources): readonly string[] {
  if (sources.file !== undefined) return [sources.file];
  const fromEnv = (sources.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (fromEnv.length > 0) return fromEnv;
  const home = sources.homeDir && path.join(sources.homeDir, '.kube', 'config');
  return home && existsSync(home) ? [home] : [];
}

function readFiles(files: readonly string[]): KubeConfig {
  const [first, ...rest] = files;
  const config = new KubeConfig();
  if (first === undefined) return config;
  for (const file of files) {
    if (!existsSync(file))
      throw new ClusterUnreachableError(`the kubeconfig ${file} does not exist`);
  }
  try {
    config.loadFromFile(first);
    for (const file of rest) {
      const next = new KubeConfig();
      next.loadFromFile(file);
      config.mergeConfig(next, true);
    }
  } catch (error) {
    // One line: a YAML error's message goes on with a snippet of the file.
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new ClusterUnreachableError(
      `the kubeconfig cannot be read: ${why}`,
      {},
      { cause: error },
    );
  }
  return config;
}

/**
 * Loads the kubeconfig and selects the context.
 *
 * @throws ClusterUnreachableError when there is no kubeconfig, it cannot be read, or the context
 *   (named or current) is not in it
 */
export function loadKubeConfig(sources: KubeconfigSources): LoadedKubeConfig {
  const files = kubeconfigFiles(sources);
  const config = readFiles(files);
  if (files.length === 0) {
    if (sources.env.KUBERNETES_SERVICE_HOST === undefined) {
      throw new ClusterUnreachableError(
        'no kubeconfig: KUBECONFIG is unset and ~/.kube/config does not exist (pass --kubeconfig)',
      );
    }
    config.loadFromCluster();
  }
  const context = sources.context ?? config.getCurrentContext();
  const known = config.getContexts().map((entry) => entry.name);
  if (!context || !known.includes(context)) {
    const choices = known.length > 0 ? `; it has ${known.join(', ')}` : '';
    throw new ClusterUnreachableError(
      context
        ? `the kubeconfig has no context "${context}"${choices}`
        : `the kubeconfig names no current context${choices} (pass --context)`,
      context ? { context } : {},
    );
  }
  config.setCurrentContext(context);
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new ClusterUnreachableError(`the context's cluster is not in the kubeconfig`, {
      context,
    });
  }
  return {
    kubeConfig: config,
    context,
    server: cluster.server,
    namespace: config.getContextObject(context)?.namespace ?? 'default',
  };
}
