/**
 * `--timeout` values: a Go-style duration as kubectl takes it (`5m`, `90s`, `1h`, `1m30s`,
 * `500ms`, `0`). A small parser rather than a library such as `ms`: `ms` also takes `5 minutes`
 * and `1y`, and reads a bare `300` as milliseconds, where a user of kubectl would mean seconds; a
 * bare number is refused here instead.
 *
 * @see https://pkg.go.dev/time#ParseDuration
 */
import { UsageError } from './apply-errors';

/** Milliseconds per unit. */
const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
});

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/**
 * The duration `text` in milliseconds (rounded to a whole millisecond).
 *
 * @throws UsageError quoting `text` when it is not a sequence of number-unit parts (`ms`, `s`,
 *   `m`, `h`) or `0`
 */
export function parseDurationMs(text: string): number {
  if (text === '0') return 0;
  let totalMs = 0;
  let end = 0;
  for (const match of text.matchAll(PART)) {
    totalMs += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    end = match.index + match[0].length;
  }
  if (text === '' || end !== text.length || !Number.isFinite(totalMs)) {
    throw new UsageError(
      `--timeout ${JSON.stringify(text)} is not a duration: write e.g. 5m, 90s, 1h or 1m30s`,
    );
  }
  return Math.round(totalMs);
}
