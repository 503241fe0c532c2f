import { isStorageEvent } from '../events/canonical-event';
import { decodeDelivery } from '../events/decode/decode-delivery';
import { encodeDelivery } from '../events/encode/encode-delivery';
import { ENCODINGS } from '../events/encode/encodings';
import { aliasOf, MESSAGE_PUBLISHED_TYPE } from '../events/event-types';
import type { Message } from '../events/message';
import type { DecodeResult, DeliveryTraits } from './api-types';
import { traitsOf } from './delivery-traits';

/** A delivery that decodes, named: what `POST /api/decode` answers besides the request. */
export type IdentifiedDelivery = NonNullable<DecodeResult['decoded']>;

/**
 * Decodes a captured delivery with the worker's decoder and names its format and generation: the
 * encodings of {@link ENCODINGS} that write the same canonical event in the same shape (format,
 * type names, spec version, data as JSON, base64 or none). Each type name is given with the
 * canonical type the worker's alias table maps it to.
 *
 * @throws DecodeError as `decodeDelivery` does: the worker answers such a delivery with 400
 */
export function identifyDelivery(message: Message): IdentifiedDelivery {
  const { format, events } = decodeDelivery(message);
  const traits = traitsOf(message, format);
  const storageEvent = events.map(({ event }) => event).find(isStorageEvent);
  const matches =
    storageEvent === undefined
      ? []
      : ENCODINGS.filter(
          (encoding) =>
            encoding.format === format &&
            sameShape(traitsOf(encodeDelivery(storageEvent, encoding.id), format), traits),
        ).map(({ id, label }) => ({ id, label }));
  return {
    format,
    matches,
    traits,
    typeNames: traits.typeNames.map((name) => {
      const canonical = canonicalTypeOf(name);
      return canonical === undefined ? { name } : { name, canonical };
    }),
    events: events.map(({ event }) => event),
  };
}

function sameShape(expected: DeliveryTraits, actual: DeliveryTraits): boolean {
  return (
    expected.data === actual.data &&
    expected.specversion === actual.specversion &&
    expected.typeNames.join('\n') === actual.typeNames.join('\n')
  );
}

/** The canonical type of a type name, by the worker's alias table; `undefined` when unknown. */
function canonicalTypeOf(name: string): string | undefined {
  const alias = aliasOf(name);
  switch (alias?.family) {
    case 'storage':
      return alias.type;
    case 'storage-by-resource-state':
      return 'google.cloud.storage.object.v1.finalized or .deleted (by data.resourceState)';
    case 'pubsub':
      return MESSAGE_PUBLISHED_TYPE;
    case undefined:
      return undefined;
  }
}
