/**
 * The outcomes of `apply` and `status` that are not "every object ready", one error class per
 * exit status, and the one table that maps them (with the cluster errors of `src/cluster/`) to
 * exit codes.
 */
import {
  ApiStatusError,
  ClusterUnreachableError,
  KindNotServedError,
} from '../cluster/cluster-errors';
import { describeObject, type ObjectRef } from '../cluster/kube-object';
import type { NotReady } from './rules/readiness';

/** Exit codes of `npm run apply` and `npm run status`. */
export const EXIT_CODES = Object.freeze({
  /** Every object applied (or, with `--dry-run`, accepted) and ready. */
  ready: 0,
  /** An object not ready by the deadline (`status`: not ready now). */
  notReady: 1,
  /** The API server refused an object. */
  refused: 2,
  /** No cluster can be used: no kubeconfig, unknown context, no answer, credentials refused. */
  unreachable: 3,
  /** A usage error, or manifests that cannot be read or synthesized. */
  input: 4,
  /** A fault of the command itself (a bug): the stack is printed. */
  fault: 5,
});

/** A command-line argument the command does not accept; the usage text follows the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The manifests cannot be read, parsed or synthesized; the message names the file. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** One object the API server refused, and what it said. */
export interface Refusal {
  readonly ref: ObjectRef;
  /** The API server's message, quoted as it sent it. */
  readonly message: string;
}

/** The API server refused one or more objects: each named, with the server's message. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';

  constructor(readonly refusals: readonly Refusal[]) {
    const lines = refusals.map(({ ref, message }) => `  ${describeObject(ref)}: ${message}`);
    super(
      `the API server refused ${refusals.length === 1 ? 'an object' : `${refusals.length} objects`}:\n${lines.join('\n')}`,
    );
  }
}

/** One object that is not ready, and why. */
export interface NotReadyObject {
  readonly ref: ObjectRef;
  readonly readiness: NotReady;
}

/** Objects not ready by the deadline (or, for `status`, now): each with its condition's words. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';

  /**
   * @param objects - the objects not ready
   * @param total - how many objects were checked
   * @param after - the deadline as the user gave it (`5m`), absent for `status`
   */
  constructor(
    readonly objects: readonly NotReadyObject[],
    total: number,
    after?: string,
  ) {
    const lines = objects.map(
      ({ ref, readiness }) => `  ${describeObject(ref)}: ${readinessWords(readiness)}`,
    );
    super(
      `${objects.length} of ${total} objects not ready${after === undefined ? '' : ` after ${after}`}:\n${lines.join('\n')}`,
    );
  }
}

/** `Ready=False Reason: message`, or `Reason: message` when there is no condition. */
export function readinessWords(readiness: NotReady): string {
  const condition = readiness.status === undefined ? '' : `Ready=${readiness.status} `;
  const message = readiness.message === '' ? '' : `: ${readiness.message}`;
  return `${condition}${readiness.reason}${message}`;
}

/** Error class → exit code: the one place that decides. */
const EXIT_CODE_TABLE: readonly (readonly [abstract new (...args: never[]) => Error, number])[] = [
  [NotReadyError, EXIT_CODES.notReady],
  [RefusedError, EXIT_CODES.refused],
  [ClusterUnreachableError, EXIT_CODES.unreachable],
  [UsageError, EXIT_CODES.input],
  [InputError, EXIT_CODES.input],
  // Where an object is at hand these arrive wrapped in a RefusedError naming it; these rows
  // keep any other refusal from counting as a fault of the command.
  [ApiStatusError, EXIT_CODES.refused],
  [KindNotServedError, EXIT_CODES.refused],
];

/** The exit code for `error`: from the table, `EXIT_CODES.fault` for anything else. */
export function exitCodeOf(error: unknown): number {
  return EXIT_CODE_TABLE.find(([type]) => error instanceof type)?.[1] ?? EXIT_CODES.fault;
}
