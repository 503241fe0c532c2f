/**
 * The group commit of the log (`logWriter`): a delivery is answered once its log line is written;
 * the deliveries that wait in one turn of the event loop share one synchronous write.
 */
import { Writable } from 'node:stream';
import { logWriter } from '../../src/log/logger';

/** A destination that counts its synchronous writes (pino's SonicBoom has `flushSync`). */
function countingDestination(fail = false): Writable & { flushSync(): void; writes: number } {
  const destination = Object.assign(
    new Writable({
      write: (_chunk, _encoding, done) => {
        done();
      },
    }),
    {
      writes: 0,
      flushSync(): void {
        destination.writes++;
        if (fail) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      },
    },
  );
  return destination;
}

test('waits in one turn share one write, which is done when they resolve', async () => {
  const destination = countingDestination();
  const written = logWriter(destination);
  const waits = [written(), written(), written()];
  expect(destination.writes).toBe(0);
  await Promise.all(waits);
  expect(destination.writes).toBe(1);
  await written();
  expect(destination.writes).toBe(2);
});

test('a write that fails (EPIPE) does not fail the delivery', async () => {
  const destination = countingDestination(true);
  await expect(logWriter(destination)()).resolves.toBeUndefined();
  expect(destination.writes).toBe(1);
});

test('a destination that writes at once has nothing to wait for', async () => {
  const destination = new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  });
  await expect(logWriter(destination)()).resolves.toBeUndefined();
});
