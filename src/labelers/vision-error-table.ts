/**
 * What the worker does with a Cloud Vision error, by gRPC status code: the one table for both a
 * per-image `error` inside a successful `images:annotate` response and an error thrown by the
 * client call (gax gives gRPC errors their code, and maps a REST error's HTTP status or its body's
 * `status` onto the same codes). Only a per-image error speaks of the image: an error of the whole
 * call (an HTTP 400 or 404 from a wrong endpoint, a proxy's error page) never makes an event
 * `unlabelable` or `ignored`, see {@link REQUEST_ERROR_DECISIONS}.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/AnnotateImageResponse
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 */

/**
 * What an error means for the event:
 * - `unlabelable`: Vision rejects the image for good (answered 204, recorded with the reason);
 * - `ignored`: the object is gone (204);
 * - `labeler-unavailable`: a later delivery or a configuration fix will mend it (503);
 * - `labeler-quota-exhausted`: out of quota, retry later (429).
 */
export type VisionErrorDecision =
  'unlabelable' | 'ignored' | 'labeler-unavailable' | 'labeler-quota-exhausted';

/** One row: the gRPC status name (for messages), the decision, and who can mend it. */
export interface VisionErrorRow {
  readonly status: string;
  readonly decision: VisionErrorDecision;
  /**
   * Only an operator can mend it (a disabled API, a missing permission or credential): every
   * image fails the same way until then, so the worker logs it as ERROR.
   */
  readonly needsOperator?: true;
}

/**
 * gRPC status code → decision (docs/delivery-contract.md). Codes not listed (CANCELLED,
 * FAILED_PRECONDITION, UNIMPLEMENTED, …) and errors with no code at all get
 * {@link UNKNOWN_VISION_ERROR}.
 */
export const VISION_ERROR_TABLE: Readonly<Record<number, VisionErrorRow>> = Object.freeze({
  2: { status: 'UNKNOWN', decision: 'labeler-unavailable' },
  3: { status: 'INVALID_ARGUMENT', decision: 'unlabelable' },
  4: { status: 'DEADLINE_EXCEEDED', decision: 'labeler-unavailable' },
  5: { status: 'NOT_FOUND', decision: 'ignored' },
  7: { status: 'PERMISSION_DENIED', decision: 'labeler-unavailable', needsOperator: true },
  8: { status: 'RESOURCE_EXHAUSTED', decision: 'labeler-quota-exhausted' },
  10: { status: 'ABORTED', decision: 'labeler-unavailable' },
  13: { status: 'INTERNAL', decision: 'labeler-unavailable' },
  14: { status: 'UNAVAILABLE', decision: 'labeler-unavailable' },
  16: { status: 'UNAUTHENTICATED', decision: 'labeler-unavailable', needsOperator: true },
});

/** The row for a code the table does not list, or for an error that carries no code. */
export const UNKNOWN_VISION_ERROR: VisionErrorRow = Object.freeze({
  status: 'UNKNOWN',
  decision: 'labeler-unavailable',
});

/**
 * The decision for an error of the whole call, by the table's decision: nothing about the image is
 * known, so what would end the event (`unlabelable`, `ignored`) becomes `labeler-unavailable`: a
 * configuration fix (the endpoint) will mend it, so it needs an operator, and the event is
 * redelivered, never acknowledged unlabeled.
 */
export const REQUEST_ERROR_DECISIONS: Readonly<Record<VisionErrorDecision, VisionErrorDecision>> =
  Object.freeze({
    unlabelable: 'labeler-unavailable',
    ignored: 'labeler-unavailable',
    'labeler-unavailable': 'labeler-unavailable',
    'labeler-quota-exhausted': 'labeler-quota-exhausted',
  });

/**
 * Looks up a gRPC status code.
 *
 * @param code - the error's `code`; anything but a listed integer gives {@link UNKNOWN_VISION_ERROR}
 */
export function visionErrorRow(code: unknown): VisionErrorRow {
  return (typeof code === 'number' ? VISION_ERROR_TABLE[code] : undefined) ?? UNKNOWN_VISION_ERROR;
}
