import path from 'node:path';
import type { StorageEvent, StorageObjectData } from '../events/canonical-event';
import { uploadEvent } from '../demo/upload-event';
import type { ObjectRef } from './object-ref';

/** Content types by object name extension, for an object the inspector knows only by name. */
const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.ico': 'image/vnd.microsoft.icon',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
});

/** What the inspector knows of an object besides its name. */
export interface ObjectFacts {
  /** The content type; guessed from the name's extension when absent. */
  readonly contentType?: string | undefined;
  /** In bytes; the notification carries no `size` when unknown. */
  readonly size?: number | undefined;
}

/**
 * The canonical `finalized` event of one upload of `ref` at `uploadedAtMs`: the demo's
 * {@link uploadEvent} (a generation in microseconds, a Pub/Sub-style numeric id), so that the same
 * object and time always give the same event, and a page and a later send agree.
 *
 * @param uploadedAtMs - the upload time, in milliseconds since the epoch
 */
export function inspectorUpload(
  ref: ObjectRef,
  uploadedAtMs: number,
  facts: ObjectFacts = {},
): StorageEvent {
  const contentType =
    facts.contentType ??
    CONTENT_TYPES[path.extname(ref.name).toLowerCase()] ??
    'application/octet-stream';
  const event = uploadEvent(
    ref.bucket,
    { name: ref.name, contentType, size: facts.size ?? 0 },
    uploadedAtMs,
    0,
  );
  if (facts.size !== undefined) return event;
  const data: Record<string, unknown> = { ...event.data };
  delete data.size;
  return { ...event, data: data as StorageObjectData };
}
