/**
 * `apply`: check the cluster answers, locate and order the objects, server-side apply each (or
 * dry-run it), then wait until every one is ready, showing each object's state as it goes.
 *
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
import type { KubeObject } from '../cluster/kube-object';
import type { ObjectClient } from '../cluster/object-client';
import { RefusedError } from './apply-errors';
import { applyObjects } from './apply-objects';
import { objectTable, type CommandIo } from './display/command-io';
import type { ObjectState } from './display/object-state';
import { planObjects } from './plan-objects';
import { waitUntilReady } from './wait-until-ready';

/** What to apply and how long to wait. */
export interface ApplySettings {
  /** The server's dry run: nothing is stored, and nothing is waited for. */
  readonly dryRun: boolean;
  /** How long, from the start, every object may take to be ready. */
  readonly timeoutMs: number;
  /** The timeout as the user wrote it (`5m`), for messages. */
  readonly timeoutText: string;
  /** Between two reads of the objects not yet ready. @default 1000 */
  readonly pollIntervalMs?: number;
}

function dryRunSummary(states: readonly (ObjectState | undefined)[]): string {
  const count = (test: (state: ObjectState) => boolean): number =>
    states.filter((state) => state !== undefined && test(state)).length;
  const changes = (['created', 'configured', 'unchanged'] as const)
    .map((action) => [action, count((s) => s.phase === 'applied' && s.action === action)] as const)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action}`);
  const skipped = count((s) => s.phase === 'skipped');
  const unchecked = skipped > 0 ? `; ${skipped} not checked (see above)` : '';
  return `dry run: the API server accepted ${changes.join(', ') || 'nothing'}${unchecked}; nothing was changed\n`;
}

/**
 * Applies `objects` through `client` and waits until they are ready.
 *
 * @throws ClusterUnreachableError when the API server does not answer or refuses the credentials
 * @throws RefusedError naming each object the API server refused (or whose kind it does not
 *   serve, in which case nothing is applied), quoting its message
 * @throws NotReadyError naming each object not ready by the deadline, with its condition
 */
export async function runApply(
  client: ObjectClient,
  objects: readonly KubeObject[],
  settings: ApplySettings,
  io: CommandIo,
): Promise<void> {
  const startedMs = io.clock.now();
  await client.probe();
  const planned = await planObjects(client, objects);
  const { show } = objectTable(planned, io);
  const states: (ObjectState | undefined)[] = planned.map(() => undefined);
  const onState = (index: number, state: ObjectState): void => {
    states[index] = state;
    show(index, state);
  };
  const notServed = planned.flatMap(({ ref, notServed: why }) =>
    why ? [{ ref, message: why }] : [],
  );
  if (notServed.length > 0) {
    planned.forEach(({ notServed: why }, index) => {
      onState(
        index,
        why ? { phase: 'refused', message: why } : { phase: 'skipped', why: 'nothing applied' },
      );
    });
    throw new RefusedError(notServed);
  }
  await applyObjects(client, planned, { dryRun: settings.dryRun, onState });
  if (settings.dryRun) {
    io.out.write(dryRunSummary(states));
    return;
  }
  await waitUntilReady(
    client,
    planned.map(({ ref }) => ref),
    {
      clock: io.clock,
      deadlineMs: startedMs + settings.timeoutMs,
      timeoutText: settings.timeoutText,
      onState,
      ...(settings.pollIntervalMs === undefined ? {} : { pollIntervalMs: settings.pollIntervalMs }),
    },
  );
  const seconds = ((io.clock.now() - startedMs) / 1000).toFixed(1);
  io.out.write(`all ${planned.length} objects applied and ready in ${seconds} s\n`);
}
