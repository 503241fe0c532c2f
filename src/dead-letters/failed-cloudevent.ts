import { decodeCeHeaderValue, readRawUtf8HeaderValue } from '../events/cloudevent-headers';
import { isJsonObject } from '../events/json';
import { mediaTypeOf } from '../events/media-type';
import { headerValue, headerValues, type Message } from '../events/message';

/**
 * A request as it reached the dead-letter sink, read without refusing anything: the receiver keeps
 * whatever it is given, so nothing here throws.
 */
export interface FailedCloudEvent {
  /**
   * `binary`: `ce-*` headers; `structured`: an `application/cloudevents+json` body holding a JSON
   * object; `unknown`: neither (the receiver still keeps it, as raw bytes).
   */
  readonly mode: 'binary' | 'structured' | 'unknown';
  /**
   * Context attributes and extensions by lower-case name, as text: a binary-mode value
   * percent-decoded when its escapes are UTF-8 (else as sent), a structured-mode number or boolean
   * as its JSON text. `data` and `data_base64` are not attributes.
   */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The error Knative adds to an event it sends to a dead-letter sink, as the extensions
 * `knativeerrorcode`, `knativeerrordest` and `knativeerrordata`.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/
 * @see https://github.com/knative/eventing/blob/main/pkg/channel/attributes/knative_error.go
 */
export interface KnativeError {
  /** `knativeerrorcode`: the destination's last HTTP status (500 when it could not be reached). */
  readonly code: string | undefined;
  /** `knativeerrordest`: the URL of the destination that failed (the Trigger's subscriber). */
  readonly destination: string | undefined;
  /**
   * `knativeerrordata`: the destination's answer body as text. Knative sends it base64-encoded
   * (control characters removed, the encoding cut to 1,024 characters); it is decoded here, a
   * character cut in half dropped. A value that is no base64 is kept as sent.
   */
  readonly data: string | undefined;
}

/** The Knative error extensions, by the field of {@link KnativeError} they fill. */
export const KNATIVE_ERROR_EXTENSIONS = {
  code: 'knativeerrorcode',
  destination: 'knativeerrordest',
  data: 'knativeerrordata',
} as const;

const CE_PREFIX = 'ce-';
/** Members of a structured event that are not attributes. */
const DATA_MEMBERS: ReadonlySet<string> = new Set(['data', 'data_base64']);

/** Reads the CloudEvent's attributes from its headers or its structured body (never throws). */
export function readFailedCloudEvent(message: Message): FailedCloudEvent {
  const binary = binaryAttributes(message);
  if (binary !== undefined) return { mode: 'binary', attributes: binary };
  const structured = structuredAttributes(message);
  if (structured !== undefined) return { mode: 'structured', attributes: structured };
  return { mode: 'unknown', attributes: {} };
}

/** The Knative error extensions of an event (each `undefined` when absent). */
export function knativeErrorOf(event: FailedCloudEvent): KnativeError {
  const data = event.attributes[KNATIVE_ERROR_EXTENSIONS.data];
  return {
    code: event.attributes[KNATIVE_ERROR_EXTENSIONS.code],
    destination: event.attributes[KNATIVE_ERROR_EXTENSIONS.destination],
    data: data === undefined ? undefined : errorDataText(data),
  };
}

/** Every `ce-*` header, `undefined` when there is none (not binary mode). */
function binaryAttributes(message: Message): Record<string, string> | undefined {
  const attributes: Record<string, string> = {};
  let found = false;
  for (const name of Object.keys(message.headers)) {
    if (!name.startsWith(CE_PREFIX)) continue;
    const values = headerValues(message, name);
    if (values.length === 0) continue;
    found = true;
    const raw = values.map(readRawUtf8HeaderValue).join(', ');
    attributes[name.slice(CE_PREFIX.length)] = decodedOrRaw(raw, name);
  }
  return found ? attributes : undefined;
}

function decodedOrRaw(raw: string, header: string): string {
  try {
    return decodeCeHeaderValue(raw, header);
  } catch {
    return raw;
  }
}

/** The scalar members of a structured event, `undefined` when the body is no such event. */
function structuredAttributes(message: Message): Record<string, string> | undefined {
  const mediaType = mediaTypeOf(headerValue(message, 'content-type'));
  if (!mediaType.startsWith('application/cloudevents+')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message.body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  const attributes: Record<string, string> = {};
  for (const [name, member] of Object.entries(value)) {
    if (DATA_MEMBERS.has(name)) continue;
    if (typeof member === 'string') attributes[name.toLowerCase()] = member;
    else if (typeof member === 'number' || typeof member === 'boolean') {
      attributes[name.toLowerCase()] = String(member);
    }
  }
  return attributes;
}

/** Canonical padded base64 (what Go's `base64.StdEncoding` writes). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `knativeerrordata` as text: base64 decoded as UTF-8, a trailing half character dropped. */
function errorDataText(value: string): string {
  if (!BASE64.test(value)) return value;
  return Buffer.from(value, 'base64')
    .toString('utf8')
    .replace(/\ufffd+$/u, '');
}
