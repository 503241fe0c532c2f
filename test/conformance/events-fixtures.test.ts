/**
 * Every storage or Pub/Sub delivery in `../shared/fixtures/events`, in every envelope and content
 * mode, decodes to its canonical event (docs/delivery-formats.md). Expected values are read from
 * the fixtures themselves (fixture-facts.ts), never from the decoder.
 */
import { decodeOne, objectFactsIn, publishedMessageIn } from './decoded-event';
import {
  objectFactsOf,
  pubSubMessageOf,
  type FixtureMessage,
  type ObjectFacts,
} from './fixture-facts';
import { isObject } from './json-access';
import {
  deliveriesOf,
  ENVELOPE_RULES,
  envelopesOf,
  eventFixtureDeliveries,
  eventFixtureFiles,
  SKIPPED_FILES,
  type FixtureDelivery,
} from './shared-fixtures';

const FINALIZED = 'google.cloud.storage.object.v1.finalized';
const DELETED = 'google.cloud.storage.object.v1.deleted';
const METADATA_UPDATED = 'google.cloud.storage.object.v1.metadataUpdated';
const MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';
/** The canonical storage types (docs/delivery-formats.md, The canonical event). */
const CANONICAL_STORAGE_TYPES = [
  FINALIZED,
  DELETED,
  'google.cloud.storage.object.v1.archived',
  METADATA_UPDATED,
];

/**
 * Legacy `object.change`: the data's resourceState decides (docs/delivery-formats.md), not the
 * functions framework's mapping to finalized.
 *
 * @see https://github.com/GoogleCloudPlatform/functions-framework-conformance/blob/86ea75023bd1b906b55d89b64dbdf80b49b850cc/docs/mapping.md
 */
const BY_RESOURCE_STATE = 'by resourceState';
const RESOURCE_STATE_TYPES = new Map([
  ['exists', FINALIZED],
  ['not_exists', DELETED],
]);

/** docs/delivery-formats.md: each storage type name the fixtures use, and its canonical type. */
const STORAGE_TYPES = new Map([
  ['google.cloud.storage.object.v1.finalized', FINALIZED],
  ['com.google.cloud.storage.object.finalize', FINALIZED],
  ['google.storage.object.finalize', FINALIZED],
  ['providers/cloud.storage/eventTypes/object.change', BY_RESOURCE_STATE],
  ['OBJECT_FINALIZE', FINALIZED],
  ['OBJECT_METADATA_UPDATE', METADATA_UPDATED],
]);
/** The Pub/Sub-backed type names of every generation. */
const PUBSUB_TYPES = new Set([
  MESSAGE_PUBLISHED,
  'com.google.cloud.pubsub.topic.publish',
  'google.pubsub.topic.publish',
  'providers/cloud.pubsub/eventTypes/topic.publish',
]);
/** Types the worker does not handle: the event keeps its own attributes (it is ignored later). */
const PASS_THROUGH_TYPES = new Set([
  'google.cloud.audit.log.v1.written',
  'com.google.cloud.storage',
]);

type Expectation =
  | {
      readonly family: 'storage';
      readonly type: string;
      readonly id: string;
      readonly time: string | undefined;
      readonly object: ObjectFacts;
    }
  | {
      readonly family: 'pubsub';
      readonly id: string;
      readonly time: string | undefined;
      readonly message: FixtureMessage;
    }
  | { readonly family: 'pass-through' }
  | { readonly family: 'unknown' };

/** What the canonical event of a delivery must be, from what the fixture states. */
function expectationOf({ event }: FixtureDelivery): Expectation {
  const message = PUBSUB_TYPES.has(event.type) ? pubSubMessageOf(event) : undefined;
  const storageType = STORAGE_TYPES.get(message?.attributes.eventType ?? event.type);
  if (storageType !== undefined) {
    return {
      family: 'storage',
      type: storageType === BY_RESOURCE_STATE ? resourceStateType(event.data) : storageType,
      // The Pub/Sub message id where the transport says which (docs/delivery-formats.md), else the
      // event id.
      id: message?.messageId ?? event.id,
      time: message?.attributes.eventTime ?? event.time ?? message?.publishTime,
      object: objectFactsOf(event, message),
    };
  }
  if (message !== undefined) {
    return {
      family: 'pubsub',
      id: message.messageId ?? event.id,
      time: event.time ?? message.publishTime,
      message,
    };
  }
  return { family: PASS_THROUGH_TYPES.has(event.type) ? 'pass-through' : 'unknown' };
}

function resourceStateType(data: FixtureDelivery['event']['data']): string {
  const state = data.kind === 'json' && isObject(data.value) ? data.value.resourceState : undefined;
  return (
    RESOURCE_STATE_TYPES.get(typeof state === 'string' ? state : 'exists') ??
    `resourceState ${String(state)}`
  );
}

const deliveries = eventFixtureDeliveries().map((delivery) => ({
  ...delivery,
  expected: expectationOf(delivery),
}));
const ofFamily = <F extends Expectation['family']>(family: F) =>
  deliveries.flatMap(({ expected, ...delivery }) =>
    expected.family === family
      ? [{ ...delivery, expected: expected as Extract<Expectation, { family: F }> }]
      : [],
  );

describe('the fixture folder', () => {
  test('every file is a delivery of exactly one envelope, or skipped with a reason', () => {
    const skipped = new Set(SKIPPED_FILES.map((entry) => entry.file));
    const files = eventFixtureFiles();
    expect(files.filter((file) => !skipped.has(file) && envelopesOf(file).length !== 1)).toEqual(
      [],
    );
    expect(files).toEqual(expect.arrayContaining([...skipped]));
  });

  test('every envelope rule matches a file', () => {
    const files = eventFixtureFiles();
    expect(ENVELOPE_RULES.filter((rule) => !files.some((file) => rule.pattern.test(file)))).toEqual(
      [],
    );
  });

  test('every delivery states a type this suite has an expectation for', () => {
    const unknown = deliveries.filter((delivery) => delivery.expected.family === 'unknown');
    expect(unknown.map((delivery) => `${delivery.title}: ${delivery.event.type}`)).toEqual([]);
  });
});

describe('storage deliveries decode to the canonical storage event', () => {
  test.each(ofFamily('storage'))('$title', ({ message, expected }) => {
    const event = decodeOne(message);

    expect(event).toMatchObject({
      specversion: '1.0',
      id: expected.id,
      type: expected.type,
      source: `//storage.googleapis.com/projects/_/buckets/${expected.object.bucket}`,
      subject: `objects/${expected.object.name}`,
      datacontenttype: 'application/json',
    });
    expect(CANONICAL_STORAGE_TYPES).toContain(event.type);
    expect(event.time).toBe(expected.time);
    expect(objectFactsIn(event.data)).toEqual(expected.object);
  });
});

describe('other Pub/Sub messages decode to messagePublished with the message preserved', () => {
  test.each(ofFamily('pubsub'))('$title', ({ message, event: stated, expected }) => {
    const event = decodeOne(message);

    expect(event).toMatchObject({
      specversion: '1.0',
      id: expected.id,
      type: MESSAGE_PUBLISHED,
      datacontenttype: 'application/json',
      ...(stated.source === undefined ? {} : { source: stated.source }),
    });
    expect(event.time).toBe(expected.time);
    expect(publishedMessageIn(event.data)).toEqual({
      messageId: expected.id,
      data: expected.message.data,
      attributes: expected.message.attributes,
    });
  });
});

describe('events of other types pass through with their own attributes', () => {
  test.each(ofFamily('pass-through'))('$title', ({ message, event: stated }) => {
    expect(decodeOne(message)).toMatchObject({
      specversion: '1.0',
      id: stated.id,
      source: stated.source,
      type: stated.type,
      time: stated.time,
    });
  });
});

describe('traps of the older formats (docs/delivery-formats.md)', () => {
  test.each(
    deliveriesOf(
      'gcf-legacy-background.storage-object-change-v0.flat-form.ff-conformance-historical.json',
    ),
  )(
    'legacy object.change with resourceState not_exists is deleted, not finalized: $title',
    ({ message }) => {
      expect(decodeOne(message).type).toBe(DELETED);
    },
  );

  test.each(
    deliveriesOf(
      'eventarc.2022-10.ce-1.0.auditlog.google.cloud.audit.log.v1.written.storage-objects-create.structured-as-logged.json',
    ),
  )(
    'the audit-log event passes through with its own type: $title',
    ({ message, event: stated }) => {
      const event = decodeOne(message);

      expect(event.type).toBe('google.cloud.audit.log.v1.written');
      expect(event.id).toBe(stated.id);
      expect(event.subject).toBe(stated.subject);
    },
  );

  test.each(
    deliveriesOf(
      'cloudevent-binary.http-request.ff-nodejs-test.storage-finalized.ce-time-without-offset.json',
    ),
  )('a ce-time without offset is accepted and kept verbatim: $title', ({ message }) => {
    const event = decodeOne(message);

    expect(event.type).toBe(FINALIZED);
    expect(event.time).toBe('2020-08-16T13:58:54.471765');
  });
});
