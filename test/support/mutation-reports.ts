/**
 * The checks of broken deliveries (see `delivery-mutations.ts`) against the decoder and the worker,
 * each returning fast-check's report of the smallest counterexample, for an assertion's message.
 */
import fc from 'fast-check';
import { DecodeError, UnsupportedCharsetError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage } from '../../src/events/message';
import { listen } from '../../src/worker/listen';
import { mutatedRequest, type WireRequest } from './delivery-mutations';
import { createPoster, type Poster, type PostResult } from './http-poster';
import { scriptedLabeler } from './scripted-labeler';
import { testWorker } from './test-worker';

/**
 * What decoding did, as one line for an assertion: `decoded`, `DecodeError <code>` (the documented
 * failure), or the name and message of anything else (a bug).
 */
export function decodeOutcome(decode: () => unknown): string {
  try {
    decode();
    return 'decoded';
  } catch (error) {
    if (error instanceof DecodeError && error.message !== '') return `DecodeError ${error.code}`;
    if (error instanceof UnsupportedCharsetError) return 'UnsupportedCharsetError';
    return error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${String(error)}`;
  }
}

/** The outcomes {@link decodeOutcome} may give for any request. */
export const DOCUMENTED_DECODE_OUTCOMES = [
  'decoded',
  'DecodeError malformed-body',
  'DecodeError unrecognized-format',
  'DecodeError invalid-event',
  'UnsupportedCharsetError',
];

/**
 * Checks that every mutated seed decodes or throws a `DecodeError` with a documented code.
 *
 * @returns fast-check's report of the smallest counterexample, or `undefined` when none was found
 */
export function decodeMutationReport(
  seeds: readonly WireRequest[],
  numRuns: number,
): string | undefined {
  const details = fc.check(
    fc.property(mutatedRequest(seeds), ({ request }) => {
      const outcome = decodeOutcome(() => decodeDelivery(toMessage(request.headers, request.body)));
      if (!DOCUMENTED_DECODE_OUTCOMES.includes(outcome)) throw new Error(outcome);
    }),
    { numRuns },
  );
  return details.failed ? fc.defaultReportMessage(details) : undefined;
}

/**
 * The statuses a broken delivery may get: handled, or a permanent 4xx (docs/delivery-contract.md).
 */
export const BROKEN_DELIVERY_STATUSES: readonly PostResult[] = [204, 400, 413, 415];

/** A worker to send broken deliveries to: a labeler that always succeeds, nothing logged. */
export interface MutationTarget {
  readonly poster: Poster;
  close(): Promise<void>;
}

/** Starts a {@link MutationTarget} on a free port. */
export async function startMutationTarget(): Promise<MutationTarget> {
  const { labeler } = scriptedLabeler({}, { outcome: 'labeled', labels: [] });
  const worker = await testWorker(labeler, { LOG_LEVEL: 'silent' });
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  const poster = createPoster(`http://127.0.0.1:${port}`);
  return {
    poster,
    close: () => {
      poster.close();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/**
 * Checks that the worker answers every mutated seed with one of {@link BROKEN_DELIVERY_STATUSES},
 * never a 5xx or a dropped connection.
 *
 * @returns fast-check's report of the smallest counterexample, or `undefined` when none was found
 */
export async function workerMutationReport(
  target: MutationTarget,
  seeds: readonly WireRequest[],
  numRuns: number,
): Promise<string | undefined> {
  const details = await fc.check(
    fc.asyncProperty(mutatedRequest(seeds), async ({ request }) => {
      const status = await target.poster.post(request);
      if (!BROKEN_DELIVERY_STATUSES.includes(status)) throw new Error(`answered ${status}`);
    }),
    { numRuns },
  );
  return details.failed ? fc.defaultReportMessage(details) : undefined;
}
