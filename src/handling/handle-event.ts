import type { DecodedEvent } from '../events/canonical-event';
import { isStorageEvent, type StorageEvent } from '../events/canonical-event';
import type { Labeler } from '../labelers/labeler';
import type { DedupeSet } from './dedupe';
import type { HandledEvent } from './handled-event';
import { isImageObject } from './is-image';

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
 * any other event → `ignored` with the reason. A transient labeler failure (`LabelerError`) is
 * re-thrown after the event's de-duplication keys are released, so the redelivery is handled.
 */
export function createEventHandler(deps: EventHandlerDeps): EventHandler {
  return async ({ event, delivery }) => {
    const keys = dedupeKeys(event);
    if (!deps.dedupe.claim(keys)) {
      return { event, delivery, outcome: 'duplicate', reason: 'this event was handled already' };
    }
    if (event.type !== 'google.cloud.storage.object.v1.finalized' || !isStorageEvent(event)) {
      const reason = IGNORED_TYPES[event.type] ?? `event type ${event.type} is not handled`;
      return { event, delivery, outcome: 'ignored', reason };
    }
    try {
      return await labelObject(deps.labeler, event, delivery);
    } catch (error) {
      deps.dedupe.release(keys);
      throw error;
    }
  };
}

async function labelObject(
  labeler: Labeler,
  event: StorageEvent,
  delivery: DecodedEvent['delivery'],
): Promise<HandledEvent> {
  const object = event.data;
  if (!isImageObject(object)) {
    const what =
      object.contentType === undefined
        ? 'its name has no image extension'
        : `content type ${object.contentType}`;
    return { event, delivery, outcome: 'ignored', reason: `not an image: ${what}` };
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
