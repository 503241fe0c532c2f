import type { StorageObjectData } from '../events/canonical-event';

/** Object name extensions taken for images when a notification carries no content type (DESIGN 3.4). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.bmp',
  '.ico',
  '.tif',
  '.tiff',
]);

/**
 * Whether an object should go to the labeler: its `contentType` is `image/*`; with no content type
 * (payloadFormat `NONE`, or none set on upload) or the generic `application/octet-stream`, its
 * name's extension decides. The labeler has the last word.
 */
export function isImageObject(object: StorageObjectData): boolean {
  const contentType = object.contentType?.trim().toLowerCase();
  if (
    contentType !== undefined &&
    contentType !== '' &&
    contentType !== 'application/octet-stream'
  ) {
    return contentType.startsWith('image/');
  }
  const dot = object.name.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.has(object.name.slice(dot).toLowerCase());
}
