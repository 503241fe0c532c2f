import { storageEvent, type StorageEvent } from '../events/canonical-event';
import type { DemoObject } from './demo-bucket';

/**
 * The canonical `finalized` event of one upload, as Cloud Storage would notify it: the object
 * resource with an int64 generation in microseconds, and a Pub/Sub-style numeric message id.
 *
 * @param uploadedAtMs - the upload time, in milliseconds since the epoch
 * @param sequence - distinguishes uploads made in the same millisecond
 */
export function uploadEvent(
  bucket: string,
  object: DemoObject,
  uploadedAtMs: number,
  sequence: number,
): StorageEvent {
  const generation = (BigInt(uploadedAtMs) * 1000n + BigInt(sequence)).toString();
  const time = new Date(uploadedAtMs).toISOString();
  return storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id: (BigInt(uploadedAtMs) * 10n + BigInt(sequence)).toString(),
    time,
    object: {
      kind: 'storage#object',
      id: `${bucket}/${object.name}/${generation}`,
      name: object.name,
      bucket,
      generation,
      metageneration: '1',
      contentType: object.contentType,
      timeCreated: time,
      updated: time,
      storageClass: 'STANDARD',
      size: String(object.size),
    },
  });
}
