/** `--timeout`: Go-style durations as kubectl takes them, in milliseconds. */
import { UsageError } from '../../src/apply/apply-errors';
import { parseDurationMs } from '../../src/apply/duration';

test.each([
  ['5m', 300_000],
  ['90s', 90_000],
  ['1h', 3_600_000],
  ['1m30s', 90_000],
  ['1h2m3s', 3_723_000],
  ['500ms', 500],
  ['1.5s', 1500],
  ['0', 0],
  ['0s', 0],
])('%s is %d ms', (text, ms) => {
  expect(parseDurationMs(text)).toBe(ms);
});

test.each([
  ['a bare number (seconds or milliseconds?)', '300'],
  ['a unit it does not know', '1d'],
  ['words', '5 minutes'],
  ['a negative duration', '-5m'],
  ['nothing', ''],
  ['a trailing number', '1m30'],
])('refuses %s, quoting it', (_case, text) => {
  expect(() => parseDurationMs(text)).toThrow(UsageError);
  expect(() => parseDurationMs(text)).toThrow(
    `--timeout ${JSON.stringify(text)} is not a duration: write e.g. 5m, 90s, 1h or 1m30s`,
  );
});
