/**
 * Builds the result event (`./result-event.ts`). Pure: the event is a function of the input event
 * and the labeler's answer, so every delivery format of one upload, and every redelivery, yields
 * the same event.
 */
import { hash } from 'node:crypto';
import type { StorageEvent } from './canonical-event';
import {
  RESULT_EVENT_TYPES,
  type LabelerAnswer,
  type ResultEvent,
  type ResultInput,
} from './result-event';

/** The parts of a storage event a result event reads, and nothing else (to keep it small). */
export function resultInputOf(event: StorageEvent): ResultInput {
  const { bucket, name, generation } = event.data;
  return {
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    data: generation === undefined ? { bucket, name } : { bucket, name, generation },
  };
}

/**
 * The id of the result event of an input event: the first 128 bits of the SHA-256 of its `source`
 * and `id` (the pair that identifies a CloudEvent), as 32 lower-case hex digits. Deterministic:
 * a redelivery, in any format, emits the same id, so consumers de-duplicate by `source` + `id`.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#id
 */
export function resultEventId(input: Pick<ResultInput, 'source' | 'id'>): string {
  return hash('sha256', JSON.stringify([input.source, input.id]), 'hex').slice(0, 32);
}

/**
 * Builds the result event of a labeled or unlabelable storage event.
 *
 * @param input - the canonical event that was labeled (a finalized image), or its
 *   {@link resultInputOf}
 * @param answer - the labeler's answer
 * @param source - the worker's {@link resultSource}
 */
export function buildResultEvent(
  input: ResultInput,
  answer: LabelerAnswer,
  source: string,
): ResultEvent {
  const object = input.data;
  return {
    specversion: '1.0',
    id: resultEventId(input),
    source,
    type: RESULT_EVENT_TYPES[answer.outcome],
    subject: input.subject,
    datacontenttype: 'application/json',
    data: {
      bucket: object.bucket,
      name: object.name,
      ...(object.generation === undefined ? {} : { generation: object.generation }),
      labeler: answer.labeler,
      ...(answer.outcome === 'labeled' ? { labels: answer.labels } : { reason: answer.reason }),
      input: { id: input.id, source: input.source, type: input.type },
    },
  };
}
