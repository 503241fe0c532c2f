import type { DecodedEvent } from '../events/canonical-event';
import { isStorageEvent, type StorageEvent } from '../events/canonical-event';
import { EventInProgressError } from '../errors';
import type { Labeler } from '../labelers/labeler';
import type { ResultsSink } from '../records/results-sink';
import type { DedupeSet } from './dedupe';
import type { HandledEvent } from '../records/handled-event';
import { notAnImage } from './is-image';

/** Why events of each type other than `finalized` are acknowledged without labeling. */
const IGNORED_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'google.cloud.storage.object.v1.deleted': 'not a finalize: the object was deleted',
  'google.cloud.storage.object.v1.archived': 'not a finalize: the object was archived',
  'google.cloud.storage.object.v1.metadataUpdated': 'not a finalize: only the metadata changed',
  'google.cloud.pubsub.topic.v1.messagePublished': 'not a Cloud Storage notification',
});

/** What {@link createEventHandler} needs. */
export interface EventHandlerDeps {
  readonly labeler: Labeler;
  readonly dedupe: DedupeSet;
  /** Where each handled event is recorded before it counts as handled. */
  readonly results: ResultsSink;
}

/** Handles one decoded event: de-duplicate, route by type, label. */
export type EventHandler = (decoded: DecodedEvent) => Promise<HandledEvent>;

/**
 * The de-duplication keys of an event (DESIGN 3.4): its `source` and `id`, and for storage events
 * its type, bucket, name and generation (so the same upload delivered with another id is caught).
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

/**
 * Creates the event handler: a duplicate → `duplicate`; a finalized image → the labeler's result;
 * any other event → `ignored` with the reason. Each handled event is recorded, and only then
 * counts as handled for de-duplication. A redelivery that arrives while the first attempt runs is
 * refused with `EventInProgressError` (409, retried by the platform). A transient failure
 * (`LabelerError`, `ResultsWriteError`) releases the event's keys, so the redelivery is handled.
 *
 * @throws EventInProgressError, LabelerError, ResultsWriteError
 */
export function createEventHandler(deps: EventHandlerDeps): EventHandler {
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
    try {
      const handled = await labelOrIgnore(deps.labeler, event, delivery);
      await deps.results.append(handled);
      deps.dedupe.complete(keys);
      return handled;
    } catch (error) {
      deps.dedupe.release(keys);
      throw error;
    }
  };
}

function labelOrIgnore(
  labeler: Labeler,
  event: DecodedEvent['event'],
  delivery: DecodedEvent['delivery'],
): Promise<HandledEvent> {
  if (event.type !== 'google.cloud.storage.object.v1.finalized' || !isStorageEvent(event)) {
    const reason = IGNORED_TYPES[event.type] ?? `event type ${event.type} is not handled`;
    return Promise.resolve({ event, delivery, outcome: 'ignored', reason });
  }
  return labelObject(labeler, event, delivery);
}

async function labelObject(
  labeler: Labeler,
  event: StorageEvent,
  delivery: DecodedEvent['delivery'],
): Promise<HandledEvent> {
  const object = event.data;
  const why = notAnImage(object);
  if (why !== undefined) {
    return { event, delivery, outcome: 'ignored', reason: `not an image: ${why}` };
  }
  const result = await labeler.label({
    bucket: object.bucket,
    name: object.name,
    generation: object.generation,
    contentType: object.contentType,
  });
  return result.outcome === 'labeled'
    ? { event, delivery, outcome: 'labeled', labeler: labeler.name, labels: result.labels }
    : { event, delivery, outcome: result.outcome, reason: result.reason, labeler: labeler.name };
}
