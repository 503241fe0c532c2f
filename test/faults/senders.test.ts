/**
 * The test senders themselves, against a server that answers a script of statuses: they must
 * treat each answer as Pub/Sub push and Knative do, or the fault runs would prove nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toMessage } from '../../src/events/message';
import { createPoster, type Poster } from '../support/http-poster';
import { knativeBackoffMs, sendKnativeEvents } from '../support/knative-sender';
import { sendPushMessages } from '../support/pubsub-push-sender';
import { exponentialBackoff } from '../support/retrying-delivery';
import { seededRandom } from '../support/seeded-random';

type Answer = number | 'drop';

let server: Server;
let poster: Poster;
let script: Answer[];
let received: string[];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      const answer = script.shift() ?? 500;
      if (answer === 'drop') request.socket.destroy();
      else response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  poster = createPoster(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

beforeEach(() => {
  received = [];
});

afterAll(async () => {
  poster.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const push = (answers: Answer[]) => {
  script = [...answers];
  return sendPushMessages(
    [
      {
        messageId: '42',
        request: (attempt) =>
          toMessage({ 'content-type': 'application/json' }, JSON.stringify({ attempt })),
      },
    ],
    {
      poster,
      maxDeliveryAttempts: 5,
      minRetryDelayMs: 1,
      maxRetryDelayMs: 2,
      random: seededRandom(1),
    },
  );
};

describe('Pub/Sub push', () => {
  test.each([200, 201, 202, 204])('%d acknowledges the message at once', async (status) => {
    const report = await push([status]);
    expect(report.messages).toEqual([{ key: '42', results: [status], outcome: 'delivered' }]);
  });

  test.each<Answer>([203, 205, 301, 400, 404, 409, 413, 429, 500, 503, 'drop'])(
    '%s is a nack: redelivered with deliveryAttempt one higher, dead-lettered after maxDeliveryAttempts',
    async (answer) => {
      const report = await push([answer, answer, answer, answer, answer]);
      const result = answer === 'drop' ? 'transport-error' : answer;
      expect(report.messages).toEqual([
        { key: '42', results: Array(5).fill(result), outcome: 'attempts-exhausted' },
      ]);
      expect(received.map((body) => JSON.parse(body) as unknown)).toEqual(
        [1, 2, 3, 4, 5].map((attempt) => ({ attempt })),
      );
    },
  );

  test('a nack then an ack: acknowledged on the second attempt', async () => {
    const report = await push([503, 204]);
    expect(report.messages).toEqual([{ key: '42', results: [503, 204], outcome: 'delivered' }]);
  });
});

const knative = (answers: Answer[]) => {
  script = [...answers];
  return sendKnativeEvents([{ id: 'e1', request: toMessage({ 'ce-id': 'e1' }, '{}') }], {
    poster,
    retry: 3,
    backoffDelayMs: 1,
  });
};

describe('Knative', () => {
  test.each([
    ['exponential', [1000, 2000, 4000, 8000, 16000]],
    ['linear', [0, 1000, 2000, 3000, 4000]],
  ] as const)('%s backoff from PT1S waits as the dispatcher does', (policy, waits) => {
    expect([1, 2, 3, 4, 5].map((failed) => knativeBackoffMs(policy, 1000, failed))).toEqual(waits);
  });

  test.each([200, 202, 204])('%d delivers the event', async (status) => {
    const report = await knative([status]);
    expect(report.events).toEqual([{ key: 'e1', results: [status], outcome: 'delivered' }]);
  });

  test.each<Answer>([404, 408, 409, 429, 500, 502, 503, 504, 'drop'])(
    '%s is retried, then dead-lettered after retry + 1 attempts',
    async (answer) => {
      const report = await knative([answer, answer, answer, answer]);
      const result = answer === 'drop' ? 'transport-error' : answer;
      expect(report.events).toEqual([
        { key: 'e1', results: Array(4).fill(result), outcome: 'attempts-exhausted' },
      ]);
    },
  );

  test.each([301, 400, 401, 403, 405, 413, 415, 422])(
    '%d goes to the dead-letter sink at once',
    async (status) => {
      const report = await knative([status]);
      expect(report.events).toEqual([{ key: 'e1', results: [status], outcome: 'not-retryable' }]);
    },
  );
});

test('the exponential backoff doubles from its base up to its cap', () => {
  const backoff = exponentialBackoff(2, 40);
  expect([1, 2, 3, 4, 5, 6, 7].map(backoff)).toEqual([2, 4, 8, 16, 32, 40, 40]);
});
