/**
 * A received CloudEvent before routing: its context attributes and its data, read from binary or
 * structured mode (CloudEvents HTTP binding v1.0.2 §3.1, §3.2; JSON format §3).
 */

/**
 * The data of a received CloudEvent: parsed JSON, raw bytes, or nothing. JSON parsed from a
 * binary-mode body keeps the body's `bytes`, so raw Pub/Sub message data that happens to be JSON
 * is passed on exactly as published, never re-serialized.
 */
export type CloudEventData =
  | { readonly kind: 'json'; readonly value: unknown; readonly bytes?: Buffer }
  | { readonly kind: 'bytes'; readonly value: Buffer }
  | { readonly kind: 'none' };

/** A received CloudEvent (any of spec versions 0.2, 0.3, 1.0). */
export interface CloudEventParts {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string | undefined;
  readonly time: string | undefined;
  /** Extension attributes by lower-case name (`bucketid`, `traceparent`, ...). */
  readonly extensions: Readonly<Record<string, string>>;
  readonly data: CloudEventData;
  /** Binary mode (attributes in `ce-*` headers) or structured (members of a JSON object). */
  readonly mode: 'binary' | 'structured';
  /** Where the event sits in the delivery, for error messages (`/0` in a batch, or '' ). */
  readonly pointer: string;
}

/**
 * Where a context attribute is read from, for error messages: `header ce-bucketid` in binary mode,
 * `/bucketid` (`/0/bucketid` in a batch) in a structured event.
 *
 * @param name - the attribute name, lower case
 */
export function attributePointer(parts: CloudEventParts, name: string): string {
  return parts.mode === 'binary' ? `header ce-${name}` : `${parts.pointer}/${name}`;
}

/** The spec versions accepted: 1.0, 0.3, and 0.2 (knative eventing-contrib, 2018-2019). */
export const SPEC_VERSIONS = ['1.0', '0.3', '0.2'] as const;

/** Context attributes that are not extensions, across spec versions 0.2 to 1.0. */
export const CORE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'contenttype',
  'dataschema',
  'schemaurl',
  'datacontentencoding',
  'data',
  'data_base64',
]);
