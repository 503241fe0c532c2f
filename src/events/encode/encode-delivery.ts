import type { StorageEvent } from '../canonical-event';
import type { Message } from '../message';
import {
  encodeEventarcBinary,
  encodeKnativeGcp2020Binary,
  encodeV03Binary,
} from './cloudevent-binary';
import { encodeBatch, encodeStructured } from './cloudevent-structured';
import type { EncodeOptions } from './encode-options';
import type { EncodingId } from './encodings';
import { encodeGcfLegacy, encodeGcfLegacyFlat } from './gcf-legacy';
import { encodeMessagePublished } from './message-published';
import { encodePubSubPush, encodePubSubPushUnwrapped } from './pubsub-push';

type Encoder = (event: StorageEvent, options: EncodeOptions | undefined) => Message;

/** One writer per encoding; the table is checked complete against {@link EncodingId}. */
const ENCODERS: Readonly<Record<EncodingId, Encoder>> = Object.freeze({
  'pubsub-push': (event, options) => encodePubSubPush(event, 'JSON_API_V1', options),
  'pubsub-push-payload-none': (event, options) => encodePubSubPush(event, 'NONE', options),
  'pubsub-push-unwrapped': encodePubSubPushUnwrapped,
  'cloudevent-binary': encodeEventarcBinary,
  'cloudevent-binary-knative-gcp-2020': encodeKnativeGcp2020Binary,
  'cloudevent-binary-v03-2019': encodeV03Binary,
  'cloudevent-message-published': encodeMessagePublished,
  'cloudevent-structured': encodeStructured,
  'cloudevent-batch': (event) => encodeBatch([event]),
  'gcf-legacy': encodeGcfLegacy,
  'gcf-legacy-flat': encodeGcfLegacyFlat,
});

/**
 * Writes a canonical storage event as the HTTP request one producer sends for it: the inverse of
 * `decodeDelivery`. Pure: no clock, no randomness; the same arguments give the same bytes.
 * `decodeDelivery(encodeDelivery(event, id))` gives back `event`, except where the encoding's
 * `reduction` in {@link ENCODINGS} says what it cannot carry. The ids and publish time of the
 * Pub/Sub-based encodings come from `options` (defaults: the event's id and time).
 *
 * @param event - a canonical storage event, its `source` and `subject` matching `data.bucket` and
 *   `data.name` (as `decodeDelivery` produces it)
 * @param encoding - which producer and generation, from {@link ENCODINGS}
 * @param options - Pub/Sub names and ids
 * @returns lower-case header names and the body bytes
 * @throws RangeError for an encoding id that is not in {@link ENCODINGS}
 */
export function encodeDelivery(
  event: StorageEvent,
  encoding: EncodingId,
  options?: EncodeOptions,
): Message {
  if (!Object.hasOwn(ENCODERS, encoding)) {
    throw new RangeError(`unknown encoding ${JSON.stringify(encoding)}`);
  }
  return ENCODERS[encoding](event, options);
}

/**
 * Several canonical storage events in one CloudEvents batch (`cloudevent-batch` with more than one
 * element; an empty list gives an empty batch).
 */
export function encodeCloudEventBatch(events: readonly StorageEvent[]): Message {
  return encodeBatch(events);
}
