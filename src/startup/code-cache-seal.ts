import { createHash } from 'node:crypto';

/** Marks a sealed code cache file, and the version of its layout. */
const MAGIC = Buffer.from('dualrun-code-cache-1');
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 2 * DIGEST_BYTES;

/** The SHA-256 of some bytes (a bundle's source as read, or cache data). */
export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * A V8 code cache with what it was made from: `MAGIC`, the SHA-256 of the bundle's source file (its
 * bytes), the SHA-256 of the cache data, then the data. V8 itself checks little of a cache: one of the same
 * source length is taken for another bundle (the old code would run), and a damaged one can crash
 * the process (V8 `unreachable code`, a segmentation fault) instead of being rejected.
 *
 * @param sourceDigest - {@link sha256} of the bundle file's bytes, whose text was compiled
 * @param data - `script.createCachedData()` of that source
 * @returns the bytes of the cache file
 */
export function sealCodeCache(sourceDigest: Buffer, data: Buffer): Buffer {
  return Buffer.concat([MAGIC, sourceDigest, sha256(data), data]);
}

/**
 * The V8 cache data of a sealed cache file, when it was made from the bundle and is whole.
 *
 * @param sourceDigest - {@link sha256} of the bundle file's bytes, about to be compiled
 * @param file - the cache file's bytes
 * @returns the data, or why it cannot be used (not a sealed cache, another bundle, damaged)
 */
export function unsealCodeCache(
  sourceDigest: Buffer,
  file: Buffer,
): { readonly data: Buffer } | { readonly problem: string } {
  if (file.length < HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { problem: 'not a code cache written by the build' };
  }
  const dataDigest = file.subarray(MAGIC.length + DIGEST_BYTES, HEADER_BYTES);
  const data = file.subarray(HEADER_BYTES);
  if (!file.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES).equals(sourceDigest)) {
    return { problem: 'written for another bundle (rebuild: npm run build)' };
  }
  if (!dataDigest.equals(sha256(data))) return { problem: 'damaged (its checksum differs)' };
  return { data };
}
