/**
 * The warm-up after which `./code-cache.ts` takes the code cache of the Vision client's bundle
 * (`dist/bundle/vision.js`): it runs the bundle as `src/startup/vision-bundle.ts` does, then
 * labels two images through each transport the worker uses, REST (`http://`) and gRPC
 * (`grpc://`), against local stand-ins (`./vision-stand-ins.ts`), with the call the `vision`
 * labeler makes. The functions that creating the clients and labeling compiled (gax's request
 * building, both transports, protobuf.js, the response decoding) are then in the cache, so the
 * worker's first labeled event runs them without compiling.
 */
import type * as VisionClient from '../../labelers/vision-client';
import { runBundle, type BundleRun } from '../run-bundle';
import { startGrpcStandIn, startRestStandIn, type VisionStandIn } from './vision-stand-ins';

const LABELS = [{ description: 'Warm-up', score: 0.9, mid: '/m/0', topicality: 0.9 }];

/** The call of `src/labelers/vision-labeler.ts`: label detection on one `gs://` object. */
async function labelTwice(vision: typeof VisionClient, standIn: VisionStandIn): Promise<void> {
  const started = await vision.startVisionClient(new URL(standIn.url), undefined);
  try {
    for (const name of ['warm-up-1.jpg', 'warm-up-2.jpg']) {
      const [response] = await started.client.batchAnnotateImages(
        {
          requests: [
            {
              image: { source: { imageUri: `gs://code-cache-warm-up/${name}` } },
              features: [{ type: 'LABEL_DETECTION', maxResults: 10 }],
            },
          ],
        },
        { timeout: 30_000, retry: null },
      );
      if (response.responses?.[0]?.labelAnnotations?.length !== LABELS.length) {
        throw new Error(`the ${standIn.url} stand-in answered no labels`);
      }
    }
  } finally {
    await started.close();
  }
}

/**
 * Runs the Vision client's bundle with no cache and labels through both transports.
 *
 * @param bundleFile - `dist/bundle/vision.js`
 * @returns the run, whose `codeCache()` is then the cache to write
 * @throws Error when a stand-in answers no labels, or whatever the client throws
 */
export async function warmUpVisionBundle(bundleFile: string): Promise<BundleRun> {
  const run = runBundle({ bundleFile, cacheFile: undefined });
  const vision = run.exports as typeof VisionClient;
  const standIns = [await startRestStandIn(LABELS), await startGrpcStandIn(LABELS)];
  try {
    for (const standIn of standIns) await labelTwice(vision, standIn);
  } finally {
    await Promise.all(standIns.map((standIn) => standIn.close()));
  }
  return run;
}
