import { DecodeError } from '../../errors';
import type { DecodedEvent, DeliveryFormat } from '../canonical-event';
import { cloudEventBinary } from './cloudevent-binary';
import { cloudEventBatch, cloudEventStructured } from './cloudevent-structured';
import { DeliveryContext, type FormatDecoder } from './delivery-context';
import { gcfLegacy } from './gcf-legacy';
import { pubSubPush } from './pubsub-push';
import { pubSubPushUnwrapped } from './pubsub-push-unwrapped';
import { looksLikeJson } from '../json';
import { isJsonMediaType } from '../media-type';
import type { Message } from '../message';

/**
 * The format detection table, most specific first: the Content-Type decides the
 * CloudEvents batch and structured modes, a `ce-specversion` header binary mode, `x-goog-pubsub-*`
 * headers a push without wrapper, and the JSON body's shape the wrapped push and legacy events.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md §3 (content modes)
 * @see https://cloud.google.com/pubsub/docs/payload-unwrapping (push without wrapper)
 */
export const FORMAT_DECODERS: readonly FormatDecoder[] = Object.freeze([
  cloudEventBatch,
  cloudEventStructured,
  cloudEventBinary,
  pubSubPushUnwrapped,
  pubSubPush,
  gcfLegacy,
]);

/** A decoded delivery: its format and its events (one, or one per batch element; may be none). */
export interface DecodedDelivery {
  readonly format: DeliveryFormat;
  readonly events: readonly DecodedEvent[];
}

/**
 * Decodes one HTTP delivery into canonical events. Pure: no I/O, no clock.
 *
 * @param message - lower-case header names and the raw body bytes
 * @throws DecodeError `unrecognized-format` when no format matches, `malformed-body` when the body
 *   cannot be parsed, `invalid-event` when a required attribute is missing or wrong
 */
export function decodeDelivery(message: Message): DecodedDelivery {
  const context = new DeliveryContext(message);
  const decoder = FORMAT_DECODERS.find((candidate) => candidate.matches(context));
  if (decoder !== undefined) return { format: decoder.format, events: decoder.decode(context) };
  if (
    isJsonMediaType(context.mediaType) ||
    message.body.length === 0 ||
    looksLikeJson(message.body)
  ) {
    context.jsonBody();
  }
  throw new DecodeError(
    'unrecognized-format',
    'the request is no known delivery format: expected a Pub/Sub push body ({"message": ...}), ' +
      'a CloudEvent (ce-* headers, application/cloudevents+json or application/cloudevents-batch+json), ' +
      'a Pub/Sub push without wrapper (x-goog-pubsub-* headers) or a Cloud Functions event ({"context", "data"})',
    '/',
  );
}
