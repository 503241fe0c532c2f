/**
 * Time as the apply command sees it: the deadline, the polling interval and the wait a 429 asks
 * for all read one clock, passed in, so tests can run them without waiting.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** A clock: the time now and a wait. */
export interface Clock {
  /** Milliseconds since an arbitrary origin (only differences are used). */
  now(): number;
  /** Resolves after `durationMs` milliseconds. */
  sleep(durationMs: number): Promise<void>;
}

/** The real clock: `performance.now()` and a timer. */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  sleep: (durationMs: number) => delay(durationMs),
});
