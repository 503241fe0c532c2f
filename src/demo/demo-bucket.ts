import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OptionError, optionPathError } from '../cli/option-error';
import { writeSampleBucket } from './sample-images';

/** An object in the demo's local bucket. */
export interface DemoObject {
  readonly name: string;
  readonly contentType: string;
  /** In bytes. */
  readonly size: number;
}

/** Content types of the image files the demo picks up from `--images DIR`, by extension. */
const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
});

/**
 * Fills `<bucketDir>/<bucket>/` with the objects to upload: the project's own sample drawings, or
 * the image files of `imagesDir` (as `photos/<file>`).
 *
 * @throws OptionError (`--images DIR: no such directory`) when `imagesDir` cannot be read or holds
 *   no image file
 */
export async function prepareBucket(
  bucketDir: string,
  bucket: string,
  imagesDir: string | undefined,
): Promise<DemoObject[]> {
  if (imagesDir === undefined) {
    const samples = await writeSampleBucket(bucketDir, bucket);
    return samples.map(({ name, contentType, size }) => ({ name, contentType, size }));
  }
  const entries = await readdir(imagesDir, { withFileTypes: true }).catch((error: unknown) => {
    throw optionPathError('--images', imagesDir, error, 'directory');
  });
  const files = entries
    .filter(
      (entry) =>
        entry.isFile() && Object.hasOwn(CONTENT_TYPES, path.extname(entry.name).toLowerCase()),
    )
    .map((entry) => entry.name);
  if (files.length === 0) {
    throw new OptionError('--images', imagesDir, 'no .jpg, .png, .gif, .webp or .tiff file in it');
  }
  await mkdir(path.join(bucketDir, bucket, 'photos'), { recursive: true });
  const objects: DemoObject[] = [];
  for (const file of files.sort()) {
    const name = `photos/${file}`;
    const source = path.join(imagesDir, file);
    const { size } = await stat(source).catch((error: unknown) => {
      throw optionPathError('--images', source, error, 'file');
    });
    await copyFile(source, path.join(bucketDir, bucket, name));
    objects.push({
      name,
      contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'image/*',
      size,
    });
  }
  return objects;
}
