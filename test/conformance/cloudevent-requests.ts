/**
 * Sender-side builders for the conformance suite: turn a CloudEvent (as a fixture states it), a
 * Pub/Sub push body or a legacy Cloud Functions event into the HTTP {@link Message} a producer
 * would send. Written from the specs, independently of the decoder under test.
 */
import { toMessage, type Message } from '../../src/events/message';

/** The data of an event as it must travel. */
export type FixtureData =
  /** JSON; `text` is the exact JSON text to send when the fixture gives it (byte-for-byte files). */
  | { readonly kind: 'json'; readonly value: unknown; readonly text?: string }
  /** A string of a non-JSON media type (text/plain, application/xml). */
  | { readonly kind: 'text'; readonly text: string }
  /** Raw bytes (application/octet-stream). */
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'none' };

/**
 * A CloudEvent as a fixture states it: every context attribute and extension by its lower-case name
 * (`specversion`, `id`, `source`, `type`, `datacontenttype` or, in 0.2, `contenttype`, ...), and
 * its data.
 */
export interface CloudEventFixture {
  readonly attributes: Readonly<Record<string, string>>;
  readonly data: FixtureData;
}

/** The two content modes of the CloudEvents HTTP binding. */
export type ContentMode = 'binary' | 'structured';

/** Headers that carry no CloudEvent attribute (transport extensions such as `user-agent`). */
export type PlainHeaders = Readonly<Record<string, string>>;

const CONTENT_TYPE_ATTRIBUTES: ReadonlySet<string> = new Set(['datacontenttype', 'contenttype']);

/**
 * Percent-encodes a `ce-*` header value as a CloudEvents 1.0.2 sender must (HTTP binding
 * §3.1.3.2): space, `"`, `%` and every character outside printable US-ASCII, as UTF-8.
 */
export function encodeCeHeaderValue(value: string): string {
  return value.replace(/[^\x21\x23\x24\x26-\x7e]/gu, (character) => encodeURIComponent(character));
}

/**
 * Binary content mode (HTTP binding §3.1): each attribute a `ce-<name>` header, the data content
 * type as `Content-Type`, the data as the body.
 */
export function binaryRequest(event: CloudEventFixture, plainHeaders: PlainHeaders = {}): Message {
  const headers: Record<string, string> = { ...plainHeaders };
  for (const [name, value] of Object.entries(event.attributes)) {
    if (CONTENT_TYPE_ATTRIBUTES.has(name)) headers['content-type'] = value;
    else headers[`ce-${name}`] = encodeCeHeaderValue(value);
  }
  return toMessage(headers, binaryBody(event.data));
}

function binaryBody(data: FixtureData): Buffer {
  switch (data.kind) {
    case 'json':
      return Buffer.from(data.text ?? JSON.stringify(data.value), 'utf8');
    case 'text':
      return Buffer.from(data.text, 'utf8');
    case 'bytes':
      return data.bytes;
    case 'none':
      return Buffer.alloc(0);
  }
}

/**
 * Structured content mode (HTTP binding §3.2, JSON format §3): the whole event as one JSON object,
 * binary data in `data_base64` (1.0) or as base64 `data` with `datacontentencoding` (0.3).
 */
export function structuredRequest(
  event: CloudEventFixture,
  plainHeaders: PlainHeaders = {},
): Message {
  const body = { ...event.attributes, ...structuredData(event) };
  return toMessage(
    { ...plainHeaders, 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    JSON.stringify(body),
  );
}

function structuredData(event: CloudEventFixture): Record<string, unknown> {
  const { data } = event;
  switch (data.kind) {
    case 'json':
      return { data: data.value };
    case 'text':
      return { data: data.text };
    case 'bytes':
      return event.attributes.specversion === '1.0'
        ? { data_base64: data.bytes.toString('base64') }
        : { data: data.bytes.toString('base64'), datacontentencoding: 'base64' };
    case 'none':
      return {};
  }
}

/** The request of one content mode. */
export function cloudEventRequest(
  mode: ContentMode,
  event: CloudEventFixture,
  plainHeaders: PlainHeaders = {},
): Message {
  return mode === 'binary'
    ? binaryRequest(event, plainHeaders)
    : structuredRequest(event, plainHeaders);
}

/** A JSON POST (a wrapped Pub/Sub push body, a legacy Cloud Functions event). */
export function jsonRequest(body: unknown): Message {
  return toMessage({ 'Content-Type': 'application/json' }, JSON.stringify(body));
}
