/**
 * Before anything is applied or read: every object located on the API server (its kind served,
 * its namespace settled) and put in apply order.
 */
import { ApiStatusError, KindNotServedError } from '../cluster/cluster-errors';
import type { KubeObject, ObjectRef } from '../cluster/kube-object';
import type { ObjectClient } from '../cluster/object-client';
import { RefusedError } from './apply-errors';
import { applyRankOf, sortForApply } from './rules/apply-order';

/** One object to apply: the manifest, where it lives, and its rank in the apply order. */
export interface PlannedObject {
  readonly object: KubeObject;
  /** Its ref with the namespace settled (the context's, for a namespaced object naming none). */
  readonly ref: ObjectRef;
  readonly rank: number;
  /** Set when the API server does not serve the kind: why (its CRD is not installed). */
  readonly notServed?: string;
}

/**
 * `objects` located through `client` and sorted into apply order; an object whose kind the API
 * server does not serve is kept with `notServed` set (apply refuses them all before changing
 * anything; status reports them not ready).
 *
 * @throws RefusedError naming the object when the API server refuses its discovery request
 * @throws ClusterUnreachableError when it does not answer
 */
export async function planObjects(
  client: ObjectClient,
  objects: readonly KubeObject[],
): Promise<PlannedObject[]> {
  const planned: PlannedObject[] = [];
  for (const object of sortForApply(objects, (item) => item.kind)) {
    const ref: ObjectRef = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      ...(object.metadata.namespace === undefined ? {} : { namespace: object.metadata.namespace }),
    };
    const rank = applyRankOf(object.kind);
    try {
      planned.push({ object, ref: (await client.locate(ref)).ref, rank });
    } catch (error) {
      if (error instanceof ApiStatusError) {
        throw new RefusedError([{ ref, message: `discovery: ${error.serverMessage}` }]);
      }
      if (!(error instanceof KindNotServedError)) throw error;
      planned.push({ object, ref, rank, notServed: error.message });
    }
  }
  return planned;
}
