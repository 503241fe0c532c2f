/**
 * Property over the public fixtures in ../shared: every delivery they give (Google, Knative,
 * functions-framework and CloudEvents payloads), broken in the ways transports and producers break
 * them, never makes `decodeDelivery` throw anything but a `DecodeError` with a documented code, and
 * never makes the worker answer 5xx, even with a labeler that succeeds.
 */
import type { Server } from 'node:http';
import fc from 'fast-check';
import { decodeDelivery } from '../../src/events/decode-delivery';
import { toMessage } from '../../src/events/message';
import { listen } from '../../src/worker/listen';
import {
  decodeOutcome,
  DOCUMENTED_DECODE_OUTCOMES,
  mutatedRequest,
  wireRequestOf,
} from '../support/delivery-mutations';
import { createPoster, type Poster } from '../support/http-poster';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';
import { eventFixtureDeliveries } from './shared-fixtures';

/** Sized for two shared cores. */
const DECODE_RUNS = 3000;
const HTTP_RUNS = 400;

const SEEDS = eventFixtureDeliveries().map((delivery) => wireRequestOf(delivery.message));

test('the fixtures give seeds', () => {
  expect(SEEDS.length).toBeGreaterThan(40);
});

test('decodeDelivery of a mutated fixture delivery decodes or throws a DecodeError with a documented code', () => {
  fc.assert(
    fc.property(mutatedRequest(SEEDS), ({ request }) => {
      expect(DOCUMENTED_DECODE_OUTCOMES).toContain(
        decodeOutcome(() => decodeDelivery(toMessage(request.headers, request.body))),
      );
    }),
    { numRuns: DECODE_RUNS },
  );
});

describe('through the worker', () => {
  let server: Server;
  let poster: Poster;

  beforeAll(async () => {
    const { labeler } = scriptedLabeler({}, { outcome: 'labeled', labels: [] });
    const worker = await testWorker(labeler, { LOG_LEVEL: 'silent' });
    ({ server } = await listen(worker.app, 0, '127.0.0.1'));
    const { port } = server.address() as { port: number };
    poster = createPoster(`http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    poster.close();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a mutated fixture delivery is answered 204 or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedRequest(SEEDS), async ({ request }) => {
        expect([204, 400, 413, 415]).toContain(await poster.post(request));
      }),
      { numRuns: HTTP_RUNS },
    );
  });
});
