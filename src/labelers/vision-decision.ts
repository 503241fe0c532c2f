/**
 * How the `vision` labeler turns Vision's errors into outcomes: the error table applied to a
 * per-image error or a failed call, and the wording of what it quotes.
 */
import { LabelerError, type LabelerErrorCode } from '../errors';
import type { LabelResult } from './labeler';
import { REQUEST_ERROR_DECISIONS, visionErrorRow, type VisionErrorRow } from './vision-error-table';

/** Retry-After, in seconds, for each transient failure (the status table reads it off the error). */
export const RETRY_AFTER_SECONDS: Readonly<Record<LabelerErrorCode, number>> = {
  'labeler-unavailable': 10,
  'labeler-quota-exhausted': 30,
};

/** The longest Vision message quoted in a reason or an error message, in characters. */
const MAX_MESSAGE_CHARS = 300;

/**
 * Applies the error table: returns `unlabelable` or `ignored` (a per-image error only), or throws a
 * `LabelerError`.
 *
 * @param scope - `image`: a per-image error inside a successful response; `request`: the call failed
 */
export function decide(
  scope: 'image' | 'request',
  code: unknown,
  message: string,
  cause: unknown,
): LabelResult {
  const row = visionErrorRow(code);
  const decision = scope === 'image' ? row.decision : REQUEST_ERROR_DECISIONS[row.decision];
  // A whole-call error that would have spoken of the image came from a wrong endpoint.
  const needsOperator = row.needsOperator === true || decision !== row.decision;
  const text = `Vision answered ${describe(code, row)}: ${safeMessage(message)}`;
  switch (decision) {
    case 'unlabelable':
    case 'ignored':
      return { outcome: decision, reason: text };
    default:
      throw new LabelerError(decision, text, RETRY_AFTER_SECONDS[decision], {
        cause,
        needsOperator,
      });
  }
}

function describe(code: unknown, row: VisionErrorRow): string {
  if (typeof code !== 'number') return 'an error with no status code';
  return row.status === 'UNKNOWN' && code !== 2 ? `status code ${code}` : `${row.status} (${code})`;
}

/** gax errors carry the gRPC status code as a number; gax maps REST errors onto the same codes. */
export function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line, bounded, with anything that looks like a credential blanked out. */
export function safeMessage(message: string): string {
  const oneLine = message
    .replace(/\s+/g, ' ')
    .replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]')
    .replace(/((?:access_token|key|token)=)[^&\s"]+/gi, '$1[redacted]')
    .trim();
  return oneLine.length > MAX_MESSAGE_CHARS ? `${oneLine.slice(0, MAX_MESSAGE_CHARS)}…` : oneLine;
}
