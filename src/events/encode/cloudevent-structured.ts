import type { StorageEvent } from '../canonical-event';
import type { Message } from '../message';

/**
 * The charset parameter is written `utf-8`: charset names compare case-insensitively (RFC 9110
 * §8.3.2), and the cloudevents JavaScript SDK (10.x) looks the whole Content-Type up verbatim and
 * rejects the spec example's `charset=UTF-8` ("invalid content type").
 */
const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';
const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json; charset=utf-8';

/**
 * A canonical storage event in the CloudEvents JSON event format, as Eventarc logs it and as
 * Workflows receives it: the context attributes, the `bucket` extension, `datacontenttype`
 * `application/json` and the object resource as `data` (int64 fields as decimal strings).
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md
 */
export function structuredEventJson(event: StorageEvent): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    ...(event.time === undefined ? {} : { time: event.time }),
    datacontenttype: event.datacontenttype,
    bucket: event.data.bucket,
    data: event.data,
  };
}

/**
 * A CloudEvent in HTTP structured content mode: `Content-Type: application/cloudevents+json;
 * charset=utf-8`, the whole event as one JSON object.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#32-structured-content-mode
 */
export function encodeStructured(event: StorageEvent): Message {
  return {
    headers: { 'content-type': STRUCTURED_CONTENT_TYPE },
    body: Buffer.from(JSON.stringify(structuredEventJson(event)), 'utf8'),
  };
}

/**
 * CloudEvents in HTTP batched content mode: `Content-Type: application/cloudevents-batch+json;
 * charset=utf-8`, a JSON array of events in the JSON event format (it may be empty). No Google
 * producer sends batches; a receiver sees them only when it asked for them.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#33-batched-content-mode
 */
export function encodeBatch(events: readonly StorageEvent[]): Message {
  return {
    headers: { 'content-type': BATCH_CONTENT_TYPE },
    body: Buffer.from(JSON.stringify(events.map(structuredEventJson)), 'utf8'),
  };
}
