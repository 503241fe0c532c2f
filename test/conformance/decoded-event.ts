/** Reading the decoder's answer in the conformance suites. */
import type { CanonicalEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import type { Message } from '../../src/events/message';
import { isObject } from './json-access';

/** Decodes a delivery that must hold exactly one event, and returns that canonical event. */
export function decodeOne(message: Message): CanonicalEvent {
  const { events } = decodeDelivery(message);
  expect(events).toHaveLength(1);
  return events[0]!.event;
}

/** The identity and int64 fields of a canonical storage event's object resource. */
export function objectFactsIn(data: unknown): Record<string, unknown> {
  const object = isObject(data) ? data : {};
  return Object.fromEntries(
    ['bucket', 'name', 'generation', 'metageneration', 'size']
      .filter((field) => object[field] !== undefined)
      .map((field) => [field, object[field]]),
  );
}

/** The message of a canonical messagePublished event: id, base64 data, attributes (`{}` if none). */
export function publishedMessageIn(data: unknown): Record<string, unknown> {
  const message = isObject(data) && isObject(data.message) ? data.message : {};
  return { messageId: message.messageId, data: message.data, attributes: message.attributes ?? {} };
}
