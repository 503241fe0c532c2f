/**
 * The wait phase: every object read back and judged by its kind's readiness rule, again every
 * poll interval, until all are ready or the deadline passes. Nothing watches: a few objects read
 * once a second cost the API server less than a watch per kind.
 */
import type { Clock } from '../cluster/clock';
import type { ObjectRef } from '../cluster/kube-object';
import type { ObjectClient } from '../cluster/object-client';
import { NotReadyError, type NotReadyObject } from './apply-errors';
import type { ObjectState } from './display/object-state';
import { readinessOf, type Readiness } from './rules/readiness';

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

/** Reads every object in `refs` once and judges it (`undefined`: not in the cluster). */
export async function checkReadiness(
  client: ObjectClient,
  refs: readonly ObjectRef[],
): Promise<Readiness[]> {
  return Promise.all(refs.map(async (ref) => readinessOf(await client.get(ref))));
}

/**
 * Resolves once every object in `refs` is ready; reads them at once, then every
 * `pollIntervalMs` (only those not ready yet), until `deadlineMs`.
 *
 * @throws NotReadyError listing each object not ready at the deadline, with its condition's
 *   status, reason and message
 * @throws ClusterUnreachableError, ApiStatusError when a read fails
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
    const results = await checkReadiness(
      client,
      pending.map(({ ref }) => ref),
    );
    const final = clock.now() >= deadlineMs;
    const notReady: (NotReadyObject & { index: number })[] = [];
    pending.forEach(({ ref, index }, i) => {
      const readiness = results[i] ?? readinessOf(undefined);
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
