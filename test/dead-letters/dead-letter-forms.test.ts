/**
 * What the Knative dead-letter receiver publishes for what a Broker sends its dead-letter sink: a
 * Cloud Storage event becomes the notification Cloud Storage published (the form Pub/Sub's own
 * dead-lettering keeps on the Cloud Run path), whatever CloudEvent encoding reached the worker; a
 * messagePublished event the Pub/Sub message it carries; anything else the request as sent. The
 * Knative error and the CloudEvent's identity ride along as attributes, within Pub/Sub's limits.
 */
import { deadLetterOf } from '../../src/dead-letters/dead-letter-forms';
import { KNATIVE_DEAD_LETTER_ATTRIBUTES as A } from '../../src/dead-letters/dead-letter-attributes';
import type { StorageEvent } from '../../src/events/canonical-event';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import { pubSubMessageToEvent, type PubSubMessage } from '../../src/events/pubsub-message';
import { PUBSUB_MESSAGE_LIMITS } from '../../src/events/pubsub-limits';
import { routeMessage } from '../../src/source/route-message';
import {
  binaryRequest,
  CAT_BUCKET,
  CAT_EVENT,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  gcsAttributes,
  prettyJson,
} from '../support/decode-fixtures';
import type { PostAnswer } from '../support/http-poster';
import { withKnativeError } from '../support/knative-sender';

const DESTINATION = 'http://image-labeler.dualrun.svc.cluster.local/';
const PROBLEM = {
  type: 'urn:dualrun:problem:labeler-unavailable',
  title: 'Labeler unavailable',
  status: 503,
  detail: 'Vision is unavailable: 14 UNAVAILABLE: The service is currently unavailable.',
  code: 'labeler-unavailable',
};

/** A 503 problem answer, as the worker gives it for a labeler that is down. */
const UNAVAILABLE: PostAnswer = { result: 503, body: Buffer.from(JSON.stringify(PROBLEM)) };

/** The request a Broker sends its dead-letter sink after `answer` from the worker. */
function deadLettered(request: Message, answer: PostAnswer = UNAVAILABLE): Message {
  return withKnativeError(request, { destination: DESTINATION, answer });
}

/** The Cloud Storage notification of the cat photo, as the subscription delivers it. */
const NOTIFICATION: PubSubMessage = {
  messageId: CAT_ID,
  publishTime: '2026-11-20T10:00:00.25Z',
  attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
  data: Buffer.from(prettyJson(CAT_OBJECT), 'utf8'),
};

/** The notification's attributes that a CloudEvent carries (Eventarc's drops notificationConfig). */
const CARRIED = Object.fromEntries(
  Object.entries(NOTIFICATION.attributes).filter(([name]) => name !== 'notificationConfig'),
);

describe('a Cloud Storage event: the notification, as on the Cloud Run path', () => {
  test('what the kit source sent is kept as the notification it pulled, plus the Knative error', () => {
    const route = routeMessage(NOTIFICATION, { bucket: CAT_BUCKET, extensions: {} });
    if (route.kind !== 'send') throw new Error('the source did not send the notification');
    const letter = deadLetterOf(deadLettered(route.request));
    expect(letter.form).toBe('notification');
    expect(letter.message.data?.toString('utf8')).toBe(NOTIFICATION.data?.toString('utf8'));
    expect(letter.message.attributes).toEqual({
      ...CARRIED,
      [A.reason]: `the destination answered 503 (${DESTINATION}): ${PROBLEM.detail}`,
      [A.form]: 'notification',
      [A.errorCode]: '503',
      [A.errorDestination]: DESTINATION,
      [A.errorData]: JSON.stringify(PROBLEM),
      [A.eventId]: CAT_ID,
      [A.eventSource]: `//storage.googleapis.com/projects/_/buckets/${CAT_BUCKET}`,
      [A.eventType]: 'google.cloud.storage.object.v1.finalized',
      [A.eventSubject]: `objects/${CAT_NAME}`,
    });
  });

  test('redriven (published to the notification topic again) it reads as the same event', () => {
    const letter = deadLetterOf(deadLettered(encodeDelivery(CAT_EVENT, 'cloudevent-binary')));
    const redriven = pubSubMessageToEvent(
      { ...letter.message, messageId: 'redrive-1', publishTime: undefined },
      {
        pointers: { messageId: '/messageId', data: '/data', attribute: (n) => `/attributes/${n}` },
      },
    );
    expect(redriven).toEqual({ ...CAT_EVENT, id: 'redrive-1' });
  });

  test.each([
    'cloudevent-binary',
    'cloudevent-binary-knative-gcp-2020',
    'cloudevent-binary-v03-2019',
    'cloudevent-structured',
    'cloudevent-message-published',
  ] as const)('%s: the same data and notification attributes', (encoding) => {
    const letter = deadLetterOf(deadLettered(encodeDelivery(CAT_EVENT, encoding)));
    expect(letter.form).toBe('notification');
    expect(JSON.parse(letter.message.data?.toString('utf8') ?? '')).toEqual(CAT_OBJECT);
    expect(letter.message.attributes).toMatchObject({
      eventType: 'OBJECT_FINALIZE',
      bucketId: CAT_BUCKET,
      objectId: CAT_NAME,
      objectGeneration: CAT_OBJECT.generation,
      payloadFormat: 'JSON_API_V1',
      [A.errorCode]: '503',
      [A.eventId]: CAT_ID,
    });
  });

  test('a notificationconfig extension (knative-gcp 2020) is kept as notificationConfig', () => {
    const letter = deadLetterOf(
      deadLettered(encodeDelivery(CAT_EVENT, 'cloudevent-binary-knative-gcp-2020')),
    );
    expect(letter.message.attributes.notificationConfig).toBe(
      `projects/_/buckets/${CAT_BUCKET}/notificationConfigs/1`,
    );
  });

  test('an object name that needs percent-encoding in a header is kept whole', () => {
    const name = 'photos/a cat über the moon 100%.jpg';
    const event: StorageEvent = {
      ...CAT_EVENT,
      subject: `objects/${name}`,
      data: { ...CAT_OBJECT, name },
    };
    const letter = deadLetterOf(deadLettered(encodeDelivery(event, 'cloudevent-binary')));
    expect(letter.message.attributes).toMatchObject({
      objectId: name,
      [A.eventSubject]: `objects/${name}`,
    });
  });
});

describe('the Knative error extensions', () => {
  test.each([
    [
      'a problem body: its detail',
      { result: 429, body: Buffer.from('{"detail":"quota","title":"Quota"}') },
      'the destination answered 429 (http://image-labeler.dualrun.svc.cluster.local/): quota',
    ],
    [
      'no answer: 500 and the dispatch error',
      { result: 'transport-error', body: Buffer.alloc(0) },
      'the destination answered 500 (http://image-labeler.dualrun.svc.cluster.local/): dispatch error: no answer',
    ],
    [
      'an empty body: the status alone',
      { result: 400, body: Buffer.alloc(0) },
      'the destination answered 400 (http://image-labeler.dualrun.svc.cluster.local/)',
    ],
  ] as const)('%s', (_name, answer, reason) => {
    const letter = deadLetterOf(
      withKnativeError(encodeDelivery(CAT_EVENT, 'cloudevent-binary'), {
        destination: DESTINATION,
        answer,
      }),
    );
    expect(letter.reason).toBe(reason);
    expect(letter.message.attributes[A.reason]).toBe(reason);
  });

  test('knativeerrordata cut by Knative inside a character: the half character is dropped', () => {
    // 767 bytes of "é" (2 bytes each) base64-encode to 1,024 characters cut inside a character.
    const data = Buffer.from('é'.repeat(400), 'utf8').subarray(0, 767).toString('base64');
    const letter = deadLetterOf(
      binaryRequest(
        { ...ceOf(CAT_ID), knativeerrorcode: '503', knativeerrordata: data },
        CAT_OBJECT,
      ),
    );
    expect(letter.error.data).toBe('é'.repeat(383));
  });

  test('knativeerrordata that is no base64 is kept as sent', () => {
    const letter = deadLetterOf(
      binaryRequest({ ...ceOf(CAT_ID), knativeerrordata: 'not base64!' }, CAT_OBJECT),
    );
    expect(letter.message.attributes[A.errorData]).toBe('not base64!');
  });

  test('in structured mode, knativeerrorcode as a JSON number', () => {
    const body = JSON.stringify({
      ...ceOf(CAT_ID),
      knativeerrorcode: 503,
      knativeerrordest: DESTINATION,
      datacontenttype: 'application/json',
      data: CAT_OBJECT,
    });
    const letter = deadLetterOf(
      toMessage({ 'content-type': 'application/cloudevents+json; charset=utf-8' }, body),
    );
    expect(letter.form).toBe('notification');
    expect(letter.message.attributes).toMatchObject({
      [A.errorCode]: '503',
      [A.errorDestination]: DESTINATION,
      [A.eventId]: CAT_ID,
      objectId: CAT_NAME,
    });
  });

  test('no extensions (not sent by Knative): kept all the same, and the reason says so', () => {
    const letter = deadLetterOf(encodeDelivery(CAT_EVENT, 'cloudevent-binary'));
    expect(letter.form).toBe('notification');
    expect(letter.reason).toBe('sent to the dead-letter sink without a knativeerrorcode');
    expect(letter.message.attributes).not.toHaveProperty(A.errorCode);
  });
});

/** The context attributes of a finalized cat-photo CloudEvent with this id. */
function ceOf(id: string): Record<string, string> {
  return {
    specversion: '1.0',
    id,
    source: `//storage.googleapis.com/projects/_/buckets/${CAT_BUCKET}`,
    type: 'google.cloud.storage.object.v1.finalized',
    subject: `objects/${CAT_NAME}`,
  };
}

describe('anything else is kept as sent', () => {
  test('a body cut in half (the worker answered 400): the bytes and the ce-* attributes', () => {
    const whole = encodeDelivery(CAT_EVENT, 'cloudevent-binary');
    const cut = { headers: whole.headers, body: whole.body.subarray(0, 40) };
    const letter = deadLetterOf(
      deadLettered(cut, { result: 400, body: Buffer.from('{"detail":"bad JSON"}') }),
    );
    expect(letter.form).toBe('raw');
    expect(letter.message.data).toEqual(cut.body);
    expect(letter.message.attributes).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'ce-id': CAT_ID,
      'ce-subject': `objects/${CAT_NAME}`,
      'ce-knativeerrorcode': '400',
      [A.form]: 'raw',
      [A.eventId]: CAT_ID,
      [A.errorCode]: '400',
    });
    expect(letter.reason).toMatch(/: bad JSON; kept as sent: it cannot be decoded: /);
  });

  test('a ce-* value whose escapes are not UTF-8 (refused by the worker) is kept as sent', () => {
    const letter = deadLetterOf(
      binaryRequest({ ...ceOf(CAT_ID), subject: 'objects/%FF.jpg' }, CAT_OBJECT),
    );
    expect(letter.form).toBe('raw');
    expect(letter.message.attributes['ce-subject']).toBe('objects/%FF.jpg');
  });

  test('a request that is no CloudEvent at all: its body and content type', () => {
    const letter = deadLetterOf(toMessage({ 'content-type': 'text/plain' }, 'hello'));
    expect(letter.form).toBe('raw');
    expect(letter.failed.mode).toBe('unknown');
    expect(letter.message).toEqual({
      data: Buffer.from('hello'),
      attributes: {
        'content-type': 'text/plain',
        [A.form]: 'raw',
        [A.reason]: expect.stringContaining('kept as sent: it cannot be decoded') as string,
      },
    });
  });

  test('an event of another type: raw, with its identity', () => {
    const letter = deadLetterOf(
      binaryRequest(
        { specversion: '1.0', id: 'e-1', source: '/orders', type: 'com.example.order.created' },
        { order: 7 },
      ),
    );
    expect(letter.form).toBe('raw');
    expect(letter.message.attributes).toMatchObject({
      [A.eventType]: 'com.example.order.created',
      'ce-type': 'com.example.order.created',
    });
    expect(letter.message.data?.toString()).toBe('{"order":7}');
  });
});

test('a messagePublished event that is no notification: the Pub/Sub message it carries', () => {
  const letter = deadLetterOf(
    binaryRequest(
      {
        specversion: '1.0',
        id: 'm-1',
        source: '//pubsub.googleapis.com/projects/p/topics/orders',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
      },
      {
        message: {
          data: Buffer.from('order 7').toString('base64'),
          attributes: { kind: 'order' },
          messageId: 'm-1',
        },
        subscription: 'projects/p/subscriptions/s',
      },
    ),
  );
  expect(letter.form).toBe('pubsub-message');
  expect(letter.message.data?.toString()).toBe('order 7');
  expect(letter.message.attributes).toMatchObject({ kind: 'order', [A.eventId]: 'm-1' });
});

describe("within Pub/Sub's attribute limits", () => {
  const { attributes: maxAttributes, attributeValueBytes } = PUBSUB_MESSAGE_LIMITS;

  test('a value longer than 1,024 bytes is cut on a whole character and named', () => {
    const long = `objects/${'ü'.repeat(600)}`;
    const letter = deadLetterOf(
      binaryRequest({ ...ceOf(CAT_ID), subject: long, knativeerrorcode: '503' }, 'not json'),
    );
    const subject = letter.message.attributes['ce-subject'] ?? '';
    expect(Buffer.byteLength(subject)).toBeLessThanOrEqual(attributeValueBytes);
    expect(long.startsWith(subject)).toBe(true);
    expect(letter.message.attributes[A.cut]).toBe(`ce-subject ${A.eventSubject}`);
  });

  test('past 100 attributes the rest are left out and named; the receiver keeps its own', () => {
    const extensions = Object.fromEntries(
      Array.from({ length: 120 }, (_, index) => [`x${String(index).padStart(3, '0')}`, 'v']),
    );
    const letter = deadLetterOf(
      binaryRequest({ ...ceOf(CAT_ID), ...extensions, knativeerrorcode: '503' }, 'not json'),
    );
    const { attributes } = letter.message;
    expect(Object.keys(attributes)).toHaveLength(maxAttributes);
    expect(attributes).toMatchObject({ [A.errorCode]: '503', [A.eventId]: CAT_ID });
    expect(attributes[A.cut]?.split(' ').length).toBeGreaterThan(20);
  });
});
