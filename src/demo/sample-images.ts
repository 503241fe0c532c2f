/**
 * Sample images for the demo and the tests of the `local` labeler: a few SVG drawings (shapes and
 * gradients only, no text: fonts may be missing) rendered with sharp into a local bucket directory.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The encodings the samples use, with their content types. */
const ENCODINGS = Object.freeze({
  jpeg: { contentType: 'image/jpeg' },
  png: { contentType: 'image/png' },
} as const);

/** One sample drawing: where it goes in the bucket, how it is encoded, and the SVG itself. */
interface SampleDrawing {
  readonly name: string;
  readonly encoding: keyof typeof ENCODINGS;
  readonly svg: string;
}

const SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"';

/** The drawings, in the order {@link writeSampleBucket} writes them. */
const SAMPLE_DRAWINGS: readonly SampleDrawing[] = Object.freeze([
  {
    // Landscape, small: an orange-to-red evening sky, a yellow sun, dark hills.
    name: 'samples/sunset.jpg',
    encoding: 'jpeg',
    svg: `<svg ${SVG_NAMESPACE} width="640" height="400">
      <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#d7392b"/><stop offset="0.55" stop-color="#f47c20"/>
        <stop offset="1" stop-color="#ffa040"/></linearGradient></defs>
      <rect width="640" height="400" fill="url(#sky)"/>
      <circle cx="330" cy="270" r="64" fill="#ffd23f"/>
      <path d="M0 300 Q160 230 320 290 T640 270 V400 H0 Z" fill="#3a1e2a"/></svg>`,
  },
  {
    // Portrait, small: a pale green sky over rows of dark green fir trees and a green floor.
    name: 'samples/forest.png',
    encoding: 'png',
    svg: `<svg ${SVG_NAMESPACE} width="360" height="540">
      <rect width="360" height="540" fill="#b9e4a8"/>
      <rect y="380" width="360" height="160" fill="#2e7d32"/>
      <g fill="#1b5e20">
        <polygon points="60,120 0,400 120,400"/><polygon points="180,80 110,420 250,420"/>
        <polygon points="300,130 240,400 360,400"/><polygon points="120,220 60,480 180,480"/>
        <polygon points="250,230 190,490 310,490"/></g></svg>`,
  },
  {
    // Landscape, medium: a light blue sky over a deep blue sea with lighter waves.
    name: 'samples/ocean.jpg',
    encoding: 'jpeg',
    svg: `<svg ${SVG_NAMESPACE} width="1200" height="800">
      <defs><linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#1e88e5"/><stop offset="1" stop-color="#0d2f7a"/>
        </linearGradient></defs>
      <rect width="1200" height="320" fill="#9fd3f5"/>
      <rect y="320" width="1200" height="480" fill="url(#sea)"/>
      <g fill="none" stroke="#64b5f6" stroke-width="10">
        <path d="M0 420 Q150 390 300 420 T600 420 T900 420 T1200 420"/>
        <path d="M0 560 Q150 530 300 560 T600 560 T900 560 T1200 560"/></g></svg>`,
  },
  {
    // Square, small, transparent around a purple disc with a yellow triangle.
    name: 'samples/logo.png',
    encoding: 'png',
    svg: `<svg ${SVG_NAMESPACE} width="256" height="256">
      <circle cx="128" cy="128" r="110" fill="#6a1b9a"/>
      <polygon points="128,60 190,170 66,170" fill="#ffeb3b"/></svg>`,
  },
]);

/** The sample objects: name (in the bucket) and content type, in the order they are written. */
export const SAMPLE_OBJECTS: readonly { readonly name: string; readonly contentType: string }[] =
  Object.freeze(
    SAMPLE_DRAWINGS.map(({ name, encoding }) =>
      Object.freeze({ name, contentType: ENCODINGS[encoding].contentType }),
    ),
  );

/** A sample object as written. */
export interface SampleObject {
  /** The object name in the bucket, e.g. `samples/sunset.jpg`. */
  readonly name: string;
  /** `image/jpeg` or `image/png`. */
  readonly contentType: string;
  /** The file size, in bytes. */
  readonly size: number;
  /** In pixels. */
  readonly width: number;
  /** In pixels. */
  readonly height: number;
}

/**
 * Renders the sample drawings and writes them as the objects gs://`bucket`/`name`, that is the
 * files `<dir>/<bucket>/<name>` that the `local` labeler reads. Creates the directories it needs;
 * overwrites the samples if they exist. Loads sharp on the first call.
 *
 * @param dir - the local bucket directory (`LOCAL_BUCKET_DIR`)
 * @param bucket - the bucket name, one path segment
 * @returns the objects written, in {@link SAMPLE_OBJECTS} order
 * @throws RangeError when `bucket` is not one path segment (empty, `.`, `..`, or has a `/`)
 * @throws Error (from sharp or the file system) when a drawing cannot be rendered or written
 * @see createLocalLabeler in src/labelers/local-labeler.ts, which reads them
 */
export async function writeSampleBucket(dir: string, bucket: string): Promise<SampleObject[]> {
  if (bucket === '' || bucket === '.' || bucket === '..' || /[/\\]/.test(bucket)) {
    throw new RangeError(`bucket "${bucket}" is not a bucket name (one path segment)`);
  }
  const { default: sharp } = await import('sharp');
  const written: SampleObject[] = [];
  for (const { name, encoding, svg } of SAMPLE_DRAWINGS) {
    const { data, info } = await sharp(Buffer.from(svg))
      .toFormat(encoding)
      .toBuffer({ resolveWithObject: true });
    const filePath = path.join(dir, bucket, name);
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(filePath, data);
    written.push({
      name,
      contentType: ENCODINGS[encoding].contentType,
      size: data.length,
      width: info.width,
      height: info.height,
    });
  }
  return written;
}
