import type { StorageEvent } from '../canonical-event';
import type { Message } from '../message';
import { STORAGE_TYPE_NAMES } from './storage-type-names';

/**
 * A legacy Cloud Functions background event in the context form, as the functions-framework
 * conformance suite posts it:
 *
 * ```json
 * {"context": {"eventId": "…", "timestamp": "…", "eventType": "google.storage.object.finalize",
 *   "resource": {"service": "storage.googleapis.com",
 *                "name": "projects/_/buckets/B/objects/NAME", "type": "storage#object"}},
 *  "data": {…the object resource…}}
 * ```
 *
 * @see https://github.com/GoogleCloudPlatform/functions-framework-conformance/blob/main/docs/mapping.md
 */
export function encodeGcfLegacy(event: StorageEvent): Message {
  const { bucket, name } = event.data;
  return jsonMessage({
    context: {
      eventId: event.id,
      ...(event.time === undefined ? {} : { timestamp: event.time }),
      eventType: STORAGE_TYPE_NAMES[event.type].legacy,
      resource: {
        service: 'storage.googleapis.com',
        name: `projects/_/buckets/${bucket}/objects/${name}`,
        type: 'storage#object',
      },
    },
    data: event.data,
  });
}

/**
 * A legacy (beta) Cloud Functions storage event in the flat form: the context fields at the top
 * level, `eventType: providers/cloud.storage/eventTypes/object.change`, `resource` a string ending
 * in `#<generation>` (when the object has one), and the data's `resourceState` `exists` or
 * `not_exists`. That type cannot say more: an archive is written as `not_exists`, a metadata
 * update as `exists`.
 */
export function encodeGcfLegacyFlat(event: StorageEvent): Message {
  const { bucket, name, generation } = event.data;
  return jsonMessage({
    eventId: event.id,
    ...(event.time === undefined ? {} : { timestamp: event.time }),
    eventType: 'providers/cloud.storage/eventTypes/object.change',
    resource: `projects/_/buckets/${bucket}/objects/${name}${
      generation === undefined ? '' : `#${generation}`
    }`,
    data: { ...event.data, resourceState: STORAGE_TYPE_NAMES[event.type].resourceState },
  });
}

function jsonMessage(body: unknown): Message {
  return {
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}
