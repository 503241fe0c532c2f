/**
 * The result event: the labels of one image leave the worker as a CloudEvent 1.0, on both targets
 * the same (README "Result events"): the reply of a Knative delivery, or a message published to a
 * Pub/Sub topic from Cloud Run. Its shape; `./build-result-event.ts` builds it.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */
import type { Label, LabelerName } from '../labelers/labeler';

/**
 * The result event types, by outcome. Versioned (`.v1`): a change to the data shape that breaks a
 * consumer gets a new type, as Google's own event types do.
 */
export const RESULT_EVENT_TYPES = Object.freeze({
  labeled: 'dev.dualrun.image.labeled.v1',
  unlabelable: 'dev.dualrun.image.unlabelable.v1',
} as const);

/** The outcomes that emit a result event: the labeler answered about the image. */
export type ResultOutcome = keyof typeof RESULT_EVENT_TYPES;

/** A result event type. */
export type ResultEventType = (typeof RESULT_EVENT_TYPES)[ResultOutcome];

/** Whether `type` is one of the result event types (an event the worker emits, never labels). */
export function isResultEventType(type: string): type is ResultEventType {
  return Object.values<string>(RESULT_EVENT_TYPES).includes(type);
}

/** The service name when `K_SERVICE` is unset (the worker run locally). */
export const DEFAULT_SERVICE_NAME = 'dualrun';

/**
 * The `source` of the result events of one worker: `//dualrun/<service name>`, a URI reference
 * (network-path form, as Google's `//storage.googleapis.com/...` sources).
 *
 * @param serviceName - the Knative Service's or Cloud Run service's name (`K_SERVICE`, which both
 *   platforms set), else {@link DEFAULT_SERVICE_NAME}
 */
export function resultSource(serviceName: string): string {
  return `//dualrun/${serviceName}`;
}

/**
 * The `data` of a result event (`datacontenttype` `application/json`), field by field:
 * - `bucket`, `name`: the object (`gs://<bucket>/<name>`);
 * - `generation`: the object generation, an int64 as a decimal string; absent when the
 *   notification carried none;
 * - `labeler`: `vision`, `local` or `none`: who answered;
 * - `labels` (labeled only): Cloud Vision's `EntityAnnotation` shape, in the labeler's order:
 *   `description`, `score` (0 to 1), and from Vision `mid` and `topicality`;
 * - `reason` (unlabelable only): why the labeler refused the image for good;
 * - `input`: the event that was labeled: its `id`, `source` and canonical `type`.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/AnnotateImageResponse#EntityAnnotation
 */
export interface ResultEventData {
  readonly bucket: string;
  readonly name: string;
  readonly generation?: string;
  readonly labeler: LabelerName;
  readonly labels?: readonly Label[];
  readonly reason?: string;
  readonly input: { readonly id: string; readonly source: string; readonly type: string };
}

/**
 * A result event, in the CloudEvents JSON event format. No `time`: the event is a function of its
 * input, so that a re-emission after a failed publish, or the same upload in another format, is
 * the same event down to the byte (the upload's time is the input event's).
 */
export interface ResultEvent {
  readonly specversion: '1.0';
  /** `resultEventId` of the input event (`./build-result-event.ts`): the same for every redelivery. */
  readonly id: string;
  /** {@link resultSource}: `//dualrun/<service name>`. */
  readonly source: string;
  readonly type: ResultEventType;
  /** The object, as the input event names it: `objects/<name>`. */
  readonly subject: string;
  readonly datacontenttype: 'application/json';
  readonly data: ResultEventData;
}

/** What the labeler answered about one image, as the result event carries it. */
export type LabelerAnswer =
  | {
      readonly outcome: 'labeled';
      readonly labeler: LabelerName;
      readonly labels: readonly Label[];
    }
  | { readonly outcome: 'unlabelable'; readonly labeler: LabelerName; readonly reason: string };

/**
 * What a result event takes from the event that was labeled (a canonical finalized event: a
 * `StorageEvent` is one).
 */
export interface ResultInput {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** `objects/<name>`. */
  readonly subject: string;
  readonly data: {
    readonly bucket: string;
    readonly name: string;
    readonly generation?: string | undefined;
  };
}
