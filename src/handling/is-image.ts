import type { StorageObjectData } from '../events/canonical-event';

/**
 * Object name extensions taken for images when a notification carries no content type
 * (docs/delivery-contract.md).
 */
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
 * Objects that are no image whatever their content type says, each with why: a folder placeholder
 * (a name ending in `/`, which the Cloud console's "Create folder", gsutil and gcsfuse create, and
 * which an upload tool may have typed `image/jpeg`) and an empty object. Checked first, in order:
 * they cost no labeler call, and their record says what they are rather than "the object is gone".
 *
 * @see https://cloud.google.com/storage/docs/objects#simulated-folders
 */
const NEVER_IMAGES: readonly {
  readonly is: (object: StorageObjectData) => boolean;
  readonly reason: string;
}[] = [
  {
    is: (object) => object.name.endsWith('/'),
    reason: 'a folder placeholder (its name ends with "/")',
  },
  { is: (object) => object.size === '0', reason: 'the object is empty (size 0)' },
];

/**
 * Why an object should not go to the labeler, or `undefined` when it should. A folder placeholder
 * and an empty object never go (see {@link NEVER_IMAGES}); otherwise its `contentType` decides
 * (`image/*`), and with no content type (payloadFormat `NONE`, or none set on upload) or the
 * generic `application/octet-stream`, its name's extension. The labeler has the last word.
 *
 * @returns the reason, without the `not an image: ` its record puts before it
 */
export function notAnImage(object: StorageObjectData): string | undefined {
  const never = NEVER_IMAGES.find((check) => check.is(object));
  if (never !== undefined) return never.reason;
  const contentType = object.contentType?.trim().toLowerCase();
  if (
    contentType !== undefined &&
    contentType !== '' &&
    contentType !== 'application/octet-stream'
  ) {
    return contentType.startsWith('image/')
      ? undefined
      : `content type ${object.contentType ?? ''}`;
  }
  const dot = object.name.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.has(object.name.slice(dot).toLowerCase())
    ? undefined
    : 'its name has no image extension';
}
