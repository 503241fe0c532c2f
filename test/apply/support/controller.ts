/**
 * A stand-in for the controllers the test cluster does not run: it writes an object's status
 * subresource the way Knative's and Config Connector's controllers do, a `Ready` condition and
 * `observedGeneration`.
 *
 * @see https://github.com/knative/specs/blob/main/specs/serving/knative-api-specification-1.0.md#error-signalling
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Manifest } from './manifests';

/** The `Ready` condition to write. */
export interface ReadyCondition {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  /** The generation the controller says it has seen. @default the object's `metadata.generation` */
  readonly observedGeneration?: number;
}

interface Stored {
  metadata: { generation?: number };
  status?: Record<string, unknown>;
}

/** Where a custom object is: its group, version and plural (lower-case kind plus `s` here). */
function resourceOf(object: Pick<Manifest, 'apiVersion' | 'kind' | 'metadata'>): {
  group: string;
  version: string;
  plural: string;
  namespace: string;
  name: string;
} {
  const [group = '', version = ''] = object.apiVersion.split('/');
  return {
    group,
    version,
    // True of every kind the tests give a status: brokers, triggers, services,
    // containersources, cloudstoragesources, pubsubtopics, iampolicymembers...
    plural: `${object.kind.toLowerCase()}s`,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
  };
}

/**
 * Writes `condition` as `object`'s `Ready` condition (replacing the status subresource), as its
 * controller would.
 *
 * @returns the object's generation at the time
 */
export async function writeReadyCondition(
  kubeConfig: KubeConfig,
  object: Pick<Manifest, 'apiVersion' | 'kind' | 'metadata'>,
  condition: ReadyCondition,
): Promise<number | undefined> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const target = resourceOf(object);
  const current = (await api.getNamespacedCustomObject(target)) as Stored;
  const generation = current.metadata.generation;
  await api.replaceNamespacedCustomObjectStatus({
    ...target,
    body: {
      ...current,
      status: {
        observedGeneration: condition.observedGeneration ?? generation,
        conditions: [
          {
            type: 'Ready',
            status: condition.status,
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            ...(condition.reason === undefined ? {} : { reason: condition.reason }),
            ...(condition.message === undefined ? {} : { message: condition.message }),
          },
        ],
      },
    },
  });
  return generation;
}

/** The stored object, as the API server answers it. */
export async function readStored(
  kubeConfig: KubeConfig,
  object: Pick<Manifest, 'apiVersion' | 'kind' | 'metadata'>,
): Promise<Manifest> {
  return (await kubeConfig
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject(resourceOf(object))) as Manifest;
}

/** Options of `reconcile`. */
export interface ReconcileOptions {
  /** Between two conditions, in milliseconds. @default 300 */
  readonly stepMs?: number;
  /** How long to wait for the object to appear. @default 20000 */
  readonly appearWithinMs?: number;
}

/**
 * Plays a controller for `object`: waits until it exists, then writes each of `conditions` in
 * turn, `stepMs` apart.
 *
 * @throws Error when the object does not appear in time
 */
export async function reconcile(
  kubeConfig: KubeConfig,
  object: Pick<Manifest, 'apiVersion' | 'kind' | 'metadata'>,
  conditions: readonly ReadyCondition[],
  options: ReconcileOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.appearWithinMs ?? 20_000);
  for (;;) {
    const found = await readStored(kubeConfig, object).then(
      () => true,
      () => false,
    );
    if (found) break;
    if (Date.now() > deadline) {
      throw new Error(`${object.kind} ${object.metadata.name} did not appear`);
    }
    await delay(50);
  }
  for (const [index, condition] of conditions.entries()) {
    if (index > 0) await delay(options.stepMs ?? 300);
    await writeReadyCondition(kubeConfig, object, condition);
  }
}
