/**
 * The facts the `local` labeler states about an image (format, orientation, size class,
 * transparency, animation, dominant colours), as labels in Cloud Vision's shape. Pure: the caller
 * measures the image; this module only names what was measured.
 */

import type { ColourShare } from './colour-names';
import type { Label } from './labeler';

/** An accepted image format. */
export interface ImageFormat {
  /** The format label, e.g. `JPEG image`. */
  readonly description: string;
  /** Whether several pages are frames of an animation (else pages of a document). */
  readonly animates: boolean;
}

/**
 * The formats the `local` labeler accepts, keyed by sharp's decoder name: those Cloud Vision
 * accepts that sharp decodes. Anything else (SVG, HEIF, AVIF, PDF...) is `unlabelable`, as it
 * would be for Vision.
 *
 * @see https://cloud.google.com/vision/docs/supported-files
 */
export const IMAGE_FORMATS: Readonly<Record<string, ImageFormat>> = Object.freeze({
  jpeg: { description: 'JPEG image', animates: false },
  png: { description: 'PNG image', animates: false },
  gif: { description: 'GIF image', animates: true },
  webp: { description: 'WebP image', animates: true },
  tiff: { description: 'TIFF image', animates: false },
});

/** The entry of {@link IMAGE_FORMATS} for sharp's decoder name, if the format is accepted. */
export function imageFormat(format: string): ImageFormat | undefined {
  return Object.hasOwn(IMAGE_FORMATS, format) ? IMAGE_FORMATS[format] : undefined;
}

/** Size classes by pixel count, smallest first; a class holds images below its limit. */
export const SIZE_CLASSES = Object.freeze([
  { name: 'small', belowMegapixels: 0.3, range: '< 0.3 MP' },
  { name: 'medium', belowMegapixels: 2, range: '0.3 to 2 MP' },
  { name: 'large', belowMegapixels: Infinity, range: '>= 2 MP' },
] as const);

/** Orientation names, keyed by the sign of width minus height. */
const ORIENTATIONS: Readonly<Record<string, string>> = Object.freeze({
  '1': 'landscape orientation',
  '0': 'square',
  '-1': 'portrait orientation',
});

/** What was measured of one image. */
export interface ImageFacts {
  /** sharp's decoder name, a key of {@link IMAGE_FORMATS}. */
  readonly format: string;
  /** Width as displayed (EXIF orientation applied), in pixels; of the first page when paged. */
  readonly widthPixels: number;
  /** Height as displayed (EXIF orientation applied), in pixels; of the first page when paged. */
  readonly heightPixels: number;
  /** Number of pages or frames; 1 for a still image. */
  readonly pages: number;
  /** Whether some pixel is not fully opaque. */
  readonly hasTransparency: boolean;
  /** Dominant colour names with their share of the visible pixels, largest first. */
  readonly colours: readonly ColourShare[];
}

/**
 * The labels for an image: each fact with score 1, each dominant colour with its share of the
 * visible pixels as score; sorted by score, highest first (facts in the order above on ties).
 * Never a `mid`: these are not Knowledge Graph entities.
 *
 * @throws RangeError when `facts.format` is not a key of {@link IMAGE_FORMATS}
 */
export function toLabels(facts: ImageFacts): Label[] {
  const format = imageFormat(facts.format);
  if (format === undefined) {
    throw new RangeError(
      `format "${facts.format}" is not one of ${Object.keys(IMAGE_FORMATS).join(', ')}`,
    );
  }
  const { widthPixels: width, heightPixels: height, pages } = facts;
  const megapixels = (width * height) / 1e6;
  const sizeClass =
    SIZE_CLASSES.find((candidate) => megapixels < candidate.belowMegapixels) ?? SIZE_CLASSES[2];
  const labels: Label[] = [
    fact(format.description),
    fact(ORIENTATIONS[String(Math.sign(width - height))] ?? 'square'),
    fact(`${sizeClass.name} image (${sizeClass.range}, ${width}x${height})`),
  ];
  if (facts.hasTransparency) labels.push(fact('has transparency (alpha)'));
  if (pages > 1) {
    labels.push(
      fact(format.animates ? `animated (${pages} frames)` : `multi-page (${pages} pages)`),
    );
  }
  for (const { name, share } of facts.colours) {
    const score = Math.round(share * 1000) / 1000;
    labels.push({ description: `dominant colour: ${name}`, score, topicality: score });
  }
  return labels.sort((a, b) => b.score - a.score);
}

function fact(description: string): Label {
  return { description, score: 1, topicality: 1 };
}
