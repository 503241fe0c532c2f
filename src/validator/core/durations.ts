/**
 * The duration syntaxes manifests use: ISO 8601 (Knative delivery `backoffDelay`, `timeout`), Go
 * `time.ParseDuration` (Knative autoscaling windows) and protobuf JSON (`"10s"`, Pub/Sub retry
 * policy). Each parser returns milliseconds, or `undefined` when the text is not of its syntax.
 */

const ISO_8601 =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const DAY_MS = 86_400_000;
/** Milliseconds per ISO 8601 designator, in the regex's group order (a year 365 d, a month 30 d). */
const ISO_UNITS_MS = [365 * DAY_MS, 30 * DAY_MS, 7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1000];

/**
 * An ISO 8601 duration (`PT1S`, `PT0.2S`, `P1DT2H`) in milliseconds.
 *
 * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis/duck/v1/delivery_types.go
 */
export function parseIsoDurationMs(text: string): number | undefined {
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  return ISO_UNITS_MS.reduce((sum, unitMs, i) => sum + Number(match[i + 1] ?? 0) * unitMs, 0);
}

const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
const GO_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration (`60s`, `1m30s`, `0`) in milliseconds. */
export function parseGoDurationMs(text: string): number | undefined {
  const body = text.replace(/^[+-]/, '');
  if (body === '0') return 0;
  if (body === '') return undefined;
  GO_PART.lastIndex = 0;
  let total = 0;
  while (GO_PART.lastIndex < body.length) {
    const match = GO_PART.exec(body);
    if (match === null) return undefined;
    total += Number(match[1]) * (GO_UNITS_MS[match[2] ?? ''] ?? Number.NaN);
  }
  return text.startsWith('-') ? -total : total;
}

/** A protobuf JSON duration (`"10s"`, `"0.5s"`, `"600s"`) in milliseconds. */
export function parseProtoDurationMs(text: string): number | undefined {
  const match = /^(-?\d+(?:\.\d{1,9})?)s$/.exec(text);
  return match === null ? undefined : Number(match[1]) * 1000;
}
