/**
 * The source's loop with its seams replaced by doubles: a message is acknowledged only after the
 * sink's 2xx, nacked on a retryable answer, published to the dead-letter topic and then
 * acknowledged on a permanent 4xx, skipped when it is no notification of the bucket; the drain
 * stops pulling, lets the sends in flight finish, nacks the rest. One log line per message.
 */
import { createSource, type Source } from '../../src/source/create-source';
import { DEAD_LETTER_ATTRIBUTES } from '../../src/source/dead-letter-copy';
import type { SinkAnswer } from '../../src/source/sink-actions';
import { CAT_BUCKET, CAT_OBJECT, gcsAttributes, prettyJson } from '../support/decode-fixtures';
import {
  fakeSubscription,
  memoryDeadLetter,
  memoryLogger,
  pulled,
  scriptedSink,
  settleMicrotasks,
  type FakeSubscription,
  type MemoryDeadLetter,
  type RecordedMessage,
  type ScriptedSink,
} from './source-doubles';

const SUBSCRIPTION = 'projects/demo-project/subscriptions/photos-source';

let subscription: FakeSubscription;
let sink: ScriptedSink;
let deadLetter: MemoryDeadLetter;
let log: ReturnType<typeof memoryLogger>;
let source: Source;

beforeEach(() => {
  subscription = fakeSubscription();
  sink = scriptedSink();
  deadLetter = memoryDeadLetter();
  log = memoryLogger();
  source = createSource({
    subscription,
    sink,
    deadLetter,
    logger: log.logger,
    subscriptionName: SUBSCRIPTION,
    bucket: CAT_BUCKET,
    extensions: {},
  });
  source.start();
});

function catNotification(id: string): RecordedMessage {
  return pulled({
    messageId: id,
    publishTime: undefined,
    attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
    data: Buffer.from(prettyJson(CAT_OBJECT)),
  });
}

const status = (code: number, problem?: string): SinkAnswer => ({
  kind: 'status',
  status: code,
  problem,
});

/** Delivers a notification, answers its POST, and waits for it to be settled. */
async function deliverAndAnswer(answer: SinkAnswer, id = '1001'): Promise<RecordedMessage> {
  const message = catNotification(id);
  subscription.deliver(message);
  await settleMicrotasks();
  sink.pending[0]!.answer(answer);
  await settleMicrotasks();
  return message;
}

test('a notification is acknowledged only once the sink answered 2xx', async () => {
  const message = catNotification('1001');
  subscription.deliver(message);
  await settleMicrotasks();
  expect(sink.received).toHaveLength(1);
  expect(sink.received[0]!.headers['ce-id']).toBe('1001');
  expect(message.settlements).toEqual([]);
  sink.pending[0]!.answer(status(202));
  await settleMicrotasks();
  expect(message.settlements).toEqual(['ack']);
});

test.each<[string, SinkAnswer]>([
  ['503', status(503)],
  ['500', status(500)],
  ['429', status(429)],
  ['404', status(404)],
  ['408', status(408)],
  ['409', status(409)],
  ['401', status(401)],
  ['a connection error', { kind: 'failed', reason: 'connection', message: 'ECONNREFUSED' }],
  ['the send timeout', { kind: 'failed', reason: 'timeout', message: 'the send timed out' }],
])('%s is nacked, never acknowledged nor dead-lettered', async (_title, answer) => {
  const message = await deliverAndAnswer(answer);
  expect(message.settlements).toEqual(['nack']);
  expect(deadLetter.published).toEqual([]);
  expect(log.lines()).toEqual([
    expect.objectContaining({ severity: 'WARNING', outcome: 'retried', messageId: '1001' }),
  ]);
});

test.each([400, 413, 415])(
  'a permanent %i is published to the dead-letter topic with the problem, then acknowledged',
  async (code) => {
    const message = await deliverAndAnswer(status(code, 'header ce-type is missing'));
    expect(message.settlements).toEqual(['ack']);
    expect(deadLetter.published).toEqual([
      {
        data: message.data,
        attributes: {
          ...message.attributes,
          [DEAD_LETTER_ATTRIBUTES.reason]: expect.stringContaining('header ce-type is missing'),
          [DEAD_LETTER_ATTRIBUTES.status]: String(code),
          [DEAD_LETTER_ATTRIBUTES.messageId]: '1001',
          [DEAD_LETTER_ATTRIBUTES.subscription]: SUBSCRIPTION,
        },
      },
    ]);
    expect(log.lines()).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        outcome: 'dead-lettered',
        status: code,
        reason: expect.stringContaining('header ce-type is missing'),
        deadLetterMessageId: 'dl-1',
      }),
    ]);
  },
);

test('a permanent 4xx whose dead-letter publish fails is nacked, never dropped', async () => {
  deadLetter.failing = true;
  const message = await deliverAndAnswer(status(400, 'bad'));
  expect(message.settlements).toEqual(['nack']);
  expect(log.lines()).toEqual([
    expect.objectContaining({
      outcome: 'retried',
      reason: expect.stringContaining('the dead-letter publish failed: PERMISSION_DENIED'),
    }),
  ]);
});

test('a message that is no notification of the bucket is acknowledged and logged, never sent', async () => {
  const message = pulled({
    messageId: '2002',
    publishTime: undefined,
    attributes: { origin: 'a test' },
    data: Buffer.from('hello'),
  });
  subscription.deliver(message);
  await settleMicrotasks();
  expect(sink.received).toEqual([]);
  expect(message.settlements).toEqual(['ack']);
  expect(log.lines()).toEqual([
    expect.objectContaining({
      severity: 'INFO',
      outcome: 'skipped',
      messageId: '2002',
      reason: 'not a Cloud Storage notification: no eventType attribute',
    }),
  ]);
});

test('a broken notification of the bucket goes to the dead-letter topic without a send', async () => {
  const message = pulled({
    messageId: '3003',
    publishTime: undefined,
    attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
    data: Buffer.from('{"bucket": '),
  });
  subscription.deliver(message);
  await settleMicrotasks();
  expect(sink.received).toEqual([]);
  expect(deadLetter.published).toHaveLength(1);
  expect(message.settlements).toEqual(['ack']);
});

test('each message gives one log line with its event, outcome, status and latency', async () => {
  await deliverAndAnswer(status(204));
  expect(log.lines()).toEqual([
    {
      severity: 'INFO',
      time: expect.any(String),
      message: 'delivered: objects/photos/cat.jpg (204)',
      messageId: '1001',
      deliveryAttempt: 1,
      eventId: '1001',
      eventType: 'google.cloud.storage.object.v1.finalized',
      subject: 'objects/photos/cat.jpg',
      status: 204,
      outcome: 'delivered',
      latencyMs: expect.any(Number),
    },
  ]);
});

describe('the drain', () => {
  test('stops pulling, lets the sends in flight finish, nacks what arrives afterwards', async () => {
    const inFlight = catNotification('1001');
    subscription.deliver(inFlight);
    await settleMicrotasks();
    expect(source.ready()).toBe(true);
    const stopped = source.stop(5_000);
    expect(source.ready()).toBe(false);
    expect(subscription.closed()).toBe(true);
    const late = catNotification('1002');
    subscription.deliver(late);
    await settleMicrotasks();
    expect(late.settlements).toEqual(['nack']);
    expect(sink.received).toHaveLength(1);
    sink.pending[0]!.answer(status(202));
    await expect(stopped).resolves.toBe('drained');
    expect(inFlight.settlements).toEqual(['ack']);
  });

  test('aborts the sends still in flight at its deadline and nacks them', async () => {
    const inFlight = catNotification('1001');
    subscription.deliver(inFlight);
    await settleMicrotasks();
    await expect(source.stop(20)).resolves.toBe('aborted');
    expect(inFlight.settlements).toEqual(['nack']);
    expect(log.lines()).toEqual([
      expect.objectContaining({ outcome: 'retried', reason: 'aborted: aborted by the drain' }),
    ]);
  });
});

test('a subscription that fails for good is reported and no longer ready', async () => {
  const error = new Error('NOT_FOUND: Subscription does not exist');
  subscription.fail(error);
  await expect(source.failed).resolves.toBe(error);
  expect(source.ready()).toBe(false);
});
