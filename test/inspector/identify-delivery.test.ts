/**
 * The paste view's naming of a captured delivery: every encoding the worker accepts is recognised
 * as itself (format and generation), each type name is mapped to its canonical type, and what
 * does not decode throws the worker's DecodeError.
 */
import { storageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODINGS } from '../../src/events/encode/encodings';
import { toMessage } from '../../src/events/message';
import { DecodeError } from '../../src/errors';
import { identifyDelivery } from '../../src/inspector/identify-delivery';

const EVENT = storageEvent({
  type: 'google.cloud.storage.object.v1.finalized',
  id: '8123456789012345',
  time: '2026-11-20T10:00:00.123Z',
  object: {
    bucket: 'photos',
    name: 'cat.jpg',
    generation: '1763632800123456',
    contentType: 'image/jpeg',
  },
});

test.each(ENCODINGS.map((encoding) => [encoding.id, encoding] as const))(
  '%s is named as itself, with its format and canonical event',
  (id, encoding) => {
    const identified = identifyDelivery(encodeDelivery(EVENT, id));
    expect(identified.format).toBe(encoding.format);
    expect(identified.matches.map((match) => match.id)).toEqual([id]);
    expect(identified.matches[0]?.label).toBe(encoding.label);
    expect(identified.events[0]).toMatchObject({
      id: EVENT.id,
      type: EVENT.type,
      subject: EVENT.subject,
    });
  },
);

test('each type name carries its canonical type: a messagePublished event names both', () => {
  const identified = identifyDelivery(encodeDelivery(EVENT, 'cloudevent-message-published'));
  expect(identified.typeNames).toEqual([
    {
      name: 'google.cloud.pubsub.topic.v1.messagePublished',
      canonical: 'google.cloud.pubsub.topic.v1.messagePublished',
    },
    { name: 'OBJECT_FINALIZE', canonical: 'google.cloud.storage.object.v1.finalized' },
  ]);
});

test('a delete in the knative-gcp 2020 generation is named as that generation', () => {
  const deleted = { ...EVENT, type: 'google.cloud.storage.object.v1.deleted' } as const;
  const identified = identifyDelivery(
    encodeDelivery(deleted, 'cloudevent-binary-knative-gcp-2020'),
  );
  expect(identified.matches.map((match) => match.id)).toEqual([
    'cloudevent-binary-knative-gcp-2020',
  ]);
  expect(identified.typeNames).toEqual([
    {
      name: 'com.google.cloud.storage.object.delete',
      canonical: 'google.cloud.storage.object.v1.deleted',
    },
  ]);
});

test('an unknown type decodes but matches no known encoding', () => {
  const message = toMessage(
    {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': '1',
      'ce-source': '//example.com/things',
      'ce-type': 'com.example.thing.created',
    },
    '{"a": 1}',
  );
  const identified = identifyDelivery(message);
  expect(identified.matches).toEqual([]);
  expect(identified.typeNames).toEqual([{ name: 'com.example.thing.created' }]);
});

test('a malformed delivery throws the DecodeError the worker answers 400 with', () => {
  expect(() =>
    identifyDelivery(toMessage({ 'content-type': 'application/json' }, '{"message": ')),
  ).toThrow(DecodeError);
});
