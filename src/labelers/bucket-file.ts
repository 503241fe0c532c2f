/**
 * Reading a Cloud Storage object from a local directory, for the `local` labeler: gs://B/N is the
 * file `<bucketDir>/B/N`. A name that resolves outside the directory is refused before any file is
 * opened.
 */

import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import { LabelerError } from '../errors';
import type { LabelRequest } from './labeler';

/** The bytes of the object, or why there are none (a `LabelResult` the labeler returns as is). */
export type BucketFileRead =
  | { readonly outcome: 'read'; readonly bytes: Buffer }
  | { readonly outcome: 'unlabelable'; readonly reason: string }
  | { readonly outcome: 'ignored'; readonly reason: string };

/**
 * What a file system error code means for the object. Codes not listed are transient (or need an
 * operator) and are thrown as `labeler-unavailable`.
 */
const FILE_ERROR_OUTCOMES: Readonly<Record<string, 'ignored' | 'unlabelable'>> = Object.freeze({
  ENOENT: 'ignored',
  ENOTDIR: 'ignored',
  EISDIR: 'ignored',
  ELOOP: 'unlabelable',
  ENAMETOOLONG: 'unlabelable',
});

/**
 * Reads gs://`request.bucket`/`request.name` from `<bucketDir>/<bucket>/<name>`.
 *
 * The bucket must name a directory directly under `bucketDir` and the name a path inside it, both
 * as written and after symbolic links are resolved; otherwise the object is `unlabelable` and no
 * file is opened.
 *
 * @param bucketDir - the directory that holds one sub-directory per bucket
 * @param maxBytes - a larger file is `unlabelable` and not read, in bytes
 * @returns `read` with the bytes; `ignored` when there is no file (or a directory) there;
 *   `unlabelable` when the name escapes `bucketDir`, or the file is not a regular file or too large
 * @throws LabelerError (`labeler-unavailable`) when the file exists but cannot be read (permissions,
 *   I/O errors, too many open files)
 */
export async function readBucketFile(
  bucketDir: string,
  request: Pick<LabelRequest, 'bucket' | 'name'>,
  maxBytes: number,
): Promise<BucketFileRead> {
  const uri = `gs://${request.bucket}/${request.name}`;
  const root = path.resolve(bucketDir);
  const bucketPath = path.resolve(root, request.bucket);
  // join, not resolve: a name that starts with "/" is legal in Cloud Storage and stays inside.
  const filePath = path.join(bucketPath, request.name);
  const escapes = `${uri} escapes the local bucket directory ${root}; not read`;
  if (
    `${request.bucket}/${request.name}`.includes('\0') ||
    path.dirname(bucketPath) !== root ||
    !isInside(bucketPath, filePath)
  ) {
    return { outcome: 'unlabelable', reason: escapes };
  }
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(filePath)]);
    if (!isInside(realRoot, realFile)) return { outcome: 'unlabelable', reason: escapes };
    const stats = await stat(realFile);
    if (stats.isDirectory()) {
      return { outcome: 'ignored', reason: `the object is gone: ${filePath} is a directory` };
    }
    if (!stats.isFile()) {
      return {
        outcome: 'unlabelable',
        reason: `${uri}: ${filePath} is not a regular file; not read`,
      };
    }
    if (stats.size > maxBytes) {
      return {
        outcome: 'unlabelable',
        reason: `${uri} has ${stats.size} bytes, more than the limit of ${maxBytes}; not read`,
      };
    }
    return { outcome: 'read', bytes: await readFile(realFile) };
  } catch (error) {
    const code = errorCode(error);
    const outcome = Object.hasOwn(FILE_ERROR_OUTCOMES, code)
      ? FILE_ERROR_OUTCOMES[code]
      : undefined;
    if (outcome === 'ignored') {
      return { outcome, reason: `the object is gone: no file at ${filePath} (${code})` };
    }
    if (outcome === 'unlabelable') {
      return { outcome, reason: `${uri} cannot be read from ${filePath} (${code})` };
    }
    throw new LabelerError(
      'labeler-unavailable',
      `cannot read ${uri} from ${filePath} (${code})`,
      10,
      {
        cause: error,
      },
    );
  }
}

/**
 * The `code` of a Node.js system error (`ENOENT`...), or `unknown error`. Not `instanceof Error`:
 * errors from another realm (a vm context, as under jest) are not instances of this realm's Error.
 */
function errorCode(error: unknown): string {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : 'unknown error';
}

/** Whether `child` is strictly inside the directory `parent` (both absolute and normalised). */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}
