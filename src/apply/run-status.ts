/**
 * `status`: the same table as `apply`, without applying: each object read once and judged by its
 * kind's readiness rule.
 */
import type { KubeObject } from '../cluster/kube-object';
import type { ObjectClient } from '../cluster/object-client';
import { NotReadyError, type NotReadyObject } from './apply-errors';
import { objectTable, type CommandIo } from './display/command-io';
import { planObjects } from './plan-objects';
import { readinessOf, type Readiness } from './rules/readiness';
import { readObjects } from './wait-until-ready';

/**
 * Reads every object of `objects` through `client` and shows whether it is ready.
 *
 * @throws ClusterUnreachableError when the API server does not answer or refuses the credentials
 * @throws RefusedError naming every object whose read the API server refuses (403, 500...)
 * @throws NotReadyError naming each object that is not ready (missing, its kind not served, or
 *   its `Ready` condition not `True`), with its condition
 */
export async function runStatus(
  client: ObjectClient,
  objects: readonly KubeObject[],
  io: CommandIo,
): Promise<void> {
  await client.probe();
  const planned = await planObjects(client, objects);
  const { show } = objectTable(planned, io);
  const served = planned.filter(({ notServed }) => notServed === undefined);
  const stored = await readObjects(
    client,
    served.map(({ ref }) => ref),
  );
  const storedByRef = new Map(served.map(({ ref }, index) => [ref, stored[index]]));
  const notReady: NotReadyObject[] = [];
  planned.forEach(({ ref, notServed }, index) => {
    const readiness: Readiness =
      notServed === undefined
        ? readinessOf(storedByRef.get(ref))
        : { ready: false, reason: 'KindNotServed', message: notServed };
    show(index, { phase: 'checked', readiness, final: true });
    if (!readiness.ready) notReady.push({ ref, readiness });
  });
  if (notReady.length > 0) throw new NotReadyError(notReady, planned.length);
  io.out.write(`all ${planned.length} objects ready\n`);
}
