/**
 * Knative's retry window (the sum of the dispatcher's backoff waits, retries counted from 0) and the
 * worker's Retry-After sum, which the config check and the validator compare.
 */
import { KNATIVE_DELIVERY_DEFAULTS } from '../../charts/config/deployment-config';
import {
  knativeBackoff,
  knativeRetryWindowSeconds,
  LONGEST_RETRY_AFTER_SECONDS,
  workerRetryAfterSumSeconds,
} from '../../src/config/knative-retry-window';
import { RETRY_AFTER_SECONDS } from '../../src/labelers/vision-decision';

test.each([
  ['exponential', [1, 2, 4, 8, 16]],
  ['linear', [0, 1, 2, 3, 4]],
] as const)('%s waits, from retry number 0', (policy, waits) => {
  expect(waits.map((_, i) => knativeBackoff(policy, 1, i))).toEqual(waits);
});

test.each([
  [{ retry: 12, backoffPolicy: 'exponential', backoffDelaySeconds: 1 }, 4095],
  [{ retry: 5, backoffPolicy: 'exponential', backoffDelaySeconds: 1 }, 31],
  [{ retry: 5, backoffPolicy: 'exponential', backoffDelaySeconds: 0.5 }, 15.5],
  [{ retry: 3, backoffPolicy: 'linear', backoffDelaySeconds: 30 }, 90],
  [{ retry: 1, backoffPolicy: 'linear', backoffDelaySeconds: 30 }, 0],
  [{ retry: 0, backoffPolicy: 'exponential', backoffDelaySeconds: 1 }, 0],
] as const)('window of %j: %d', (shape, seconds) => {
  expect(knativeRetryWindowSeconds(shape)).toBe(seconds);
});

test("the default window is about 68 minutes and covers the worker's Retry-After sum", () => {
  const window = knativeRetryWindowSeconds(KNATIVE_DELIVERY_DEFAULTS);
  expect(Math.round(window / 60)).toBe(68);
  expect(window).toBeGreaterThanOrEqual(
    workerRetryAfterSumSeconds(KNATIVE_DELIVERY_DEFAULTS.retry),
  );
});

test("the worker's longest Retry-After is the labeler's quota answer", () => {
  expect(LONGEST_RETRY_AFTER_SECONDS).toBe(RETRY_AFTER_SECONDS['labeler-quota-exhausted']);
  expect(workerRetryAfterSumSeconds(4)).toBe(4 * LONGEST_RETRY_AFTER_SECONDS);
});
