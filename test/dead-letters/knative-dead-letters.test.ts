/**
 * Nothing is discarded on the Knative path, end to end: CloudEvents go through a sender that
 * behaves like the Broker and Trigger (exponential backoff, `retry` retries of 5xx/404/408/409/429,
 * then the dead-letter sink with Knative's `knativeerror*` extensions) to the built worker (a real
 * child process) whose labeler is down (Cloud Vision stand-in answering 503 UNAVAILABLE, so the
 * worker answers 503 with Retry-After) for longer than the whole retry window, and from there to
 * the built dead-letter receiver (a real child process) publishing to Google's Pub/Sub fake
 * (pstest). Every event is found on the dead-letter topic, pulled through its hold subscription,
 * as the notification Cloud Storage published, with the Knative error: none lost, none twice;
 * also when a share of the receiver's publishes fail (503, sent again by the sender). The retry
 * shape is the chart's own (the Trigger of the committed knative/dualrun.yaml: retry 12,
 * exponential from PT1S), its backoff scaled from seconds to fractions of a millisecond (PT1S is
 * {@link SCALED_SECOND_MS} ms here, the 4,095 s window about a second) so the run takes seconds; the
 * window rule of synth and the validator holds for that shape.
 */
import type { Message as PulledMessage, Subscription } from '@google-cloud/pubsub';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import {
  knativeRetryWindowSeconds,
  workerRetryAfterSumSeconds,
  type KnativeRetryShape,
} from '../../src/config/knative-retry-window';
import { parseIsoDurationMs } from '../../src/validator/core/durations';
import { KNATIVE_DEAD_LETTER_ATTRIBUTES as A } from '../../src/dead-letters/dead-letter-attributes';
import type { StorageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { startFakeVisionServer, type FakeVisionServer } from '../support/fake-vision-server';
import { createPoster, type Poster } from '../support/http-poster';
import { sendKnativeEvents, type KnativeReport } from '../support/knative-sender';
import { startPubSubFake, type PubSubFake } from '../support/pubsub-fake';
import { PEER_BUILD_TIMEOUT_MS } from '../support/test-peer-binary';
import {
  ensureBuilt,
  startNodeChild,
  startWorkerChild,
  type WorkerChild,
} from '../support/worker-child';
import { CAT_EVENT } from '../support/decode-fixtures';
import { TOPIC_NAME_RULE } from '../../src/config/pubsub-names';

const RECEIVER_ENTRY = path.resolve(__dirname, '../../dist/src/startup/dead-letter-main.js');
const PROJECT = 'dualrun-dead-letters';
const TOPIC = `projects/${PROJECT}/topics/uploads-dead-letter`;
const HOLD = 'uploads-dead-letter-hold';
/** The Trigger's delivery as the chart generates it (the committed output of the sample config). */
function generatedTriggerDelivery(): KnativeRetryShape {
  const file = path.resolve(__dirname, '../../knative/dualrun.yaml');
  const trigger = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => document.toJS() as { kind?: string; spec?: { delivery?: unknown } })
    .find((object) => object.kind === 'Trigger');
  const delivery = trigger?.spec?.delivery as
    { retry: number; backoffPolicy: 'exponential' | 'linear'; backoffDelay: string } | undefined;
  const delayMs = parseIsoDurationMs(delivery?.backoffDelay ?? '');
  if (delivery === undefined || delayMs === undefined)
    throw new Error(`no Trigger delivery in ${file}`);
  return {
    retry: delivery.retry,
    backoffPolicy: delivery.backoffPolicy,
    backoffDelaySeconds: delayMs / 1000,
  };
}

const DELIVERY = generatedTriggerDelivery();
/** The Trigger's `delivery.retry`. */
const RETRY = DELIVERY.retry;
/** What one second of Knative's backoff lasts here, in milliseconds. */
const SCALED_SECOND_MS = 0.25;
/** `delivery.backoffDelay`, scaled. */
const BACKOFF_DELAY_MS = DELIVERY.backoffDelaySeconds * SCALED_SECOND_MS;
const ENCODINGS = [
  'cloudevent-binary',
  'cloudevent-binary-knative-gcp-2020',
  'cloudevent-structured',
] as const;

let fake: PubSubFake;
let vision: FakeVisionServer;
let worker: WorkerChild;
let receiver: WorkerChild;
let hold: Subscription;
const kept = new Map<string, PulledMessage[]>();
const posters: Poster[] = [];

beforeAll(async () => {
  ensureBuilt();
  fake = await startPubSubFake({ projectId: PROJECT });
  const pubsub = fake.client();
  const [topic] = await pubsub.createTopic('uploads-dead-letter');
  [hold] = await topic.createSubscription(HOLD);
  hold.on('message', (message: PulledMessage) => {
    const id = message.attributes[A.eventId] ?? `no id ${message.id}`;
    kept.set(id, [...(kept.get(id) ?? []), message]);
    message.ack();
  });
  vision = await startFakeVisionServer({
    kind: 'http-error',
    httpStatus: 503,
    status: 'UNAVAILABLE',
    message: 'The service is currently unavailable.',
  });
  worker = await startWorkerChild({ LABELER: 'vision', VISION_API_ENDPOINT: vision.url });
  receiver = await startNodeChild(RECEIVER_ENTRY, {
    PUBSUB_DEAD_LETTER_TOPIC: TOPIC,
    PUBSUB_EMULATOR_HOST: fake.emulatorHost,
  });
}, PEER_BUILD_TIMEOUT_MS + 30_000);

afterAll(async () => {
  for (const poster of posters) poster.close();
  await hold.close();
  for (const child of [worker, receiver]) child.child.kill('SIGKILL');
  await vision.close();
  await fake.stop();
});

/** `count` uploads of photos named after `prefix`, each its own event. */
function uploads(prefix: string, count: number): StorageEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const name = `photos/${prefix}-${String(index)}.jpg`;
    return {
      ...CAT_EVENT,
      id: `${prefix}-${String(index)}`,
      subject: `objects/${name}`,
      data: {
        ...CAT_EVENT.data,
        name,
        generation: String(1_712_345_678_901_234_000n + BigInt(index)),
      },
    };
  });
}

/** Sends the events through the Broker-like sender; the worker is its subscriber. */
async function deliver(events: readonly StorageEvent[]): Promise<KnativeReport> {
  const poster = createPoster(worker.base);
  const sink = createPoster(receiver.base);
  posters.push(poster, sink);
  return sendKnativeEvents(
    events.map((event, index) => ({
      id: event.id,
      request: encodeDelivery(event, ENCODINGS[index % ENCODINGS.length] ?? 'cloudevent-binary'),
    })),
    {
      poster,
      retry: RETRY,
      backoffPolicy: DELIVERY.backoffPolicy,
      backoffDelayMs: BACKOFF_DELAY_MS,
      concurrency: 16,
      deadLetterSink: { poster: sink, destination: `${worker.base}/` },
    },
  );
}

async function keptFor(ids: readonly string[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ids.every((id) => kept.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a labeler down for longer than the retry window', () => {
  const events = uploads('outage', 60);
  let report: KnativeReport;
  let elapsedMs: number;

  beforeAll(async () => {
    const started = performance.now();
    report = await deliver(events);
    elapsedMs = performance.now() - started;
    await keptFor(events.map((event) => event.id));
  }, 60_000);

  test("the chart's delivery passes the window rule: its window covers the worker's Retry-After sum", () => {
    expect(DELIVERY).toEqual({ retry: 12, backoffPolicy: 'exponential', backoffDelaySeconds: 1 });
    expect(knativeRetryWindowSeconds(DELIVERY)).toBe(4095);
    expect(knativeRetryWindowSeconds(DELIVERY)).toBeGreaterThanOrEqual(
      workerRetryAfterSumSeconds(RETRY),
    );
  });

  test('the Broker spends its window: retry + 1 answers of 503, then the dead-letter sink', () => {
    // Knative's exponential backoff waits 1, 2, 4, … 2048 delays: 4,095 × PT1S, scaled.
    const windowMs = knativeRetryWindowSeconds(DELIVERY) * SCALED_SECOND_MS;
    expect(elapsedMs).toBeGreaterThan(windowMs);
    expect(
      new Set(report.events.map((event) => `${event.outcome} ${event.results.join(' ')}`)),
    ).toEqual(
      new Set([
        `attempts-exhausted ${Array(RETRY + 1)
          .fill(503)
          .join(' ')}`,
      ]),
    );
    expect(new Set(report.events.map((event) => event.deadLetterSink?.results.join(' ')))).toEqual(
      new Set(['204']),
    );
    expect(vision.requests.length).toBeGreaterThanOrEqual(events.length * (RETRY + 1));
  });

  test('every event is on the dead-letter topic exactly once, none lost', () => {
    expect(events.filter((event) => kept.get(event.id)?.length !== 1).map((e) => e.id)).toEqual([]);
  });

  test('each as the notification Cloud Storage published, with the Knative error', () => {
    for (const event of events) {
      const [message] = kept.get(event.id) ?? [];
      expect(JSON.parse(message?.data.toString('utf8') ?? 'null')).toEqual(event.data);
      expect(message?.attributes).toMatchObject({
        eventType: 'OBJECT_FINALIZE',
        bucketId: event.data.bucket,
        objectId: event.data.name,
        objectGeneration: event.data.generation,
        eventTime: event.time,
        payloadFormat: 'JSON_API_V1',
        [A.form]: 'notification',
        [A.errorCode]: '503',
        [A.errorDestination]: `${worker.base}/`,
        [A.eventId]: event.id,
      });
      // The CloudEvent's own subject: `objects/NAME`, or the bare name in knative-gcp 2020 events.
      expect(message?.attributes[A.eventSubject]?.endsWith(event.data.name)).toBe(true);
      expect(JSON.parse(message?.attributes[A.errorData] ?? 'null')).toMatchObject({
        status: 503,
        code: 'labeler-unavailable',
      });
      expect(message?.attributes[A.reason]).toMatch(/^the destination answered 503 \(http:/);
    }
  });

  test('the receiver logs one WARNING line per dead letter, with id, subject and code', () => {
    const lines = receiver.logs().filter((line) => String(line.eventId).startsWith('outage-'));
    expect(lines).toHaveLength(events.length);
    // Every line, whichever encoding its event came in (a knative-gcp 2020 event's subject is
    // the bare object name, Eventarc's is objects/NAME).
    for (const line of lines) {
      expect(line).toMatchObject({
        severity: 'WARNING',
        knativeErrorCode: '503',
        subject: expect.stringMatching(/^(objects\/)?photos\/outage-/) as string,
      });
    }
  });
});

test('a poison event (refused 400 at once) is kept as it was sent', async () => {
  const [event] = uploads('poison', 1);
  if (event === undefined) throw new Error('no event');
  const whole = encodeDelivery(event, 'cloudevent-binary');
  const poster = createPoster(worker.base);
  const sink = createPoster(receiver.base);
  posters.push(poster, sink);
  const report = await sendKnativeEvents(
    [{ id: event.id, request: { headers: whole.headers, body: whole.body.subarray(0, 30) } }],
    { poster, retry: RETRY, deadLetterSink: { poster: sink, destination: `${worker.base}/` } },
  );
  expect(report.events[0]).toMatchObject({ outcome: 'not-retryable', results: [400] });
  await keptFor([event.id]);
  const [message] = kept.get(event.id) ?? [];
  expect(message?.data).toEqual(whole.body.subarray(0, 30));
  expect(message?.attributes).toMatchObject({
    [A.form]: 'raw',
    [A.errorCode]: '400',
    'ce-id': event.id,
    'ce-type': event.type,
  });
});

describe('publishes that fail a third of the time', () => {
  const events = uploads('flaky', 30);
  let report: KnativeReport;

  beforeAll(async () => {
    await fake.setFaults([
      { method: 'Publish', code: 'PERMISSION_DENIED', fraction: 0.34, seed: 7, topic: TOPIC },
    ]);
    try {
      report = await deliver(events);
    } finally {
      await fake.clearFaults();
    }
    await keptFor(events.map((event) => event.id));
  }, 60_000);

  test('the receiver answers 503 and the Broker sends those again', () => {
    const answers = report.events.flatMap((event) => event.deadLetterSink?.results ?? []);
    expect(answers.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(report.events.map((event) => event.deadLetterSink?.outcome)).toEqual(
      events.map(() => 'delivered'),
    );
  });

  test('and every event is kept exactly once', () => {
    expect(events.filter((event) => kept.get(event.id)?.length !== 1).map((e) => e.id)).toEqual([]);
  });
});

describe('the built receiver as a process', () => {
  test('bad configuration: exit code 1 and one line naming the variable', () => {
    const result = spawnSync(process.execPath, [RECEIVER_ENTRY], {
      env: { PATH: process.env.PATH, PUBSUB_DEAD_LETTER_TOPIC: 'uploads-dead-letter' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `dualrun: PUBSUB_DEAD_LETTER_TOPIC="uploads-dead-letter" is invalid: expected ${TOPIC_NAME_RULE}\n`,
    );
  });

  test('SIGTERM: what was answered 204 is on the topic, the rest 503 or refused; exit 0', async () => {
    const draining = await startNodeChild(RECEIVER_ENTRY, {
      PUBSUB_DEAD_LETTER_TOPIC: TOPIC,
      PUBSUB_EMULATOR_HOST: fake.emulatorHost,
    });
    const sink = createPoster(draining.base);
    posters.push(sink);
    const events = uploads('sigterm', 80);
    const sent = events.map(async (event) => ({
      id: event.id,
      result: await sink.post(encodeDelivery(event, 'cloudevent-binary')),
    }));
    await Promise.race(sent);
    draining.child.kill('SIGTERM');
    const answers = await Promise.all(sent);
    await expect(draining.exited).resolves.toEqual({ code: 0, signal: null });
    const accepted = answers.filter((answer) => answer.result === 204).map((answer) => answer.id);
    expect(accepted.length).toBeGreaterThan(0);
    expect(
      answers.filter(
        (answer) =>
          answer.result !== 204 && answer.result !== 503 && answer.result !== 'transport-error',
      ),
    ).toEqual([]);
    await keptFor(accepted);
    expect(accepted.filter((id) => kept.get(id)?.length !== 1)).toEqual([]);
    expect(draining.logs().at(-1)).toMatchObject({ message: 'stopped (drained)' });
  });
});
