/**
 * Deliveries the worker once misread and acknowledged anyway, through `app.callback()`: each is
 * now either handled as what it is, or refused with a 4xx problem that names what is wrong.
 */
import request from 'supertest';
import type { LabelResult } from '../../src/labelers/labeler';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

const labeled: LabelResult = { outcome: 'labeled', labels: [{ description: 'Cat', score: 0.98 }] };
const FINALIZED = 'google.cloud.storage.object.v1.finalized';
const SOURCE = '//storage.googleapis.com/projects/_/buckets/b';

/** A structured CloudEvent whose data's `generation` is the literal JSON text given. */
function withGeneration(id: string, generation: string): string {
  const event = { specversion: '1.0', id, source: SOURCE, type: FINALIZED };
  const data = `{"bucket":"b","name":"cat.jpg","contentType":"image/jpeg","generation":${generation}}`;
  return `${JSON.stringify(event).slice(0, -1)},"data":${data}}`;
}

describe('int64 fields: two uploads are never one', () => {
  test('generations …567.0 and …600.0 are two uploads, both labeled', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    for (const [id, generation] of [
      ['1', '1712345678901234567.0'],
      ['2', '1712345678901234600.0'],
    ] as const) {
      await request(worker.app.callback())
        .post('/')
        .set('content-type', 'application/cloudevents+json')
        .send(withGeneration(id, generation))
        .expect(204);
    }
    expect(calls.map((call) => call.generation)).toEqual([
      '1712345678901234567',
      '1712345678901234600',
    ]);
    expect(worker.records.map((record) => record.outcome)).toEqual(['labeled', 'labeled']);
  });

  test.each(['1.5e21', '-1', '"0012"', '12.0000000000000001'])(
    'generation %s → 400 naming /data/generation, no record',
    async (generation) => {
      const { labeler, calls } = scriptedLabeler({}, labeled);
      const worker = await testWorker(labeler);
      const response = await request(worker.app.callback())
        .post('/')
        .set('content-type', 'application/cloudevents+json')
        .send(withGeneration('1', generation));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'invalid-event', pointer: '/data/generation' });
      expect(calls).toHaveLength(0);
      expect(worker.records).toHaveLength(0);
    },
  );
});

describe('structured data that is a JSON string holding the object', () => {
  const object = {
    bucket: 'b',
    name: 'uploads/4711',
    generation: '1712345678901234567',
    size: '48213',
    contentType: 'image/jpeg',
  };

  test.each([['application/json'], ['text/plain'], [undefined]])(
    'datacontenttype %s: the image is labeled with every field of its object',
    async (datacontenttype) => {
      const { labeler, calls } = scriptedLabeler({}, labeled);
      const worker = await testWorker(labeler);
      const event = {
        specversion: '1.0',
        id: '1',
        source: SOURCE,
        type: FINALIZED,
        subject: 'objects/uploads/4711',
        ...(datacontenttype === undefined ? {} : { datacontenttype }),
        data: JSON.stringify(object),
      };
      await request(worker.app.callback())
        .post('/')
        .set('content-type', 'application/cloudevents+json')
        .send(JSON.stringify(event))
        .expect(204);
      expect(calls).toHaveLength(1);
      expect(worker.records[0]).toMatchObject({ outcome: 'labeled', event: { data: object } });
    },
  );

  test('a string that holds no JSON object → 400 naming /data, no record', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const event = {
      specversion: '1.0',
      id: '1',
      source: SOURCE,
      type: FINALIZED,
      subject: 'objects/cat.jpg',
      data: 'cat.jpg',
    };
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(event));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid-event', pointer: '/data' });
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
  });
});

describe('percent-encoded ce-* headers that are not UTF-8', () => {
  test.each([
    ['ce-subject', 'objects/%FF.jpg'],
    ['ce-subject', 'objects/%C0%A0.jpg'],
    ['ce-source', '//storage.googleapis.com/projects/_/buckets/%FFbucket'],
  ])('%s: %s → 400 naming the header, no record', async (header, value) => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const response = await request(worker.app.callback())
      .post('/')
      .set({
        'ce-specversion': '1.0',
        'ce-id': '1',
        'ce-source': SOURCE,
        'ce-type': FINALIZED,
        'ce-subject': 'objects/cat.jpg',
        [header]: value,
      })
      .send('');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid-event', pointer: `header ${header}` });
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
  });
});

describe('times that are not RFC 3339', () => {
  test.each([
    ['binary', { 'ce-time': 'yesterday' }, '', 'header ce-time'],
    [
      'structured',
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify({
        specversion: '1.0',
        id: '1',
        source: SOURCE,
        type: FINALIZED,
        subject: 'objects/cat.jpg',
        time: 'yesterday',
      }),
      '/time',
    ],
  ] as const)('%s: yesterday → 400 naming %s, no record', async (_mode, headers, body, pointer) => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const binary = {
      'ce-specversion': '1.0',
      'ce-id': '1',
      'ce-source': SOURCE,
      'ce-type': FINALIZED,
      'ce-subject': 'objects/cat.jpg',
    };
    const response = await request(worker.app.callback())
      .post('/')
      .set(body === '' ? { ...binary, ...headers } : headers)
      .send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'invalid-event', pointer });
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
  });
});

describe('the charset of the body', () => {
  /** A legacy event of café.jpg (the README's first example format), in Latin-1 bytes. */
  const latin1Body = Buffer.from(
    JSON.stringify({
      context: { eventId: '1', eventType: 'google.storage.object.finalize' },
      data: { bucket: 'b', name: 'café.jpg', contentType: 'image/jpeg' },
    }),
    'latin1',
  );

  /** Sends the bytes as they are (superagent would write a Buffer as JSON for a JSON type). */
  const asBytes = (body: Buffer): string => body as unknown as string;

  test('charset=iso-8859-1 is honoured: café.jpg is labeled under its own name', async () => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/json; charset=iso-8859-1')
      .serialize(asBytes)
      .send(latin1Body)
      .expect(204);
    expect(calls.map((call) => call.name)).toEqual(['café.jpg']);
    expect(worker.records[0]).toMatchObject({
      outcome: 'labeled',
      event: { subject: 'objects/café.jpg' },
    });
  });

  test.each([
    ['application/json', 400, 'malformed-body'],
    ['application/json; charset=utf-8', 400, 'malformed-body'],
    ['application/json; charset=klingon', 415, 'unsupported-charset'],
  ])('Latin-1 bytes sent as %s → %i %s, no record', async (type, status, code) => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', type)
      .serialize(asBytes)
      .send(latin1Body);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code });
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
  });
});

describe('fields that must be strings: one rule, a 400', () => {
  test.each([
    ['bucket', true],
    ['bucket', {}],
    ['bucket', 0],
    ['name', false],
    ['contentType', 1],
  ])('data.%s %j → 400 naming it, never the value from source or subject', async (field, value) => {
    const { labeler, calls } = scriptedLabeler({}, labeled);
    const worker = await testWorker(labeler);
    const event = {
      specversion: '1.0',
      id: '1',
      source: SOURCE,
      type: FINALIZED,
      subject: 'objects/cat.jpg',
      data: { bucket: 'b', name: 'cat.jpg', contentType: 'image/jpeg', [field]: value },
    };
    const response = await request(worker.app.callback())
      .post('/')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(event));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid-event', pointer: `/data/${field}` });
    expect(calls).toHaveLength(0);
    expect(worker.records).toHaveLength(0);
  });
});

describe('objects that cannot be images, whatever their content type says', () => {
  test.each([
    {
      name: 'photos/',
      size: '0',
      reason: 'not an image: a folder placeholder (its name ends with "/")',
    },
    {
      name: 'photos/2026/',
      size: '11',
      reason: 'not an image: a folder placeholder (its name ends with "/")',
    },
    { name: 'photos/empty.jpg', size: '0', reason: 'not an image: the object is empty (size 0)' },
  ])(
    '$name (image/jpeg, size $size) → ignored without a labeler call',
    async ({ name, size, reason }) => {
      const { labeler, calls } = scriptedLabeler(
        {},
        { outcome: 'ignored', reason: 'the object is gone' },
      );
      const worker = await testWorker(labeler);
      const event = {
        specversion: '1.0',
        id: '1',
        source: SOURCE,
        type: FINALIZED,
        data: { bucket: 'b', name, contentType: 'image/jpeg', size, generation: '1' },
      };
      await request(worker.app.callback())
        .post('/')
        .set('content-type', 'application/cloudevents+json')
        .send(JSON.stringify(event))
        .expect(204);
      expect(calls).toHaveLength(0);
      expect(worker.records).toEqual([expect.objectContaining({ outcome: 'ignored', reason })]);
    },
  );
});
