import type { StorageEvent } from '../canonical-event';
import { encodeCeHeaderValue } from '../cloudevent-headers';
import type { Message } from '../message';
import { pubSubNamesFor, type EncodeOptions } from './encode-options';
import { STORAGE_TYPE_NAMES } from './storage-type-names';

/** Context attributes and extensions by name; an `undefined` value is not sent. */
export type CloudEventAttributes = Readonly<Record<string, string | undefined>>;

/**
 * A CloudEvent in HTTP binary content mode: each attribute as a `ce-<name>` header, its value
 * percent-encoded as CloudEvents 1.0.2 requires of senders (space, `"`, `%`, and everything
 * outside printable ASCII, as UTF-8), the data as the body, its media type as Content-Type.
 * Every generation is written percent-encoded: a header can carry only ASCII safely (older
 * SDKs sent raw UTF-8 bytes, which Node reads back as Latin-1).
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#3132-http-header-values
 */
export function binaryMessage(
  attributes: CloudEventAttributes,
  contentType: string,
  body: Buffer,
): Message {
  const headers: Record<string, string> = { 'content-type': contentType };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) headers[`ce-${name}`] = encodeCeHeaderValue(value);
  }
  return { headers, body };
}

/**
 * Eventarc and knative-gcp since 2020-06 (#1340): CloudEvent 1.0,
 * `google.cloud.storage.object.v1.*`, source `//storage.googleapis.com/projects/_/buckets/B`,
 * subject `objects/NAME`, the `bucket` extension, the object JSON as the body with
 * `Content-Type: application/json; charset=utf-8`.
 *
 * @see https://cloud.google.com/eventarc/docs/cloudevents
 */
export function encodeEventarcBinary(event: StorageEvent): Message {
  return binaryMessage(
    {
      specversion: '1.0',
      id: event.id,
      source: event.source,
      type: event.type,
      subject: event.subject,
      time: event.time,
      bucket: event.data.bucket,
    },
    'application/json; charset=utf-8',
    objectBody(event),
  );
}

/** The JSON schema URL knative-gcp's storage source set in 2019 and until 2020-06. */
const KNATIVE_GCP_STORAGE_SCHEMA =
  'https://raw.githubusercontent.com/google/knative-gcp/master/schemas/storage/schema.json';

/**
 * knative-gcp CloudStorageSource 2020-03 (#674) to 2020-06: CloudEvent 1.0,
 * `com.google.cloud.storage.object.*`, source `//storage.googleapis.com/buckets/B`, subject the
 * raw object name, `dataschema` the knative-gcp schema, and the notification attributes it did not
 * consume as lower-cased extensions (`notificationconfig`, `objectgeneration`, `payloadformat`).
 */
export function encodeKnativeGcp2020Binary(event: StorageEvent, options?: EncodeOptions): Message {
  return binaryMessage(
    {
      specversion: '1.0',
      id: event.id,
      source: `//storage.googleapis.com/buckets/${event.data.bucket}`,
      type: STORAGE_TYPE_NAMES[event.type].knativeGcp2020,
      subject: event.data.name,
      time: event.time,
      dataschema: KNATIVE_GCP_STORAGE_SCHEMA,
      ...leftoverAttributes(event, options),
    },
    'application/json',
    objectBody(event),
  );
}

/**
 * knative-gcp Storage source 2019-08: CloudEvent 0.3, `google.storage.object.*`, the same 2019
 * source and subject, `schemaurl` (0.3's name for `dataschema`) and the same extensions.
 */
export function encodeV03Binary(event: StorageEvent, options?: EncodeOptions): Message {
  return binaryMessage(
    {
      specversion: '0.3',
      id: event.id,
      source: `//storage.googleapis.com/buckets/${event.data.bucket}`,
      type: STORAGE_TYPE_NAMES[event.type].legacy,
      subject: event.data.name,
      time: event.time,
      schemaurl: KNATIVE_GCP_STORAGE_SCHEMA,
      ...leftoverAttributes(event, options),
    },
    'application/json',
    objectBody(event),
  );
}

/** The notification attributes knative-gcp kept as extensions (it consumed the other four). */
function leftoverAttributes(event: StorageEvent, options: EncodeOptions | undefined) {
  return {
    notificationconfig: pubSubNamesFor(event, options).notificationConfig,
    objectgeneration: event.data.generation,
    payloadformat: 'JSON_API_V1',
  };
}

/** The object resource as compact JSON, UTF-8. */
function objectBody(event: StorageEvent): Buffer {
  return Buffer.from(JSON.stringify(event.data), 'utf8');
}
