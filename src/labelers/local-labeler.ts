/**
 * `LABELER=local`: an offline labeler for the demo, development and tests. It reads the object's
 * bytes from a local directory and states facts about the image (format, orientation, size class,
 * transparency, animation, dominant colour names), in Cloud Vision's label shape but never
 * pretending to be Vision: no `mid`, no guessed content.
 */

import sharp from 'sharp';

import { readBucketFile } from './bucket-file';
import { dominantColours } from './colour-names';
import { imageFormat, toLabels } from './image-facts';
import type { ImageFacts } from './image-facts';
import type { Labeler } from './labeler';

/** Limits of the `local` labeler, each the `@default` of its option. */
export const LOCAL_LABELER_DEFAULTS = Object.freeze({
  /** Cloud Vision's image file size limit: 20 MiB. */
  maxImageBytes: 20 * 1024 * 1024,
  /** Cloud Vision's image size limit: 75 million pixels. */
  maxImagePixels: 75_000_000,
});

/** The side of the thumbnail the colours are counted on, in pixels: bounds the work per image. */
const THUMBNAIL_SIDE_PIXELS = 64;

/** Options of {@link createLocalLabeler}. */
export interface LocalLabelerOptions {
  /**
   * The directory that stands in for Cloud Storage: one sub-directory per bucket, the object
   * gs://B/N at `<bucketDir>/B/N`. Set by `LOCAL_BUCKET_DIR`.
   */
  readonly bucketDir: string;
  /**
   * A larger object is `unlabelable` and not read, in bytes.
   *
   * @default LOCAL_LABELER_DEFAULTS.maxImageBytes (20 MiB)
   */
  readonly maxImageBytes?: number;
  /**
   * An image with more pixels (width times height) is `unlabelable` and not decoded.
   *
   * @default LOCAL_LABELER_DEFAULTS.maxImagePixels (75 million)
   */
  readonly maxImagePixels?: number;
}

/**
 * Creates the `local` labeler. This module loads sharp (a native library) at import, and
 * `createLabeler` imports it only for `LABELER=local`: a worker with another labeler never loads it.
 *
 * Its `label()` reads `<bucketDir>/<bucket>/<name>` and answers:
 * - `labeled`: facts with score 1 (`'JPEG image'`, `'landscape orientation'`,
 *   `'small image (< 0.3 MP, 640x400)'`, `'has transparency (alpha)'`, `'animated (8 frames)'`),
 *   then 1 to 3 colours (`'dominant colour: orange'`) scored by their share of the visible pixels;
 *   `topicality` equals `score`; sorted by score, highest first; never a `mid`;
 * - `unlabelable`: a name that resolves outside `bucketDir` (never read), not a regular file, more
 *   than `maxImageBytes` or `maxImagePixels`, not an image sharp decodes, or a format Vision does
 *   not accept (SVG, HEIF, PDF...);
 * - `ignored`: no file there, or a directory (the object is gone).
 *
 * `label()` throws LabelerError (`labeler-unavailable`) when the file exists but cannot be read
 * (permissions, I/O errors).
 *
 * @throws RangeError when `bucketDir` is empty, or `maxImageBytes` or `maxImagePixels` is not a
 *   positive integer
 * @see README.md, Configuration (`LABELER`, `LOCAL_BUCKET_DIR`), for the labelers
 * @see https://cloud.google.com/vision/docs/supported-files for the formats and limits it mirrors
 */
export function createLocalLabeler(options: LocalLabelerOptions): Labeler {
  const {
    bucketDir,
    maxImageBytes = LOCAL_LABELER_DEFAULTS.maxImageBytes,
    maxImagePixels = LOCAL_LABELER_DEFAULTS.maxImagePixels,
  } = options;
  if (bucketDir === '') throw new RangeError('createLocalLabeler: bucketDir is empty');
  for (const [option, value] of Object.entries({ maxImageBytes, maxImagePixels })) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(
        `createLocalLabeler: ${option} must be a positive integer, not ${value}`,
      );
    }
  }
  return {
    name: 'local',
    async label(request) {
      const file = await readBucketFile(bucketDir, request, maxImageBytes);
      if (file.outcome !== 'read') return file;
      const uri = `gs://${request.bucket}/${request.name}`;
      const facts = await measureImage(file.bytes, uri, maxImagePixels);
      return typeof facts === 'string'
        ? { outcome: 'unlabelable', reason: facts }
        : { outcome: 'labeled', labels: toLabels(facts) };
    },
  };
}

/**
 * Measures an image: dimensions as displayed, pages, transparency, and the dominant colours of
 * the first page, counted on a 64x64 thumbnail.
 *
 * @returns the facts, or why the image is `unlabelable`: not an image sharp decodes, a format
 *   Vision does not accept, or more than `maxImagePixels` pixels
 */
async function measureImage(
  bytes: Buffer,
  uri: string,
  maxImagePixels: number,
): Promise<ImageFacts | string> {
  try {
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: maxImagePixels });
    const metadata = await image.metadata();
    if (imageFormat(metadata.format) === undefined) {
      return `${uri} is a ${metadata.format} image, not a format Cloud Vision accepts`;
    }
    const { data } = await image
      .resize(THUMBNAIL_SIDE_PIXELS, THUMBNAIL_SIDE_PIXELS, { fit: 'fill' })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return {
      format: metadata.format,
      widthPixels: metadata.autoOrient.width,
      heightPixels: metadata.autoOrient.height,
      pages: metadata.pages ?? 1,
      hasTransparency: metadata.hasAlpha && hasTranslucentPixel(data),
      colours: dominantColours(data),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `${uri} is not an image sharp can decode (${message})`;
  }
}

/** Whether some pixel of raw RGBA bytes has an alpha below 255. */
function hasTranslucentPixel(rgba: Uint8Array): boolean {
  for (let offset = 3; offset < rgba.length; offset += 4) {
    if (rgba[offset] !== 255) return true;
  }
  return false;
}
