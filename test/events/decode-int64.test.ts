/**
 * int64 fields (`generation`, `metageneration`, `size` of the object resource; the notification
 * attributes `objectGeneration`, `overwroteGeneration`, `overwrittenByGeneration`; a legacy
 * resource's `#<generation>`): an exact non-negative int64, as canonical decimal digits or as a JSON
 * number whose exact decimal value is an integer, in every format. Anything else is a 400 naming the
 * field; never a rounded value (cloudevents/sdk-javascript#489: a number written with a fraction or
 * an exponent was rounded to the nearest double).
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { isRawJsonNumber, parseJson } from '../../src/events/json';
import { toMessage, type Message } from '../../src/events/message';
import {
  BATCH,
  binaryRequest,
  CAT_BUCKET,
  CAT_CE_NO_SUBJECT,
  CAT_ID,
  CAT_NAME,
  errorThrownBy,
  eventWithDataText,
  jsonRequest,
  STRUCTURED,
} from '../support/decode-fixtures';

const GENERATION = '1712345678901234567';

/** JSON text of the object resource with `field` written as the literal JSON text `literal`. */
function objectText(field: string, literal: string): string {
  return `{"bucket":"${CAT_BUCKET}","name":"${CAT_NAME}","contentType":"image/jpeg","${field}":${literal}}`;
}

/** Each format, built around the object resource's JSON text; `at` is where the object sits. */
const FORMATS: readonly {
  readonly format: string;
  readonly at: string;
  readonly message: (objectJson: string) => Message;
}[] = [
  {
    format: 'cloudevent-structured',
    at: '/data',
    message: (text) => jsonRequest(eventWithDataText(CAT_CE_NO_SUBJECT, text), STRUCTURED),
  },
  {
    format: 'cloudevent-batch',
    at: '/0/data',
    message: (text) => jsonRequest(`[${eventWithDataText(CAT_CE_NO_SUBJECT, text)}]`, BATCH),
  },
  {
    format: 'cloudevent-binary',
    at: '/data',
    message: (text) => binaryRequest(CAT_CE_NO_SUBJECT, text),
  },
  {
    format: 'pubsub-push',
    at: '/message/data',
    message: (text) =>
      jsonRequest({
        message: {
          attributes: { eventType: 'OBJECT_FINALIZE' },
          data: Buffer.from(text).toString('base64'),
          messageId: CAT_ID,
        },
      }),
  },
  {
    format: 'pubsub-push-unwrapped',
    at: '',
    message: (text) =>
      toMessage({ 'x-goog-pubsub-message-id': CAT_ID, eventtype: 'OBJECT_FINALIZE' }, text),
  },
  {
    format: 'gcf-legacy',
    at: '/data',
    message: (text) =>
      jsonRequest(
        `{"context":{"eventId":"${CAT_ID}","eventType":"google.storage.object.finalize"},"data":${text}}`,
      ),
  },
];

/** Literal JSON text → the exact decimal string it must decode to. */
const EXACT: readonly (readonly [string, string])[] = [
  [GENERATION, GENERATION],
  [`"${GENERATION}"`, GENERATION],
  [`${GENERATION}.0`, GENERATION],
  [`${GENERATION}.000`, GENERATION],
  ['1.712345678901234567e18', GENERATION],
  ['1.712345678901234567E+18', GENERATION],
  [`${GENERATION}e0`, GENERATION],
  [`${GENERATION}0e-1`, GENERATION],
  ['9223372036854775807', '9223372036854775807'],
  ['"9223372036854775807"', '9223372036854775807'],
  ['0', '0'],
  ['"0"', '0'],
  ['12.0', '12'],
  ['1.2e1', '12'],
  ['120e-1', '12'],
];

/** Literal JSON text that is no exact non-negative int64. */
const NOT_INT64: readonly string[] = [
  '1.5e21',
  '9223372036854775808',
  '"9223372036854775808"',
  '99999999999999999999999999999999999999999999',
  '1e400',
  '-1',
  '"-1"',
  '-0.5',
  '"0012"',
  '"+12"',
  '" 12"',
  '"12 "',
  '"1.0"',
  '"1e3"',
  '""',
  '12.5',
  '12.0000000000000001',
  `${GENERATION}.5`,
  '1e-400',
  'true',
  '{}',
  '[12]',
];

const FIELDS = ['generation', 'metageneration', 'size'] as const;

const ACCEPTED = FORMATS.flatMap(({ format, message }) =>
  FIELDS.flatMap((field) =>
    EXACT.map(([literal, exact]) => ({ format, field, literal, exact, message })),
  ),
);

describe('decodeDelivery: an int64 field written as an exact integer is its exact decimal string', () => {
  test.each(ACCEPTED)('$format $field $literal', ({ field, literal, exact, message }) => {
    const [decoded] = decodeDelivery(message(objectText(field, literal))).events;
    expect(decoded?.event.data).toEqual({
      bucket: CAT_BUCKET,
      name: CAT_NAME,
      contentType: 'image/jpeg',
      [field]: exact,
    });
  });
});

const REJECTED = FORMATS.flatMap(({ format, at, message }) =>
  FIELDS.flatMap((field) =>
    NOT_INT64.map((literal) => ({ format, field, literal, pointer: `${at}/${field}`, message })),
  ),
);

describe('decodeDelivery: an int64 field that is no exact non-negative int64 is a 400 naming it', () => {
  test.each(REJECTED)('$format $field $literal', ({ literal, field, pointer, message }) => {
    const delivery = message(objectText(field, literal));
    expect(() => decodeDelivery(delivery)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(delivery))).toMatchObject({
      code: 'invalid-event',
      pointer,
      message: expect.stringContaining(pointer) as unknown,
    });
  });
});

/** A payloadFormat NONE push: the object comes from the attributes (JSON text of each value). */
function attributesPush(attributes: Readonly<Record<string, string>>): Message {
  const members = Object.entries({
    eventType: '"OBJECT_FINALIZE"',
    bucketId: `"${CAT_BUCKET}"`,
    objectId: `"${CAT_NAME}"`,
    ...attributes,
  }).map(([key, text]) => `"${key}":${text}`);
  return jsonRequest(`{"message":{"attributes":{${members.join(',')}},"messageId":"1"}}`);
}

/** A knative-gcp PullSubscription event: the notification attributes as ce-* extensions. */
function pullSubscription(extensions: Readonly<Record<string, string>>): Message {
  return binaryRequest(
    {
      specversion: '1.0',
      id: CAT_ID,
      source: '//pubsub.googleapis.com/projects/demo/topics/gcs',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      eventtype: 'OBJECT_FINALIZE',
      bucketid: CAT_BUCKET,
      objectid: CAT_NAME,
      ...extensions,
    },
    undefined,
    'application/octet-stream',
  );
}

function legacyResource(suffix: string): Message {
  return jsonRequest({
    eventId: CAT_ID,
    eventType: 'google.storage.object.finalize',
    resource: `projects/_/buckets/${CAT_BUCKET}/objects/${CAT_NAME}${suffix}`,
  });
}

const ATTRIBUTES_ACCEPTED: readonly (readonly [string, Message, string])[] = [
  [
    'push objectGeneration as a string',
    attributesPush({ objectGeneration: `"${GENERATION}"` }),
    GENERATION,
  ],
  [
    'push objectGeneration as a JSON number with .0',
    attributesPush({ objectGeneration: `${GENERATION}.0` }),
    GENERATION,
  ],
  [
    'push objectGeneration in exponent form',
    attributesPush({ objectGeneration: '1.712345678901234567e18' }),
    GENERATION,
  ],
  [
    'push without wrapper, header objectgeneration',
    toMessage({
      'x-goog-pubsub-message-id': '1',
      eventtype: 'OBJECT_FINALIZE',
      bucketid: CAT_BUCKET,
      objectid: CAT_NAME,
      objectgeneration: GENERATION,
    }),
    GENERATION,
  ],
  [
    'PullSubscription ce-objectgeneration',
    pullSubscription({ objectgeneration: GENERATION }),
    GENERATION,
  ],
  ['legacy resource #generation', legacyResource(`#${GENERATION}`), GENERATION],
  [
    'structured storage event, extension objectgeneration',
    jsonRequest(
      { ...CAT_CE_NO_SUBJECT, subject: `objects/${CAT_NAME}`, objectgeneration: GENERATION },
      STRUCTURED,
    ),
    GENERATION,
  ],
];

describe('decodeDelivery: an int64 attribute is its exact decimal string', () => {
  test.each(ATTRIBUTES_ACCEPTED)('%s', (_name, message, generation) => {
    expect(decodeDelivery(message).events[0]?.event.data).toMatchObject({ generation });
  });
});

const ATTRIBUTES_REJECTED: readonly (readonly [string, Message, string])[] = [
  [
    'push objectGeneration "0012"',
    attributesPush({ objectGeneration: '"0012"' }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push objectGeneration "-1"',
    attributesPush({ objectGeneration: '"-1"' }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push objectGeneration -1',
    attributesPush({ objectGeneration: '-1' }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push objectGeneration 1.5e21',
    attributesPush({ objectGeneration: '1.5e21' }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push objectGeneration "latest"',
    attributesPush({ objectGeneration: '"latest"' }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push objectGeneration 12.0000000000000001',
    attributesPush({ objectGeneration: '12.0000000000000001' }),
    '/message/attributes/objectGeneration',
  ],
  [
    'push overwroteGeneration "x"',
    attributesPush({ overwroteGeneration: '"x"' }),
    '/message/attributes/overwroteGeneration',
  ],
  [
    'push overwrittenByGeneration "-5"',
    attributesPush({ eventType: '"OBJECT_DELETE"', overwrittenByGeneration: '"-5"' }),
    '/message/attributes/overwrittenByGeneration',
  ],
  [
    'push without wrapper, header objectgeneration "0012"',
    toMessage({
      'x-goog-pubsub-message-id': '1',
      eventtype: 'OBJECT_FINALIZE',
      bucketid: CAT_BUCKET,
      objectid: CAT_NAME,
      objectgeneration: '0012',
    }),
    'header objectgeneration',
  ],
  [
    'PullSubscription ce-objectgeneration -1',
    pullSubscription({ objectgeneration: '-1' }),
    'header ce-objectgeneration',
  ],
  ['legacy resource #0012', legacyResource('#0012'), '/resource'],
  ['legacy resource #99999999999999999999', legacyResource('#99999999999999999999'), '/resource'],
  [
    'binary storage event, ce-objectgeneration 1e3',
    binaryRequest({
      ...CAT_CE_NO_SUBJECT,
      subject: `objects/${CAT_NAME}`,
      objectgeneration: '1e3',
    }),
    'header ce-objectgeneration',
  ],
];

describe('decodeDelivery: an int64 attribute that is no exact non-negative int64 is a 400 naming it', () => {
  test.each(ATTRIBUTES_REJECTED)('%s', (_name, message, pointer) => {
    expect(() => decodeDelivery(message)).toThrow(DecodeError);
    expect(errorThrownBy(() => decodeDelivery(message))).toMatchObject({
      code: 'invalid-event',
      pointer,
    });
  });
});

/** Literal → what parseJson reads, and the JSON text the value is written back as. */
const NUMBERS: readonly (readonly [string, unknown, string])[] = [
  ['0.98', 0.98, '0.98'],
  ['12.0', 12, '12'],
  ['-0', -0, '0'],
  ['9007199254740991', 9007199254740991, '9007199254740991'],
  ['9007199254740993', '9007199254740993', '"9007199254740993"'],
  [`${GENERATION}.0`, GENERATION, `"${GENERATION}"`],
  [`-${GENERATION}`, `-${GENERATION}`, `"-${GENERATION}"`],
  ['1.5e21', '1500000000000000000000', '"1500000000000000000000"'],
  ['1e400', { rawJSON: '1e400' }, '1e400'],
  ['1e1000000', { rawJSON: '1e1000000' }, '1e1000000'],
  ['9007199254740993.5', { rawJSON: '9007199254740993.5' }, '9007199254740993.5'],
  ['12.0000000000000001', { rawJSON: '12.0000000000000001' }, '12.0000000000000001'],
  ['1e-400', { rawJSON: '1e-400' }, '1e-400'],
];

describe('parseJson: no number a reader could take for an integer is rounded', () => {
  test.each(NUMBERS)('%s', (literal, value, written) => {
    const parsed = parseJson(`{"n":${literal}}`, 'the request body') as { n: unknown };
    expect(parsed.n).toEqual(value);
    expect(isRawJsonNumber(parsed.n)).toBe(typeof value === 'object');
    expect(JSON.stringify(parsed)).toBe(`{"n":${written}}`);
  });

  test('a number-like text inside a string stays the string', () => {
    const text = '{"time":"2026-11-20T10:00:00.5","note":"ratio: 1.5e400 ,"}';
    expect(parseJson(text, 'the request body')).toEqual({
      time: '2026-11-20T10:00:00.5',
      note: 'ratio: 1.5e400 ,',
    });
  });
});
