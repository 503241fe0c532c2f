/**
 * Property over the public fixtures in ../shared: every delivery they give (Google, Knative,
 * functions-framework and CloudEvents payloads), broken in the ways transports and producers break
 * them, never makes `decodeDelivery` throw anything but a `DecodeError` with a documented code, and
 * never makes the worker answer 5xx, even with a labeler that succeeds.
 */
import { decodeDelivery } from '../../src/events/decode-delivery';
import { toMessage } from '../../src/events/message';
import { wireRequestOf } from '../support/delivery-mutations';
import {
  decodeMutationReport,
  decodeOutcome,
  startMutationTarget,
  workerMutationReport,
  type MutationTarget,
} from '../support/mutation-reports';
import { eventFixtureDeliveries } from './shared-fixtures';

/** Sized for two shared cores. */
const DECODE_RUNS = 3000;
const HTTP_RUNS = 400;

const SEEDS = eventFixtureDeliveries().map((delivery) => wireRequestOf(delivery.message));

test('the fixtures give seeds', () => {
  expect(SEEDS.length).toBeGreaterThan(70);
});

test('the seeds decode as they are', () => {
  expect(
    SEEDS.map((seed) => decodeOutcome(() => decodeDelivery(toMessage(seed.headers, seed.body)))),
  ).toEqual(SEEDS.map(() => 'decoded'));
});

test('decodeDelivery of a mutated fixture delivery decodes or throws a DecodeError with a documented code', () => {
  expect(decodeMutationReport(SEEDS, DECODE_RUNS)).toBeUndefined();
});

describe('through the worker (a labeler that always succeeds)', () => {
  let target: MutationTarget;
  beforeAll(async () => {
    target = await startMutationTarget();
  });
  afterAll(() => target.close());

  test('a mutated fixture delivery is answered 204 or a 4xx, never a 5xx', async () => {
    await expect(workerMutationReport(target, SEEDS, HTTP_RUNS)).resolves.toBeUndefined();
  });
});
