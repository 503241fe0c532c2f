import { createHash } from 'node:crypto';

/** Marks a sealed code cache file, and the version of its layout. */
const MAGIC = Buffer.from('dualrun-code-cache-1');
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 2 * DIGEST_BYTES;

function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * A V8 code cache with what it was made from: `MAGIC`, the SHA-256 of the bundle's source, the
 * SHA-256 of the cache data, then the data. V8 itself checks little of a cache: one of the same
 * source length is taken for another bundle (the old code would run), and a damaged one can crash
 * the process (V8 `unreachable code`, a segmentation fault) instead of being rejected.
 *
 * @param source - the bundle's source text, as compiled
 * @param data - `script.createCachedData()` of that source
 * @returns the bytes of the cache file
 */
export function sealCodeCache(source: string, data: Buffer): Buffer {
  return Buffer.concat([MAGIC, sha256(source), sha256(data), data]);
}

/**
 * The V8 cache data of a sealed cache file, when it was made from `source` and is whole.
 *
 * @param source - the bundle's source text about to be compiled
 * @param file - the cache file's bytes
 * @returns the data, or why it cannot be used (not a sealed cache, another bundle, damaged)
 */
export function unsealCodeCache(
  source: string,
  file: Buffer,
): { readonly data: Buffer } | { readonly problem: string } {
  if (file.length < HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { problem: 'not a code cache written by the build' };
  }
  const sourceDigest = file.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const dataDigest = file.subarray(MAGIC.length + DIGEST_BYTES, HEADER_BYTES);
  const data = file.subarray(HEADER_BYTES);
  if (!sourceDigest.equals(sha256(source))) {
    return { problem: 'written for another bundle (rebuild: npm run build)' };
  }
  if (!dataDigest.equals(sha256(data))) return { problem: 'damaged (its checksum differs)' };
  return { data };
}
