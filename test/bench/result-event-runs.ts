/**
 * What result events cost: the worker labeling pushes on gRPC (the transport it uses against
 * Google's endpoint) with `RESULTS_MODE` `none` (results off), `reply` (the result event as a
 * 200 binary-mode answer, as on Knative) and `pubsub` (published with `@google-cloud/pubsub` to
 * Google's Pub/Sub fake, pstest, before each push is answered, as on Cloud Run), the modes taking
 * turns round by round. pstest runs in a child process of the bench, so on the load generator's
 * CPUs, like the Vision stand-ins: the worker's CPU time is its own. With `pubsub`, every
 * acknowledged event's result must be on the topic.
 */
import type { BenchOptions } from './bench-options';
import { withEnv, type ServerSpec } from './bench-servers';
import { combineRounds, measureServer, type ServerRun } from './server-run';
import { startPubSubFake, type PubSubFake } from '../support/pubsub-fake';

/** The modes measured, in the order they take turns and are reported. */
export const RESULT_MODES = ['none', 'reply', 'pubsub'] as const;
export type ResultMode = (typeof RESULT_MODES)[number];

/** One mode's runs, combined over the rounds. */
export interface ResultModeRun extends ServerRun {
  /**
   * `pubsub`: events answered 2xx (warm-up included) whose result is not on the topic; otherwise 0.
   */
  readonly unpublished: number;
}

/** What the result event runs measured, by mode. */
export type ResultEventResults = Readonly<Record<ResultMode, ResultModeRun>>;

/** The project of the bench's topics on the fake. */
const PROJECT = 'bench-project';

/** The input event id each published result names (its data's `input.id`). */
function inputIds(data: readonly Buffer[]): Set<string> {
  return new Set(
    data.map((bytes) => (JSON.parse(bytes.toString('utf8')) as { input: { id: string } }).input.id),
  );
}

/** One round of one mode: a fresh worker process (with its own topic for `pubsub`). */
async function measureMode(
  worker: ServerSpec,
  fake: PubSubFake,
  mode: ResultMode,
  round: number,
  options: Parameters<typeof measureServer>[2],
): Promise<ResultModeRun> {
  if (mode !== 'pubsub') {
    const run = await measureServer(withEnv(worker, { RESULTS_MODE: mode }), 'pubsub-push', {
      ...options,
      checkRecords: true,
    });
    return { ...run, unpublished: 0 };
  }
  // A topic per round: the request ids start again with each worker process.
  const topicId = `image-labels-${String(round)}`;
  await fake.client().createTopic(topicId);
  const topic = `projects/${PROJECT}/topics/${topicId}`;
  const acknowledged = new Set<string>();
  const run = await measureServer(
    withEnv(worker, {
      RESULTS_MODE: 'pubsub',
      RESULTS_TOPIC: topic,
      PUBSUB_EMULATOR_HOST: fake.emulatorHost,
    }),
    'pubsub-push',
    { ...options, checkRecords: true, onAcknowledged: (id) => acknowledged.add(id) },
  );
  const published = inputIds(
    (await fake.messages())
      .filter((message) => message.topic === topic)
      .map((message) => message.data),
  );
  const unpublished = [...acknowledged].filter((id) => !published.has(id)).length;
  return { ...run, unpublished };
}

/**
 * Measures the worker (`LABELER=vision`, its `VISION_API_ENDPOINT` set) in every mode of
 * {@link RESULT_MODES}, `options.rounds` times, the modes taking turns.
 */
export async function measureResultEvents(
  worker: ServerSpec,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<ResultEventResults> {
  const roundOptions = {
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds / options.rounds,
  };
  const fake = await startPubSubFake({ projectId: PROJECT });
  try {
    const rounds: Record<ResultMode, ResultModeRun[]> = { none: [], reply: [], pubsub: [] };
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of RESULT_MODES) {
        rounds[mode].push(await measureMode(worker, fake, mode, round, roundOptions));
      }
    }
    const results = {} as Record<ResultMode, ResultModeRun>;
    for (const mode of RESULT_MODES) {
      const run = combineRounds(rounds[mode]);
      const unpublished = rounds[mode].reduce((total, each) => total + each.unpublished, 0);
      results[mode] = { ...run, unpublished };
      progress(
        `labeled grpc worker, RESULTS_MODE=${mode}: ${run.eventsPerSecond.toFixed(0)} events/s, p50 ${run.p50LatencyMs} ms, p99 ${run.p99LatencyMs} ms, ${run.cpuMicrosPerEvent.toFixed(0)} µs CPU/event, ${run.failures} failed ${run.failureDetail}, ${run.lost} of ${run.acknowledgedInAll} not in RESULTS_FILE${mode === 'pubsub' ? `, ${unpublished} without their result on the topic` : ''}`,
      );
    }
    return results;
  } finally {
    await fake.stop();
  }
}
