/**
 * What a fixture itself says about the Pub/Sub message or the Cloud Storage object it carries,
 * read from the fixture (never from the decoder): the values a canonical event must carry.
 */
import type { FixtureEvent } from './fixture-envelopes';
import { int64Text, isObject, optionalText, type JsonObject } from './json-access';

/** A Pub/Sub message as the fixture states it. */
export interface FixtureMessage {
  readonly messageId: string | undefined;
  /** The message data in standard base64 (raw or decoded data of older shapes encoded here). */
  readonly data: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
  readonly publishTime: string | undefined;
}

/** An object resource's identity and int64 fields as the fixture states them (decimal strings). */
export interface ObjectFacts {
  readonly bucket: string;
  readonly name: string;
  readonly generation?: string;
  readonly metageneration?: string;
  readonly size?: string;
}

/**
 * The Pub/Sub message in a Pub/Sub-backed fixture: a push body or MessagePublishedData
 * (`{message}`), the eventing-contrib Go struct (`ID`, `Data`, `Attributes`), a legacy
 * PubsubMessage, or raw bytes (knative-gcp binary mode).
 */
export function pubSubMessageOf(event: FixtureEvent): FixtureMessage {
  const { data } = event;
  if (data.kind === 'bytes') {
    return {
      messageId: undefined,
      data: data.bytes.toString('base64'),
      attributes: {},
      publishTime: undefined,
    };
  }
  const value = data.kind === 'json' && isObject(data.value) ? data.value : {};
  if (isObject(value.message)) return readMessage(value.message);
  if ('ID' in value) {
    return {
      messageId: optionalText(value, 'ID'),
      data: optionalText(value, 'Data'),
      attributes: stringRecord(value.Attributes),
      publishTime: optionalText(value, 'PublishTime'),
    };
  }
  return readMessage(value);
}

function readMessage(message: JsonObject): FixtureMessage {
  const data = message.data;
  return {
    messageId:
      optionalText(message, 'messageId') ??
      optionalText(message, 'message_id') ??
      optionalText(message, 'id'),
    // knative-gcp's short-lived 2020-01 push shape carried the data decoded, as JSON.
    data: isObject(data)
      ? Buffer.from(JSON.stringify(data)).toString('base64')
      : optionalText(message, 'data'),
    attributes: stringRecord(message.attributes),
    publishTime: optionalText(message, 'publishTime') ?? optionalText(message, 'publish_time'),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * The object a storage fixture names: a notification's JSON_API_V1 data (else its `bucketId`,
 * `objectId`, `objectGeneration` attributes), the event data when it is an object resource, else
 * the bucket in `source` and the name in `subject`.
 */
export function objectFactsOf(
  event: FixtureEvent,
  message: FixtureMessage | undefined,
): ObjectFacts {
  if (message !== undefined) {
    if (message.data !== undefined) {
      return factsOfResource(JSON.parse(Buffer.from(message.data, 'base64').toString('utf8')));
    }
    return factsOfResource({
      bucket: message.attributes.bucketId,
      name: message.attributes.objectId,
      generation: message.attributes.objectGeneration,
    });
  }
  const data = event.data.kind === 'json' ? event.data.value : undefined;
  if (isObject(data) && typeof data.bucket === 'string' && typeof data.name === 'string') {
    return factsOfResource(data);
  }
  return factsOfResource({
    bucket: /\/buckets\/([^/]+)/.exec(event.source ?? '')?.[1],
    name: event.subject?.replace(/^objects\//, ''),
  });
}

const INT64_FIELDS = ['generation', 'metageneration', 'size'] as const;

function factsOfResource(resource: unknown): ObjectFacts {
  const object = isObject(resource) ? resource : {};
  const bucket = optionalText(object, 'bucket');
  const name = optionalText(object, 'name');
  if (bucket === undefined || name === undefined) {
    throw new Error(`the fixture names no bucket and object: ${JSON.stringify(resource)}`);
  }
  const int64s = Object.fromEntries(
    INT64_FIELDS.flatMap((field) => {
      const text = int64Text(object[field], field);
      return text === undefined ? [] : [[field, text]];
    }),
  );
  return { ...int64s, bucket, name };
}
