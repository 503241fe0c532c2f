/**
 * The property suite of broken deliveries, shared by the repository's own seeds (test/events) and
 * the public fixtures beside the repository (test/conformance): the seeds decode as they are;
 * mutated, they decode or throw a documented `DecodeError`; through the worker they are never
 * answered 5xx.
 */
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage } from '../../src/events/message';
import type { WireRequest } from './delivery-mutations';
import {
  decodeMutationReport,
  decodeOutcome,
  startMutationTarget,
  workerMutationReport,
  type MutationTarget,
} from './mutation-reports';

/** How many mutated requests each property tries. */
export interface MutationRuns {
  /** Mutated requests given to `decodeDelivery`. */
  readonly decode: number;
  /** Mutated requests sent to the worker over HTTP. */
  readonly http: number;
}

/**
 * Declares the suite's tests for `seeds`.
 *
 * @param what - how a test title names one mutated seed, e.g. `a mutated delivery`
 */
export function describeMutationProperties(
  seeds: readonly WireRequest[],
  runs: MutationRuns,
  what: string,
): void {
  test('the seeds decode as they are', () => {
    expect(
      seeds.map((seed) => decodeOutcome(() => decodeDelivery(toMessage(seed.headers, seed.body)))),
    ).toEqual(seeds.map(() => 'decoded'));
  });

  test(`decodeDelivery of ${what} decodes or throws a DecodeError with a documented code`, () => {
    expect(decodeMutationReport(seeds, runs.decode)).toBeUndefined();
  });

  describe('through the worker (a labeler that always succeeds)', () => {
    let target: MutationTarget;
    beforeAll(async () => {
      target = await startMutationTarget();
    });
    afterAll(() => target.close());

    test(`${what} is answered 204 or a 4xx, never a 5xx`, async () => {
      await expect(workerMutationReport(target, seeds, runs.http)).resolves.toBeUndefined();
    });
  });
}
