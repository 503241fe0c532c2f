/**
 * Writes the V8 code caches of the two bundles, `dist/bundle/main.js.cache` and
 * `dist/bundle/vision.js.cache`: `npm run build` runs it, and the Dockerfile again in the image, so
 * that the caches come from the node binary that will read them (V8 rejects a cache of another
 * version or other flags, and the worker then compiles as without one), and in the place they run
 * from (stack traces name the bundle's path at the time the cache was written). Nothing is written
 * at run time.
 *
 * The worker's: it runs `main.js` in this process as `dist/src/startup/start.js` does
 * (`LABELER=none`, a free port, no cache), sends it the warm-up requests (a readiness probe and two
 * events) and, once each is answered 2xx, takes the cache: the bytecode of every function that the
 * start and these first requests compiled. The Vision client's: after labeling through both of its
 * transports against local stand-ins (`./vision-warm-up.ts`). The worker's log lines go to stdout
 * (`npm run build`: `dist/code-cache.log`; the image's build discards them). Exits 0 when both are written, 1 on any failure.
 */
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { runBundle, type BundleRun } from '../run-bundle';
import { warmUpVisionBundle } from './vision-warm-up';
import { warmUpRequests, type WarmUpRequest } from './warm-up-requests';

const BUNDLE_DIR = path.join(__dirname, '../../../bundle');
const BUNDLE_FILE = path.join(BUNDLE_DIR, 'main.js');
const VISION_BUNDLE_FILE = path.join(BUNDLE_DIR, 'vision.js');
/** How long the worker may take to answer a warm-up event, in milliseconds. */
const TIMEOUT_MS = 30_000;
/** The pause between attempts while the worker does not listen yet, in milliseconds. */
const RETRY_MS = 5;

async function main(): Promise<void> {
  const port = await freePort();
  // The worker reads its configuration from the environment: the builder's own settings (an
  // AUTH_MODE, a RESULTS_FILE) must not change or break the warm-up, so it sees PATH and these only.
  process.env = { PATH: process.env.PATH, PORT: String(port), LABELER: 'none' };
  const bundle = runBundle({ bundleFile: BUNDLE_FILE, cacheFile: undefined });
  for (const warmUp of warmUpRequests()) {
    const status = await postUntilListening(port, warmUp);
    if (status < 200 || status > 299) {
      throw new Error(`${warmUp.method} ${warmUp.path} was answered ${status}`);
    }
  }
  writeCodeCache(BUNDLE_FILE, bundle);
  writeCodeCache(VISION_BUNDLE_FILE, await warmUpVisionBundle(VISION_BUNDLE_FILE));
}

/** Writes `<bundle file>.cache`: the code cache of a bundle's run so far. */
function writeCodeCache(bundleFile: string, run: BundleRun): void {
  const cacheFile = `${bundleFile}.cache`;
  const cache = run.codeCache();
  writeFileSync(cacheFile, cache);
  process.stderr.write(
    `code cache: ${cacheFile}, ${cache.length} bytes, node ${process.version}\n`,
  );
}

/** Sends one request, again every {@link RETRY_MS} ms while the connection is refused. */
async function postUntilListening(port: number, warmUp: WarmUpRequest): Promise<number> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const status = await post(port, warmUp).catch((error: unknown) => {
      if (Date.now() > deadline) throw error;
      return undefined;
    });
    if (status !== undefined) return status;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/** @returns the status of the answer (its body is read and dropped) */
function post(port: number, warmUp: WarmUpRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: warmUp.method,
        path: warmUp.path,
        headers: warmUp.headers,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          resolve(response.statusCode ?? 0);
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(warmUp.body);
  });
}

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * The worker's ERROR lines, when its log (this process's stdout) is a file: `npm run build` writes
 * it to `dist/code-cache.log`, so that a failed warm-up says why.
 */
function workerErrors(): string {
  try {
    const log = readFileSync(readlinkSync('/proc/self/fd/1'), 'utf8');
    return log
      .split('\n')
      .filter((line) => line.includes('"severity":"ERROR"'))
      .slice(-3)
      .map((line) => `\n  ${line}`)
      .join('');
  } catch {
    return '';
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `code cache: ${error instanceof Error ? error.message : String(error)}${workerErrors()}\n`,
    );
    process.exit(1);
  },
);
