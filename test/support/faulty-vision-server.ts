/**
 * The local Vision stand-in with faults: every transient failure Cloud Vision's REST endpoint (or
 * the network in front of it) gives, injected per request by share or by schedule, on top of each
 * object's own answer.
 *
 * How the real client sees them (google-gax's REST transport, `fallbackServiceStub.js` and
 * `googleError.js`): an HTTP error with Google's JSON error body takes its gRPC code from the body's
 * `status` name (else from the HTTP status through `rpcCodeFromHttpStatusCode`: 403 → 7, 429 → 8,
 * 503 → 14, 504 → 4, other 5xx → 13); a body that is not Google's JSON (a proxy's error page) is
 * mapped by its HTTP status; a deadline that passes gives DEADLINE_EXCEEDED (4); a connection that
 * fails before an answer gives UNAVAILABLE (14). A per-image `error` comes inside a 200.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/images/annotate
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 */
import {
  startFakeVisionServer,
  type FakeVisionBehaviour,
  type FakeVisionRequest,
  type FakeVisionServer,
} from './fake-vision-server';
import { pick, type Random } from './seeded-random';

/** The transient faults, by name. */
export const VISION_FAULTS = [
  'unavailable',
  'deadline-exceeded',
  'resource-exhausted',
  'permission-denied',
  'proxy-error-page',
  'image-unavailable',
  'image-resource-exhausted',
  'slow',
  'dropped-connection',
  'cut-response',
] as const;
export type VisionFault = (typeof VISION_FAULTS)[number];

/** What Vision (or the network) does for each fault; `slowMs` is how long a `slow` answer takes. */
const FAULT_BEHAVIOURS: Readonly<Record<VisionFault, (slowMs: number) => FakeVisionBehaviour>> = {
  unavailable: () => httpError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
  'deadline-exceeded': () => httpError(504, 'DEADLINE_EXCEEDED', 'Deadline expired.'),
  'resource-exhausted': () =>
    httpError(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Requests'."),
  'permission-denied': () =>
    httpError(403, 'PERMISSION_DENIED', 'Cloud Vision API has not been used in project 1.'),
  'proxy-error-page': () => ({
    kind: 'raw',
    httpStatus: 502,
    contentType: 'text/html; charset=UTF-8',
    body: '<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title></html>',
  }),
  'image-unavailable': () => ({ kind: 'image-error', code: 14, message: 'Service unavailable.' }),
  'image-resource-exhausted': () => ({ kind: 'image-error', code: 8, message: 'Quota exceeded.' }),
  slow: (slowMs) => ({ kind: 'delay', delayMs: slowMs, then: { kind: 'labels', labels: [] } }),
  'dropped-connection': () => ({ kind: 'drop' }),
  'cut-response': () => ({ kind: 'cut-response' }),
};

/**
 * What the worker makes of each fault (docs/delivery-contract.md): the HTTP status (quota → 429,
 * everything else → 503, never a record) and how its problem detail names the gRPC code the client
 * reported.
 */
export const FAULT_ANSWERS: Readonly<
  Record<VisionFault, { readonly status: 429 | 503; readonly reported: string }>
> = {
  unavailable: { status: 503, reported: 'UNAVAILABLE (14)' },
  'deadline-exceeded': { status: 503, reported: 'DEADLINE_EXCEEDED (4)' },
  'resource-exhausted': { status: 429, reported: 'RESOURCE_EXHAUSTED (8)' },
  'permission-denied': { status: 503, reported: 'PERMISSION_DENIED (7)' },
  // A 5xx other than 501, 503 and 504 is INTERNAL to gax's rpcCodeFromHttpStatusCode.
  'proxy-error-page': { status: 503, reported: 'INTERNAL (13)' },
  'image-unavailable': { status: 503, reported: 'UNAVAILABLE (14)' },
  'image-resource-exhausted': { status: 429, reported: 'RESOURCE_EXHAUSTED (8)' },
  slow: { status: 503, reported: 'DEADLINE_EXCEEDED (4)' },
  'dropped-connection': { status: 503, reported: 'UNAVAILABLE (14)' },
  // The body stream breaks after the headers: the client throws a TypeError with no code.
  'cut-response': { status: 503, reported: 'an error with no status code' },
};

/** One `images:annotate` request as a fault plan sees it. */
export interface VisionCall {
  readonly request: FakeVisionRequest;
  /** How many earlier requests asked about the same image (0 for the first). */
  readonly attempt: number;
}

/** Decides the fault for one request; `undefined`: no fault, the object's own answer. */
export type FaultPlan = (call: VisionCall) => VisionFault | undefined;

/** A fault on `share` of the requests (0 to 1), drawn uniformly from `faults`. */
export function faultsByShare(
  share: number,
  faults: readonly VisionFault[],
  random: Random,
): FaultPlan {
  return () => (random() < share ? pick(random, faults) : undefined);
}

/** The n-th request about an image gets `schedule[n]`; later ones get no fault. */
export function faultsBySchedule(schedule: readonly (VisionFault | undefined)[]): FaultPlan {
  return ({ attempt }) => schedule[attempt];
}

/** Options of {@link startFaultyVisionServer}. */
export interface FaultyVisionOptions {
  readonly plan: FaultPlan;
  /** The answer without a fault: the object's own (labels, or a per-image NOT_FOUND...). */
  readonly answer: (request: FakeVisionRequest) => FakeVisionBehaviour;
  /** How long a `slow` answer takes, in milliseconds: more than the worker's VISION_TIMEOUT_MS. */
  readonly slowMs: number;
}

/** A running faulty server: the fake, and how many of each fault it injected. */
export interface FaultyVisionServer extends FakeVisionServer {
  readonly injected: Readonly<Record<VisionFault, number>>;
}

/** Starts a Vision stand-in on 127.0.0.1 that injects the planned faults. */
export async function startFaultyVisionServer(
  options: FaultyVisionOptions,
): Promise<FaultyVisionServer> {
  const injected = Object.fromEntries(VISION_FAULTS.map((fault) => [fault, 0])) as Record<
    VisionFault,
    number
  >;
  const attempts = new Map<string, number>();
  const server = await startFakeVisionServer((request) => {
    const key = request.imageUri ?? '';
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const fault = options.plan({ request, attempt });
    if (fault === undefined) return options.answer(request);
    injected[fault]++;
    return FAULT_BEHAVIOURS[fault](options.slowMs);
  });
  return Object.assign(server, { injected });
}

function httpError(httpStatus: number, status: string, message: string): FakeVisionBehaviour {
  return { kind: 'http-error', httpStatus, status, message };
}
