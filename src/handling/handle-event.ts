import type { DecodedEvent, DeliveryInfo } from '../events/canonical-event';
import { isStorageEvent, type CanonicalEvent, type StorageEvent } from '../events/canonical-event';
import { buildResultEvent, resultInputOf } from '../events/build-result-event';
import { RESULT_EVENT_TYPES, type ResultEvent } from '../events/result-event';
import { EventInProgressError } from '../errors';
import type { Labeler, LabelerName } from '../labelers/labeler';
import type { ResultsSink } from '../records/results-sink';
import type { ResultEmitter } from '../results/result-emitter';
import type { DedupeSet } from './dedupe';
import type { HandledEvent } from '../records/handled-event';
import { notAnImage } from './is-image';
import { KeptAnswers, type KeptAnswer } from './kept-answers';

/** Why events of each type other than `finalized` are acknowledged without labeling. */
const IGNORED_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'google.cloud.storage.object.v1.deleted': 'not a finalize: the object was deleted',
  'google.cloud.storage.object.v1.archived': 'not a finalize: the object was archived',
  'google.cloud.storage.object.v1.metadataUpdated': 'not a finalize: only the metadata changed',
  'google.cloud.pubsub.topic.v1.messagePublished': 'not a Cloud Storage notification',
  // A reply routed back by a Broker whose Trigger matches it: acknowledged, never labeled again.
  [RESULT_EVENT_TYPES.labeled]: 'a result event of a dualrun worker, not an upload',
  [RESULT_EVENT_TYPES.unlabelable]: 'a result event of a dualrun worker, not an upload',
});

/** What {@link createEventHandler} needs. */
export interface EventHandlerDeps {
  readonly labeler: Labeler;
  readonly dedupe: DedupeSet;
  /** Where each handled event is recorded before it counts as handled. */
  readonly results: ResultsSink;
  /** Where result events go; absent with `RESULTS_MODE=none`. */
  readonly resultEmitter?: ResultEmitter | undefined;
  /**
   * The labeler's answers kept for the redelivery of events that failed after it.
   *
   * @default new KeptAnswers() (10,000 answers at most)
   */
  readonly keptAnswers?: KeptAnswers;
}

/** Handles one decoded event: de-duplicate, route by type, label, emit the result, record. */
export type EventHandler = (decoded: DecodedEvent) => Promise<HandledEvent>;

/**
 * The de-duplication keys of an event (docs/delivery-contract.md): its `source` and `id`, and for
 * storage events its type, bucket, name and generation (so the same upload delivered with another
 * id is caught).
 */
export function dedupeKeys(event: DecodedEvent['event']): string[] {
  const keys = [`id ${event.source} ${event.id}`];
  if (isStorageEvent(event) && event.data.generation !== undefined) {
    keys.push(
      `object ${event.type} ${event.data.bucket}/${event.data.name}#${event.data.generation}`,
    );
  }
  return keys;
}

/** What was decided about one event: acknowledged without an answer, or the labeler's answer. */
type Decision =
  | { readonly kind: 'ignored'; readonly reason: string; readonly labeler?: LabelerName }
  | ({ readonly kind: 'answered' } & KeptAnswer);

/**
 * Creates the event handler: a duplicate → `duplicate`; a finalized image → the labeler's answer;
 * any other event → `ignored` with the reason. A labeled or unlabelable event's result event is
 * built and emitted (when a {@link ResultEmitter} is given and emits for the delivery) before the
 * record is written; each handled event is recorded, and only then counts as handled for
 * de-duplication. A redelivery that arrives while the first attempt runs is refused with
 * `EventInProgressError` (409, retried by the platform). A transient failure releases the event's
 * keys, so the redelivery is handled; when the labeler had answered already (the publish or the
 * record failed), its answer is kept and the redelivery reuses it: the same result event, and no
 * second labeler call.
 *
 * @throws EventInProgressError, LabelerError, ResultPublishError, ResultsWriteError
 */
export function createEventHandler(deps: EventHandlerDeps): EventHandler {
  const kept = deps.keptAnswers ?? new KeptAnswers();
  return async ({ event, delivery }) => {
    const keys = dedupeKeys(event);
    const claim = deps.dedupe.claim(keys);
    if (claim === 'in-progress') throw new EventInProgressError(event.id);
    if (claim === 'duplicate') {
      const duplicate: HandledEvent = {
        event,
        delivery,
        outcome: 'duplicate',
        reason: 'this event was handled already',
      };
      await deps.results.append(duplicate);
      return duplicate;
    }
    let decision: Decision | undefined;
    try {
      const earlier = kept.find(keys);
      decision =
        earlier === undefined
          ? await decide(deps.labeler, event)
          : { kind: 'answered', ...earlier };
      const resultEvent =
        decision.kind === 'answered' && deps.resultEmitter?.emits(delivery) === true
          ? buildResultEvent(decision.input, decision.answer, deps.resultEmitter.source)
          : undefined;
      const handled = handledEvent(event, delivery, decision, resultEvent);
      if (resultEvent !== undefined) await deps.resultEmitter?.emit(resultEvent);
      await deps.results.append(handled);
      deps.dedupe.complete(keys);
      kept.forget(keys);
      return handled;
    } catch (error) {
      if (decision?.kind === 'answered') kept.keep(keys, decision);
      deps.dedupe.release(keys);
      throw error;
    }
  };
}

/** The record of a handled event from what was decided about it. */
function handledEvent(
  event: CanonicalEvent,
  delivery: DeliveryInfo,
  decision: Decision,
  resultEvent: ResultEvent | undefined,
): HandledEvent {
  if (decision.kind === 'ignored') {
    const { reason, labeler } = decision;
    return {
      event,
      delivery,
      outcome: 'ignored',
      reason,
      ...(labeler === undefined ? {} : { labeler }),
    };
  }
  const { answer } = decision;
  return {
    event,
    delivery,
    outcome: answer.outcome,
    ...(answer.outcome === 'labeled' ? {} : { reason: answer.reason }),
    labeler: answer.labeler,
    ...(answer.outcome === 'labeled' ? { labels: answer.labels } : {}),
    ...(resultEvent === undefined ? {} : { resultEvent }),
  };
}

function decide(labeler: Labeler, event: CanonicalEvent): Promise<Decision> {
  if (event.type !== 'google.cloud.storage.object.v1.finalized' || !isStorageEvent(event)) {
    const reason = IGNORED_TYPES[event.type] ?? `event type ${event.type} is not handled`;
    return Promise.resolve({ kind: 'ignored', reason });
  }
  return labelObject(labeler, event);
}

async function labelObject(labeler: Labeler, event: StorageEvent): Promise<Decision> {
  const object = event.data;
  const why = notAnImage(object);
  if (why !== undefined) {
    return { kind: 'ignored', reason: `not an image: ${why}` };
  }
  const result = await labeler.label({
    bucket: object.bucket,
    name: object.name,
    generation: object.generation,
    contentType: object.contentType,
  });
  if (result.outcome === 'ignored') {
    return { kind: 'ignored', reason: result.reason, labeler: labeler.name };
  }
  return {
    kind: 'answered',
    input: resultInputOf(event),
    answer:
      result.outcome === 'labeled'
        ? { outcome: 'labeled', labeler: labeler.name, labels: result.labels }
        : { outcome: 'unlabelable', labeler: labeler.name, reason: result.reason },
  };
}
