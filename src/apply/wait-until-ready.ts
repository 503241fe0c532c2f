/**
 * The wait phase: every object read back and judged by its kind's readiness rule, again every
 * poll interval, until all are ready or the deadline passes. Nothing watches: a few objects read
 * once a second cost the API server less than a watch per kind.
 */
import type { Clock } from '../cluster/clock';
import type { ObjectRef } from '../cluster/kube-object';
import type { ObjectClient } from '../cluster/object-client';
import { ApiStatusError } from '../cluster/cluster-errors';
import type { KubeObject } from '../cluster/kube-object';
import { NotReadyError, RefusedError, type NotReadyObject, type Refusal } from './apply-errors';
import type { ObjectState } from './display/object-state';
import { readinessOf } from './rules/readiness';

/** Options of `waitUntilReady`. */
export interface WaitOptions {
  readonly clock: Clock;
  /** When to stop waiting, on `clock`'s scale (`clock.now()` at the start plus the timeout). */
  readonly deadlineMs: number;
  /** How long to wait between two reads of the objects not yet ready. @default 1000 */
  readonly pollIntervalMs?: number;
  /** The deadline as the user wrote it (`5m`), for the message. */
  readonly timeoutText: string;
  /** Called with each object's index in `refs` and its new state. */
  readonly onState: (index: number, state: ObjectState) => void;
}

/**
 * Every object of `refs` as stored, in order (`undefined`: not in the cluster).
 *
 * @throws RefusedError naming every object whose read the API server refused (403, 500...)
 * @throws ClusterUnreachableError when it does not answer
 */
export async function readObjects(
  client: ObjectClient,
  refs: readonly ObjectRef[],
): Promise<(KubeObject | undefined)[]> {
  const settled = await Promise.allSettled(refs.map((ref) => client.get(ref)));
  const refusals: Refusal[] = [];
  const objects = settled.map((result, index) => {
    if (result.status === 'fulfilled') return result.value;
    const ref = refs[index];
    if (!(result.reason instanceof ApiStatusError) || !ref) throw result.reason;
    refusals.push({ ref, message: result.reason.serverMessage });
    return undefined;
  });
  if (refusals.length > 0) throw new RefusedError(refusals);
  return objects;
}

/**
 * Resolves once every object in `refs` is ready; reads them at once, then every
 * `pollIntervalMs` (only those not ready yet), until `deadlineMs`.
 *
 * @throws NotReadyError listing each object not ready at the deadline, with its condition's
 *   status, reason and message
 * @throws RefusedError naming the object when the API server refuses a read
 * @throws ClusterUnreachableError when it does not answer
 */
export async function waitUntilReady(
  client: ObjectClient,
  refs: readonly ObjectRef[],
  options: WaitOptions,
): Promise<void> {
  const { clock, deadlineMs, onState } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let pending = refs.map((ref, index) => ({ ref, index }));
  for (;;) {
    const stored = await readObjects(
      client,
      pending.map(({ ref }) => ref),
    );
    const final = clock.now() >= deadlineMs;
    const notReady: (NotReadyObject & { index: number })[] = [];
    pending.forEach(({ ref, index }, i) => {
      const readiness = readinessOf(stored[i]);
      onState(index, { phase: 'checked', readiness, final });
      if (!readiness.ready) notReady.push({ ref, readiness, index });
    });
    if (notReady.length === 0) return;
    if (final) {
      const objects = notReady.map(({ ref, readiness }) => ({ ref, readiness }));
      throw new NotReadyError(objects, refs.length, options.timeoutText);
    }
    pending = notReady.map(({ ref, index }) => ({ ref, index }));
    await clock.sleep(Math.max(0, Math.min(pollIntervalMs, deadlineMs - clock.now())));
  }
}
