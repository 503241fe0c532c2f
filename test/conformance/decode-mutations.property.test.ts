/**
 * Property over the public fixtures in ../shared: every delivery they give (Google, Knative,
 * functions-framework and CloudEvents payloads), broken in the ways transports and producers break
 * them, never makes `decodeDelivery` throw anything but a `DecodeError` with a documented code, and
 * never makes the worker answer 5xx, even with a labeler that succeeds.
 */
import { wireRequestOf } from '../support/delivery-mutations';
import { describeMutationProperties } from '../support/mutation-suite';
import { eventFixtureDeliveries } from './shared-fixtures';

/** Sized for two shared cores. */
const DECODE_RUNS = 3000;
const HTTP_RUNS = 400;

const SEEDS = eventFixtureDeliveries().map((delivery) => wireRequestOf(delivery.message));

test('the fixtures give seeds', () => {
  expect(SEEDS.length).toBeGreaterThan(70);
});

describeMutationProperties(
  SEEDS,
  { decode: DECODE_RUNS, http: HTTP_RUNS },
  'a mutated fixture delivery',
);
