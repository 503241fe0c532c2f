import { stat } from 'node:fs/promises';
import { ConfigError } from '../errors';
import type { Labeler, LabelerName, LabelerSettings } from './labeler';
import { createNoneLabeler } from './none-labeler';

/**
 * One factory per `LABELER` value. Each loads its module on demand, so that an instance pays only
 * for the labeler it runs (sharp is not loaded for `vision`, the Vision client not for `local`).
 */
const LABELER_FACTORIES: Readonly<
  Record<LabelerName, (config: LabelerSettings) => Promise<Labeler>>
> = Object.freeze({
  vision: async (config) => {
    const { createVisionLabeler } = await import('./vision-labeler');
    return createVisionLabeler({
      ...(config.visionApiEndpoint === undefined ? {} : { apiEndpoint: config.visionApiEndpoint }),
      timeoutMs: config.visionTimeoutMs,
    });
  },
  local: async (config) => {
    const bucketDir = await existingDirectory(config.localBucketDir ?? '.');
    const { createLocalLabeler } = await import('./local-labeler');
    return createLocalLabeler({ bucketDir });
  },
  none: () => Promise.resolve(createNoneLabeler()),
});

/**
 * Creates the labeler that `config.labeler` names.
 *
 * @throws ConfigError (`LOCAL_BUCKET_DIR`) for `local` when the directory does not exist
 */
export function createLabeler(config: LabelerSettings): Promise<Labeler> {
  return LABELER_FACTORIES[config.labeler](config);
}

/** A local bucket directory that exists: otherwise every upload would be "gone" and acknowledged. */
async function existingDirectory(dir: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new ConfigError(
      'LOCAL_BUCKET_DIR',
      `LOCAL_BUCKET_DIR=${JSON.stringify(dir)} is invalid: expected an existing directory holding <bucket>/<object name>`,
    );
  }
  return dir;
}
