import type { WorkerConfig } from '../config';
import type { Labeler, LabelerName } from './labeler';
import { createNoneLabeler } from './none-labeler';

/**
 * One factory per `LABELER` value. Each loads its module on demand, so that an instance pays only
 * for the labeler it runs (sharp is not loaded for `vision`, the Vision client not for `local`).
 */
const LABELER_FACTORIES: Readonly<Record<LabelerName, (config: WorkerConfig) => Promise<Labeler>>> =
  Object.freeze({
    vision: async (config) => {
      const { createVisionLabeler } = await import('./vision-labeler');
      return createVisionLabeler({
        ...(config.visionApiEndpoint === undefined
          ? {}
          : { apiEndpoint: config.visionApiEndpoint }),
        timeoutMs: config.visionTimeoutMs,
      });
    },
    local: async (config) => {
      const { createLocalLabeler } = await import('./local-labeler');
      return createLocalLabeler({ bucketDir: config.localBucketDir ?? '.' });
    },
    none: () => Promise.resolve(createNoneLabeler()),
  });

/** Creates the labeler that `config.labeler` names. */
export function createLabeler(config: WorkerConfig): Promise<Labeler> {
  return LABELER_FACTORIES[config.labeler](config);
}
