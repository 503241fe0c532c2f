import { resultSource } from '../events/result-event';
import { replyEmitter, type ResultEmitter } from './result-emitter';
import type { ResultsMode, ResultsSettings } from './results-settings';

/** What {@link createResultEmitter} reads. */
export interface ResultEmitterSettings {
  /** `RESULTS_MODE` and its variables. */
  readonly results: ResultsSettings;
  /** `K_SERVICE`: names the worker in the result events' `source`. */
  readonly serviceName: string;
}

/** How the emitter behaves, beside the settings. */
export interface ResultEmitterOptions {
  /** The deadline of one publish, in milliseconds (`pubsub`): see `RESULT_PUBLISH_TIMEOUT_MS`. */
  readonly publishTimeoutMs: number;
}

type Factory<M extends ResultsMode> = (
  settings: Extract<ResultsSettings, { mode: M }>,
  source: string,
  options: ResultEmitterOptions,
) => Promise<ResultEmitter | undefined>;

/** One factory per mode; the Pub/Sub client is loaded only with `pubsub`. */
const FACTORIES: { readonly [M in ResultsMode]: Factory<M> } = {
  none: () => Promise.resolve(undefined),
  reply: (_settings, source) => Promise.resolve(replyEmitter(source)),
  pubsub: async (settings, source, options) => {
    const { createPubSubEmitter } = await import('./pubsub-publisher');
    return createPubSubEmitter(settings, { source, timeoutMs: options.publishTimeoutMs });
  },
};

/**
 * The emitter of the configured `RESULTS_MODE`: none for `none`, the reply for `reply`, the
 * publisher (created once, here, at start) for `pubsub`.
 */
export function createResultEmitter(
  settings: ResultEmitterSettings,
  options: ResultEmitterOptions,
): Promise<ResultEmitter | undefined> {
  const factory = FACTORIES[settings.results.mode] as Factory<ResultsMode>;
  return factory(settings.results, resultSource(settings.serviceName), options);
}
