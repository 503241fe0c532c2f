/**
 * fast-check arbitraries that break real deliveries the ways transports, proxies and buggy
 * producers do: a header dropped or repeated, a header name in another case, a header value
 * replaced, the body cut short, base64 corrupted, a JSON value of another type, a huge string,
 * random bytes. Seeded from real requests (the repository's fixtures for `npm test`, the public
 * ones in the fixtures checkout beside the repository for the conformance suite).
 * `mutation-reports.ts` checks them.
 */
import fc from 'fast-check';
import type { Message } from '../../src/events/message';

/** A request as it goes on the wire: header names in any case, the body bytes. */
export interface WireRequest {
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

/** One step that changes a request, with a name for counterexamples. */
export interface Mutation {
  readonly name: string;
  readonly apply: (request: WireRequest) => WireRequest;
  toString(): string;
}

/** A {@link Message} as a {@link WireRequest} (absent headers left out). */
export function wireRequestOf(message: Message): WireRequest {
  const headers: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = value;
  }
  return { headers, body: message.body };
}

/** Characters a header value may carry over HTTP/1.1 (Node refuses the others, RFC 9110 §5.5). */
const HEADER_VALUE_CHAR = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
  .map((code) => String.fromCharCode(code));
const headerValue = fc.string({ unit: HEADER_VALUE_CHAR, maxLength: 40 });

/** JSON values to put where another type was. */
const otherJson = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, 2 ** 53 + 2, '', [], {}, 'x', [[]], {
    a: {},
  }),
  fc.jsonValue({ maxDepth: 2 }),
);

const mutation = (name: string, apply: Mutation['apply']): Mutation => ({
  name,
  apply,
  toString: () => name,
});

const dropHeader = fc
  .nat()
  .map((n) =>
    mutation(`drop header #${n}`, (request) =>
      withHeaders(request, (entries) => entries.filter((_, index) => index !== n % entries.length)),
    ),
  );

const headerNameCase = fc
  .tuple(fc.nat(), fc.array(fc.boolean(), { minLength: 1 }))
  .map(([n, flips]) =>
    mutation(`header #${n} name case ${flips.map(Number).join('')}`, (request) =>
      withHeaders(request, (entries) =>
        entries.map(([name, value], index) =>
          index === n % entries.length ? [recase(name, flips), value] : [name, value],
        ),
      ),
    ),
  );

const replaceHeaderValue = fc
  .tuple(fc.nat(), headerValue)
  .map(([n, value]) =>
    mutation(`header #${n} = ${JSON.stringify(value)}`, (request) =>
      withHeaders(request, (entries) =>
        entries.map(([name, old], index) => [name, index === n % entries.length ? value : old]),
      ),
    ),
  );

const repeatHeader = fc
  .tuple(fc.nat(), headerValue)
  .map(([n, value]) =>
    mutation(`header #${n} repeated with ${JSON.stringify(value)}`, (request) =>
      withHeaders(request, (entries) =>
        entries.map(([name, old], index) => [
          name,
          index === n % entries.length ? [...(typeof old === 'string' ? [old] : old), value] : old,
        ]),
      ),
    ),
  );

const truncateBody = fc.double({ min: 0, max: 1, noNaN: true }).map((share) =>
  mutation(`body cut at ${share.toFixed(3)}`, (request) => ({
    ...request,
    body: request.body.subarray(0, Math.floor(request.body.length * share)),
  })),
);

const randomBytes = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ maxLength: 64 }), fc.boolean())
  .map(([share, bytes, replaceAll]) =>
    mutation(`random bytes ${replaceAll ? 'as the body' : `at ${share.toFixed(3)}`}`, (request) => {
      if (replaceAll) return { ...request, body: Buffer.from(bytes) };
      const at = Math.floor(request.body.length * share);
      const body = Buffer.concat([request.body.subarray(0, at), bytes, request.body.subarray(at)]);
      return { ...request, body };
    }),
  );

const corruptBase64 = fc
  .tuple(
    fc.nat(),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom('!', '*', '=', '==', '-', '_', ' ', '\n', '%', '.', 'é', '\u0000', ''),
  )
  .map(([n, share, insert]) =>
    mutation(`base64 #${n} at ${share.toFixed(3)} with ${JSON.stringify(insert)}`, (request) =>
      withJsonBody(request, (json) => {
        const targets = jsonPaths(json).filter(
          (path) =>
            /^data(_base64)?$/.test(String(path.at(-1))) && typeof get(json, path) === 'string',
        );
        const target = targets[n % Math.max(1, targets.length)];
        if (target === undefined) return json;
        const text = get(json, target) as string;
        const at = Math.floor(text.length * share);
        return set(json, target, text.slice(0, at) + insert + text.slice(at + 1));
      }),
    ),
  );

const swapJsonType = fc.tuple(fc.nat(), otherJson).map(([n, value]) =>
  mutation(`JSON value #${n} = ${JSON.stringify(value)}`, (request) =>
    withJsonBody(request, (json) => {
      const paths = jsonPaths(json);
      const target = paths[n % paths.length];
      return target === undefined ? json : set(json, target, value);
    }),
  ),
);

const hugeString = fc
  .tuple(fc.nat(), fc.integer({ min: 10_000, max: 100_000 }), fc.constantFrom('a', 'é', '😀', '%'))
  .map(([n, length, unit]) =>
    mutation(`string #${n} = ${length} × ${JSON.stringify(unit)}`, (request) =>
      withJsonBody(request, (json) => {
        const strings = jsonPaths(json).filter((path) => typeof get(json, path) === 'string');
        const target = strings[n % Math.max(1, strings.length)];
        return target === undefined ? json : set(json, target, unit.repeat(length));
      }),
    ),
  );

const hugeHeader = fc
  .tuple(fc.nat(), fc.integer({ min: 1_000, max: 8_000 }))
  .map(([n, length]) =>
    mutation(`header #${n} = ${length} × "a"`, (request) =>
      withHeaders(request, (entries) =>
        entries.map(([name, old], index) => [
          name,
          index === n % entries.length ? 'a'.repeat(length) : old,
        ]),
      ),
    ),
  );

/** Any one mutation. */
export const anyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  dropHeader,
  headerNameCase,
  replaceHeaderValue,
  repeatHeader,
  truncateBody,
  randomBytes,
  corruptBase64,
  swapJsonType,
  hugeString,
  hugeHeader,
);

/** A seed request with one to three mutations applied, in order. */
export function mutatedRequest(seeds: readonly WireRequest[]): fc.Arbitrary<{
  readonly seed: number;
  readonly mutations: readonly Mutation[];
  readonly request: WireRequest;
}> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(anyMutation, { minLength: 1, maxLength: 3 }))
    .map(([seed, mutations]) => ({
      seed,
      mutations,
      request: mutations.reduce((request, step) => step.apply(request), seeds[seed]!),
    }));
}

/** A header name (ASCII) with each letter upper-cased where `flips` says, lower-cased elsewhere. */
function recase(name: string, flips: readonly boolean[]): string {
  return name.replace(/[a-z]/gi, (char, at: number) =>
    flips[at % flips.length] ? char.toUpperCase() : char.toLowerCase(),
  );
}

type HeaderEntry = [string, string | readonly string[]];

function withHeaders(request: WireRequest, change: (entries: HeaderEntry[]) => HeaderEntry[]) {
  const entries = Object.entries(request.headers);
  if (entries.length === 0) return request;
  return { ...request, headers: Object.fromEntries(change(entries)) };
}

function withJsonBody(request: WireRequest, change: (json: unknown) => unknown): WireRequest {
  let json: unknown;
  try {
    json = JSON.parse(request.body.toString('utf8'));
  } catch {
    return request;
  }
  return { ...request, body: Buffer.from(JSON.stringify(change(json)), 'utf8') };
}

type JsonPath = readonly (string | number)[];

/** The path of every value inside `json` (the root included), depth first. */
function jsonPaths(json: unknown, prefix: JsonPath = []): JsonPath[] {
  const children =
    typeof json === 'object' && json !== null
      ? Object.entries(json).flatMap(([key, value]) =>
          jsonPaths(value, [...prefix, Array.isArray(json) ? Number(key) : key]),
        )
      : [];
  return [prefix, ...children];
}

function get(json: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    json,
  );
}

/** A copy of `json` with the value at `path` replaced (the root when `path` is empty). */
function set(json: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(json) as Record<string | number, unknown>;
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
  return copy;
}
