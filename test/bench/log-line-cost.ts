/**
 * What the labels cost in the worker's log line, alone: the worker's own logger
 * (`src/log/logger.ts`, batched writes) into `/dev/null`, the line of a labeled event with its
 * label count only, then with the ten labels (description and score) besides, many lines each, in
 * the bench process. The labeled runs measure the whole line's cost per event (`LOG_LEVEL=info`
 * against `warn`); this separates the labels from the rest, without a server's noise.
 */
import pino from 'pino';
import { createLogger } from '../../src/log/logger';

/** CPU time of the bench process so far (user + system), in microseconds. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** The labels of the stand-ins' answer, as the log line carries them. */
const LABELS = [
  ['Cat', 0.9898],
  ['Felidae', 0.9312],
  ['Carnivore', 0.9074],
  ['Whiskers', 0.8915],
  ['Small to medium-sized cats', 0.8741],
  ['Snout', 0.8123],
  ['Fur', 0.7946],
  ['Animal', 0.7702],
  ['Pet', 0.7511],
  ['Tabby cat', 0.7203],
].map(([description, score]) => ({ description: String(description), score: Number(score) }));

/** What one log line costs, in µs of CPU: with the label count only, and with the labels too. */
export interface LogLineCost {
  readonly countOnlyMicros: number;
  readonly withLabelsMicros: number;
}

/** Logs `lines` lines of each kind, alternating in blocks, and returns the CPU per line. */
export function measureLogLineCost(lines = 100_000): LogLineCost {
  const logger = createLogger(
    'info',
    pino.destination({ dest: '/dev/null', sync: true, minLength: 4096 }),
  );
  const fields = (index: number) => ({
    eventId: String(10_000_000_000 + index),
    eventType: 'google.cloud.storage.object.v1.finalized',
    subject: `objects/photos/upload-${index}.jpg`,
    deliveryFormat: 'pubsub-push',
    outcome: 'labeled',
    labelCount: LABELS.length,
    latencyMs: 1.4,
  });
  const spent = { countOnly: 0, withLabels: 0 };
  const block = 10_000;
  for (let done = 0; done < lines; done += block) {
    let started = cpuMicros();
    for (let index = done; index < done + block; index++) {
      logger.info(fields(index), `labeled objects/photos/upload-${index}.jpg`);
    }
    spent.countOnly += cpuMicros() - started;
    started = cpuMicros();
    for (let index = done; index < done + block; index++) {
      logger.info(
        {
          ...fields(index),
          labels: LABELS.map(({ description, score }) => ({ description, score })),
        },
        `labeled objects/photos/upload-${index}.jpg`,
      );
    }
    spent.withLabels += cpuMicros() - started;
  }
  logger.flush();
  return { countOnlyMicros: spent.countOnly / lines, withLabelsMicros: spent.withLabels / lines };
}
