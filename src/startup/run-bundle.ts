import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { sealCodeCache, sha256, unsealCodeCache } from './code-cache-seal';

/** Where the production bundle and its V8 code cache are. */
export interface BundleFiles {
  /**
   * A CommonJS bundle written by `src/startup/build/bundle.ts`: `dist/bundle/main.js` (the worker)
   * or `dist/bundle/vision.js` (the Vision client).
   */
  readonly bundleFile: string;
  /**
   * The V8 code cache of that bundle (`<bundle>.cache`, written by
   * `src/startup/build/code-cache.ts` with the node binary that runs it), or `undefined` to compile
   * without one. A file that cannot be read counts as no cache. Write it at the path the bundle
   * runs from: V8 keeps the file name a cache was written with, and stack traces show that one.
   */
  readonly cacheFile: string | undefined;
}

/** A bundle that has run its top level. */
export interface BundleRun {
  /**
   * The code cache file to write for this bundle now: V8's cache of every function compiled so
   * far, sealed with the digests of the bundle and of the data (see `sealCodeCache`).
   */
  codeCache(): Buffer;
  /**
   * How the cache was used: `accepted`; `rejected` (written for another bundle, damaged, or
   * refused by V8: another node binary, other V8 flags), in which case the bundle was compiled as
   * without one; or `none` (no cache file).
   */
  readonly cache: 'accepted' | 'rejected' | 'none';
  /** Why the cache was rejected; `undefined` unless `cache` is `rejected`. */
  readonly cacheProblem: string | undefined;
  /** The bundle's `module.exports` once its top level has run (the worker's bundle exports nothing). */
  readonly exports: unknown;
}

/**
 * Runs a CommonJS bundle as `require` would (its own `module`, `exports`, `require` resolving from
 * the bundle's folder, `__filename`, `__dirname`), but compiled through `vm.Script` so that V8 can
 * take the bytecode from a code cache written after a warm-up, which holds the functions that the
 * start and the first events compiled. Node's own compile cache (`module.enableCompileCache()`,
 * Node 22) keeps what compiling a module produced, before anything ran (measured on a module of
 * 3,000 functions: 338 KB, the same whether they ran or not, against 949 KB here once they had),
 * and writes any module it has not cached at exit. Reads files and nothing else: no write, so a
 * read-only root filesystem is fine.
 *
 * @see https://nodejs.org/docs/latest-v24.x/api/module.html#module-compile-cache
 *
 * @throws Error (ENOENT) when the bundle file is missing; whatever the bundle's top level throws
 */
export function runBundle(files: BundleFiles): BundleRun {
  const filename = path.resolve(files.bundleFile);
  const bytes = readFileSync(filename);
  // Digested as read: hashing the decoded text would encode it to UTF-8 again (4 MB: 9 ms, not 3).
  const sourceDigest = sha256(bytes);
  const file = files.cacheFile === undefined ? undefined : readIfPresent(files.cacheFile);
  const unsealed = file === undefined ? undefined : unsealCodeCache(sourceDigest, file);
  const cachedData = unsealed !== undefined && 'data' in unsealed ? unsealed.data : undefined;
  const script = new Script(Module.wrap(decode(bytes)), {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = new Module(filename);
  module.filename = filename;
  const dirname = path.dirname(filename);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dirname);
  module.loaded = true;
  const cacheProblem =
    unsealed !== undefined && 'problem' in unsealed
      ? unsealed.problem
      : script.cachedDataRejected === true
        ? 'refused by V8 (another node binary or other V8 flags)'
        : undefined;
  return {
    // The digest, not the text: the script holds the one copy of the source it needs.
    codeCache: () => sealCodeCache(sourceDigest, script.createCachedData()),
    cache: unsealed === undefined ? 'none' : cacheProblem === undefined ? 'accepted' : 'rejected',
    cacheProblem,
    exports: module.exports,
  };
}

/**
 * A bundle's text. esbuild writes ASCII (non-ASCII characters escaped), which latin1 decodes to the
 * same string in a quarter of UTF-8's time; anything else is decoded as UTF-8.
 */
function decode(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** The cache is only a speed-up: a missing or unreadable file means compiling without one. */
function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
