import type { DeliveryFormat } from '../events/canonical-event';
import { headerValue, type Message } from '../events/message';
import type { DeliveryTraits } from './api-types';
import { base64Values, jsonBodyOf, valueAt } from './body-text';

/** Where a value sits in a delivery: a header (lower-case name) or a JSON pointer into the body. */
type Place = { readonly header: string } | { readonly pointer: string };

/**
 * Where each format carries the event type, outermost first: binary mode's `ce-type`, a push
 * without wrapper's `eventtype` attribute header, the structured and batch `type`, the legacy
 * `context.eventType` and flat `eventType`, and the notification's `eventType` attribute of a push
 * body or of the message a messagePublished event carries.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md
 * @see https://cloud.google.com/storage/docs/pubsub-notifications#attributes
 */
const TYPE_PLACES: readonly Place[] = Object.freeze([
  { header: 'ce-type' },
  { header: 'eventtype' },
  { pointer: '/type' },
  { pointer: '/0/type' },
  { pointer: '/context/eventType' },
  { pointer: '/eventType' },
  { pointer: '/message/attributes/eventType' },
]);

/** Where a CloudEvent says its spec version: binary, structured, batch. */
const SPECVERSION_PLACES: readonly Place[] = Object.freeze([
  { header: 'ce-specversion' },
  { pointer: '/specversion' },
  { pointer: '/0/specversion' },
]);

/** The formats whose event attributes travel as HTTP headers. */
const ATTRIBUTES_IN_HEADERS: ReadonlySet<DeliveryFormat> = new Set([
  'cloudevent-binary',
  'pubsub-push-unwrapped',
]);

/**
 * What tells a delivery's format and generation apart, read from the request: where the attributes
 * travel, how the data does, the type names and the CloudEvents spec version.
 *
 * @param format - the format `decodeDelivery` recognised
 */
export function traitsOf(message: Message, format: DeliveryFormat): DeliveryTraits {
  const body = jsonBodyOf(message);
  const read = (place: Place): unknown =>
    'header' in place ? headerValue(message, place.header) : valueAt(body, place.pointer);
  const strings = (places: readonly Place[]): string[] =>
    places.map(read).filter((value): value is string => typeof value === 'string');
  const contentType = headerValue(message, 'content-type');
  const [specversion] = strings(SPECVERSION_PLACES);
  return {
    ...(contentType === undefined ? {} : { contentType }),
    attributesIn: ATTRIBUTES_IN_HEADERS.has(format) ? 'headers' : 'body',
    data: dataOf(format, body),
    typeNames: [...new Set(strings(TYPE_PLACES))],
    ...(specversion === undefined ? {} : { specversion }),
  };
}

function dataOf(format: DeliveryFormat, body: unknown): DeliveryTraits['data'] {
  if (base64Values(body).length > 0) return 'base64';
  if (format === 'pubsub-push' && valueAt(body, '/message/data') === undefined) return 'none';
  return 'JSON';
}
