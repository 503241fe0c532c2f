import { OverCapacityError, ShuttingDownError } from '../errors';

/**
 * The instance's admission state: how many events are in flight, whether new ones are accepted, and
 * a way to wait until the in-flight ones are done (the SIGTERM drain, docs/faults.md, Shutdown).
 */
export class Lifecycle {
  private inFlightCount = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  /** @param maxInFlight - events handled at once; above it, 429 (`MAX_IN_FLIGHT`) */
  constructor(readonly maxInFlight: number) {}

  /** Events in flight now. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Whether events are accepted (`GET /readyz` answers 200). */
  get ready(): boolean {
    return !this.draining;
  }

  /**
   * Takes an in-flight slot (one per delivery, whatever its size).
   *
   * @throws ShuttingDownError while draining (503)
   * @throws OverCapacityError when the slots would pass `maxInFlight` (429)
   */
  acquire(): void {
    if (this.draining) throw new ShuttingDownError();
    if (this.inFlightCount >= this.maxInFlight) throw new OverCapacityError(this.maxInFlight);
    this.inFlightCount += 1;
  }

  /** Gives back the slot taken by {@link acquire}. */
  release(): void {
    this.inFlightCount -= 1;
    if (this.inFlightCount <= 0) {
      this.inFlightCount = 0;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Stops accepting events and resolves once none is in flight (or after `timeoutMs`). */
  drain(timeoutMs: number): Promise<'drained' | 'timed-out'> {
    this.draining = true;
    if (this.inFlightCount === 0) return Promise.resolve('drained');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve('timed-out');
      }, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve('drained');
      });
    });
  }
}
