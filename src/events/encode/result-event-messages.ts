/**
 * The result event on the wire: as an HTTP binary-mode CloudEvent (the Knative reply) and as a
 * Pub/Sub message of the CloudEvents Pub/Sub protocol binding (the Cloud Run publish). Both carry
 * the same attributes and the same data bytes.
 */
import type { Message } from '../message';
import { PUBSUB_MESSAGE_LIMITS } from '../pubsub-limits';
import type { ResultEvent } from '../result-event';
import { binaryMessage, type CloudEventAttributes } from './cloudevent-binary';

/** The media type of a result event's data, as the reply's Content-Type and the message's `content-type`. */
const DATA_CONTENT_TYPE = 'application/json';

/** The structured-mode media type, for a Pub/Sub message whose attributes would not fit. */
const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/** The context attributes of a result event (all but `datacontenttype`, which the content type carries). */
function contextAttributes(event: ResultEvent): CloudEventAttributes {
  return {
    specversion: event.specversion,
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
  };
}

/** The data as compact JSON, UTF-8: the body of the reply and the data of the message. */
function dataBytes(event: ResultEvent): Buffer {
  return Buffer.from(JSON.stringify(event.data), 'utf8');
}

/**
 * The result event as the HTTP answer to a Knative delivery (`200`, the reply): binary content
 * mode, each attribute a `ce-*` header (percent-encoded where the binding requires), the data
 * the body, `Content-Type: application/json`.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#31-binary-content-mode
 * @see https://github.com/knative/specs/blob/main/specs/eventing/data-plane.md#derived-reply-events
 */
export function resultReplyMessage(event: ResultEvent): Message {
  return binaryMessage(contextAttributes(event), DATA_CONTENT_TYPE, dataBytes(event));
}

/** A Pub/Sub message to publish: data bytes and attributes (google.pubsub.v1.PubsubMessage). */
export interface OutgoingPubSubMessage {
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The result event as a Pub/Sub message, by the CloudEvents Pub/Sub protocol binding. Binary
 * content mode: each context attribute a `ce-<name>` attribute holding its canonical string
 * (lower-case names; Pub/Sub attributes are UTF-8 strings, so nothing is percent-encoded),
 * `datacontenttype` the `content-type` attribute, the data JSON the message data. Binary mode
 * may be used only when the attributes fit Pub/Sub's limits: a subject over 1024 bytes (an
 * object name may take 1024 bytes of UTF-8 and the subject adds `objects/`) would make every
 * publish fail, so such an event is sent in structured mode instead: the whole event as JSON
 * (`content-type: application/cloudevents+json; charset=utf-8`), which every binding reader takes.
 *
 * @see https://github.com/googleapis/google-cloudevents/blob/main/docs/spec/pubsub.md
 */
export function resultPubSubMessage(event: ResultEvent): OutgoingPubSubMessage {
  const attributes: Record<string, string> = { 'content-type': DATA_CONTENT_TYPE };
  for (const [name, value] of Object.entries(contextAttributes(event))) {
    if (value !== undefined) attributes[`ce-${name}`] = value;
  }
  const fits = Object.values(attributes).every(
    (value) => Buffer.byteLength(value, 'utf8') <= PUBSUB_MESSAGE_LIMITS.attributeValueBytes,
  );
  if (fits) return { data: dataBytes(event), attributes };
  return {
    data: Buffer.from(JSON.stringify(event), 'utf8'),
    attributes: { 'content-type': STRUCTURED_CONTENT_TYPE },
  };
}
