/**
 * What the progress table says about one object, from pending to ready: a closed set of states
 * and the one function that words them.
 */
import { readinessWords } from '../apply-errors';
import type { Readiness } from '../rules/readiness';

/** How an apply changed the object (with `--dry-run`: how it would). */
export type ApplyAction = 'created' | 'configured' | 'unchanged';

/** One object's state in the table. */
export type ObjectState =
  /** Not applied yet. */
  | { readonly phase: 'pending' }
  /** Applied (or accepted by the server's dry run). */
  | { readonly phase: 'applied'; readonly action: ApplyAction; readonly dryRun: boolean }
  /** Not applied or not checked, and why. */
  | { readonly phase: 'skipped'; readonly why: string }
  /** Refused by the API server, with its message. */
  | { readonly phase: 'refused'; readonly message: string }
  /** Read back: ready or not; `final` once the deadline has passed (or for `status`). */
  | { readonly phase: 'checked'; readonly readiness: Readiness; readonly final: boolean };

/** The state as the table shows it, e.g. `waiting: Ready=Unknown RevisionMissing: ...`. */
export function stateText(state: ObjectState): string {
  switch (state.phase) {
    case 'pending':
      return 'pending';
    case 'applied':
      return state.dryRun ? `${state.action} (dry run)` : state.action;
    case 'skipped':
      return `skipped: ${state.why}`;
    case 'refused':
      return `refused: ${state.message}`;
    case 'checked':
      if (state.readiness.ready) return 'ready';
      return `${state.final ? 'not ready' : 'waiting'}: ${readinessWords(state.readiness)}`;
  }
}
