/**
 * The result event (README "Result events"): built from the input event and the labeler's answer,
 * the same for every delivery format of one upload; written as the Knative reply (HTTP binary
 * mode, read back by the cloudevents SDK) and as a Pub/Sub message of the CloudEvents Pub/Sub
 * binding.
 */
import { HTTP, type Message as SdkMessage } from 'cloudevents';
import { storageEvent, isStorageEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODINGS } from '../../src/events/encode/encodings';
import {
  resultPubSubMessage,
  resultReplyMessage,
} from '../../src/events/encode/result-event-messages';
import { decodeCeHeaderValue } from '../../src/events/cloudevent-headers';
import { outgoingHeaders } from '../../src/events/message';
import {
  buildResultEvent,
  resultEventId,
  resultInputOf,
} from '../../src/events/build-result-event';
import { isResultEventType, resultSource, type LabelerAnswer } from '../../src/events/result-event';

const UPLOAD = storageEvent({
  type: 'google.cloud.storage.object.v1.finalized',
  id: '17650000000000',
  time: '2026-12-06T12:00:00.000Z',
  object: {
    kind: 'storage#object',
    bucket: 'my-bucket',
    name: 'photos/cat.jpg',
    generation: '1765022400000000',
    contentType: 'image/jpeg',
    size: '48213',
  },
});

/** The same upload under another object name. */
function uploadNamed(name: string) {
  return storageEvent({
    type: UPLOAD.type,
    id: UPLOAD.id,
    time: UPLOAD.time,
    object: { ...UPLOAD.data, name },
  });
}

const LABELED: LabelerAnswer = {
  outcome: 'labeled',
  labeler: 'vision',
  labels: [
    { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.98 },
    { description: 'Whiskers', score: 0.91 },
  ],
};
const UNLABELABLE: LabelerAnswer = {
  outcome: 'unlabelable',
  labeler: 'vision',
  reason: 'Vision refused the image: Bad image data.',
};
const SOURCE = resultSource('dualrun-worker');

describe('buildResultEvent', () => {
  test('a labeled image: type, source, subject, a deterministic id, the labels and the input event', () => {
    expect(buildResultEvent(UPLOAD, LABELED, SOURCE)).toEqual({
      specversion: '1.0',
      id: resultEventId(UPLOAD),
      source: '//dualrun/dualrun-worker',
      type: 'dev.dualrun.image.labeled.v1',
      subject: 'objects/photos/cat.jpg',
      datacontenttype: 'application/json',
      data: {
        bucket: 'my-bucket',
        name: 'photos/cat.jpg',
        generation: '1765022400000000',
        labeler: 'vision',
        labels: LABELED.labels,
        input: {
          id: '17650000000000',
          source: '//storage.googleapis.com/projects/_/buckets/my-bucket',
          type: 'google.cloud.storage.object.v1.finalized',
        },
      },
    });
  });

  test('an unlabelable image: its own type, the reason and no labels', () => {
    const event = buildResultEvent(UPLOAD, UNLABELABLE, SOURCE);
    expect(event.type).toBe('dev.dualrun.image.unlabelable.v1');
    expect(event.data).toMatchObject({ labeler: 'vision', reason: UNLABELABLE.reason });
    expect(event.data).not.toHaveProperty('labels');
  });

  test('no generation in the notification: none in the data', () => {
    const { bucket, name } = UPLOAD.data;
    const event = buildResultEvent({ ...UPLOAD, data: { bucket, name } }, LABELED, SOURCE);
    expect(event.data).not.toHaveProperty('generation');
  });

  test('the id is 32 hex digits of the SHA-256 of the input source and id: another id or source, another result id', () => {
    const id = resultEventId(UPLOAD);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(resultEventId({ source: UPLOAD.source, id: UPLOAD.id })).toBe(id);
    expect(resultEventId({ source: UPLOAD.source, id: '17650000000001' })).not.toBe(id);
    expect(resultEventId({ source: `${UPLOAD.source}x`, id: UPLOAD.id })).not.toBe(id);
    // The pair is hashed as a pair: moving a character from one to the other changes the id.
    expect(resultEventId({ source: 'ab', id: 'c' })).not.toBe(
      resultEventId({ source: 'a', id: 'bc' }),
    );
  });

  test('built from the trimmed input (what a kept answer holds), it is the same event', () => {
    expect(buildResultEvent(resultInputOf(UPLOAD), LABELED, SOURCE)).toEqual(
      buildResultEvent(UPLOAD, LABELED, SOURCE),
    );
  });

  test.each(ENCODINGS.map((encoding) => [encoding.id]))(
    'delivered as %s, the upload gives the same result event',
    (encodingId) => {
      const [decoded] = decodeDelivery(encodeDelivery(UPLOAD, encodingId)).events;
      const event = decoded?.event;
      expect(event !== undefined && isStorageEvent(event)).toBe(true);
      if (event === undefined || !isStorageEvent(event)) return;
      expect(buildResultEvent(event, LABELED, SOURCE)).toEqual(
        buildResultEvent(UPLOAD, LABELED, SOURCE),
      );
    },
  );

  test.each([
    ['dev.dualrun.image.labeled.v1', true],
    ['dev.dualrun.image.unlabelable.v1', true],
    ['dev.dualrun.image.labeled.v2', false],
    ['google.cloud.storage.object.v1.finalized', false],
  ])('isResultEventType(%s) is %s', (type, expected) => {
    expect(isResultEventType(type)).toBe(expected);
  });
});

/** Our message as the cloudevents SDK takes it (string headers, the body as text). */
function toSdk(headers: Record<string, string>, body: Buffer): SdkMessage {
  return { headers, body: body.toString('utf8') };
}

describe('the Knative reply (HTTP binary mode)', () => {
  const event = buildResultEvent(UPLOAD, LABELED, SOURCE);
  const message = resultReplyMessage(event);

  test('ce-* headers for the context attributes, Content-Type application/json, the data as the body', () => {
    expect(outgoingHeaders(message)).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.id,
      'ce-source': '//dualrun/dualrun-worker',
      'ce-type': 'dev.dualrun.image.labeled.v1',
      'ce-subject': 'objects/photos/cat.jpg',
    });
    expect(JSON.parse(message.body.toString('utf8'))).toEqual(event.data);
  });

  test('the cloudevents SDK reads it back as the same event', () => {
    const read = HTTP.toEvent(toSdk(outgoingHeaders(message), message.body));
    expect(Array.isArray(read)).toBe(false);
    // The SDK fills in a missing time with its own clock; everything the worker sent is as sent.
    expect(read).toMatchObject({ ...event });
  });

  test('a subject outside printable ASCII is percent-encoded, as the binding requires of senders', () => {
    const upload = uploadNamed('fotos/café 1.jpg');
    const reply = resultReplyMessage(buildResultEvent(upload, LABELED, SOURCE));
    expect(outgoingHeaders(reply)['ce-subject']).toBe('objects/fotos/caf%C3%A9%201.jpg');
    expect(decodeCeHeaderValue(outgoingHeaders(reply)['ce-subject'] ?? '', 'ce-subject')).toBe(
      'objects/fotos/café 1.jpg',
    );
  });
});

describe('the Pub/Sub message (CloudEvents Pub/Sub protocol binding)', () => {
  test('binary mode: ce- attributes with their canonical strings, content-type, the data JSON', () => {
    const upload = uploadNamed('fotos/café 1.jpg');
    const event = buildResultEvent(upload, UNLABELABLE, SOURCE);
    const message = resultPubSubMessage(event);
    expect(message.attributes).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.id,
      'ce-source': '//dualrun/dualrun-worker',
      'ce-type': 'dev.dualrun.image.unlabelable.v1',
      'ce-subject': 'objects/fotos/café 1.jpg',
    });
    expect(JSON.parse(message.data.toString('utf8'))).toEqual(event.data);
  });

  test('a subject over 1024 bytes would not fit an attribute: structured mode, the whole event as data', () => {
    const name = `${'é'.repeat(508)}.jpg`;
    const upload = uploadNamed(name);
    const event = buildResultEvent(upload, LABELED, SOURCE);
    expect(Buffer.byteLength(event.subject)).toBeGreaterThan(1024);
    const message = resultPubSubMessage(event);
    expect(message.attributes).toEqual({
      'content-type': 'application/cloudevents+json; charset=utf-8',
    });
    expect(JSON.parse(message.data.toString('utf8'))).toEqual(event);
  });

  test('a subject of exactly 1024 bytes still fits', () => {
    const name = 'n'.repeat(1024 - 'objects/'.length);
    const upload = uploadNamed(name);
    const message = resultPubSubMessage(buildResultEvent(upload, LABELED, SOURCE));
    expect(message.attributes['ce-subject']).toHaveLength(1024);
  });
});
