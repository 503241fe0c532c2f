/**
 * CloudEvents `time` and the Pub/Sub and Cloud Storage times are Timestamps: RFC 3339
 * `date-time` (`2026-12-06T08:47:17Z`, `2026-12-06T09:47:17.123456789+01:00`). Each is checked where
 * it is read, so that a value such as `yesterday` is a 400 naming the attribute, never recorded.
 * One deviation real traffic needs: a time without an offset (`2020-08-16T13:58:54.471765`, as the
 * Functions Framework's own test events send `ce-time`) is kept as sent, not refused.
 *
 * @see https://github.com/GoogleCloudPlatform/functions-framework-nodejs (its test events)
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#type-system
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
import { DecodeError } from '../errors';

/**
 * RFC 3339 §5.6 `date-time`: full-date `T` full-time, fractional seconds of any length, `Z` or a
 * `±hh:mm` offset (here optional, see above). `T` and `Z` may be lower case (the note in §5.6).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))?$/;

/** Days in each month of a non-leap year (RFC 3339 §5.7). */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * Whether a string is an RFC 3339 `date-time` with every field in range (second 60 is a leap
 * second, RFC 3339 §5.7), or one without its offset.
 */
export function isRfc3339(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (match === null) return false;
  const field = (index: number): number => Number(match[index] ?? 0);
  const month = field(2);
  const day = field(3);
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(field(1)) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
  return (
    day <= days &&
    field(4) <= 23 &&
    field(5) <= 59 &&
    field(6) <= 60 &&
    field(7) <= 23 &&
    field(8) <= 59
  );
}

/**
 * The value itself when it is absent or an RFC 3339 `date-time`, with or without its offset (kept
 * verbatim).
 *
 * @param value - the time as sent; `undefined` when it was not sent
 * @param pointer - where it was read: `header ce-time`, `/time`, `/message/publishTime`
 * @throws DecodeError (`invalid-event`) when the value is not RFC 3339
 */
export function requireTimestamp(value: string | undefined, pointer: string): string | undefined {
  if (value === undefined || isRfc3339(value)) return value;
  throw new DecodeError(
    'invalid-event',
    `${pointer} ${JSON.stringify(value)} is not an RFC 3339 timestamp (such as 2020-01-31T12:00:00Z)`,
    pointer,
  );
}
