/**
 * The request bodies every server receives, the same for each: a wrapped Pub/Sub push of a Cloud
 * Storage finalize notification (JSON_API_V1 payload), and the same notification as a binary-mode
 * CloudEvent as Eventarc delivers it. Each request carries a fresh message id / `ce-id` and a fresh
 * object generation, so the worker's de-duplication (by id and by bucket/name/generation) never
 * short-cuts an event.
 */

/** The bodies measured, by the worker's `delivery.format` name. */
export const BENCH_BODIES = ['pubsub-push', 'cloudevent-binary'] as const;
export type BenchBody = (typeof BENCH_BODIES)[number];

/**
 * The path every request is POSTed to: a push endpoint that names its topic, as the functions
 * framework expects of a Pub/Sub push (it warns on every request otherwise).
 */
export const BENCH_PATH = '/projects/bench-project/topics/uploads';

/** One request: its headers, its body, and the event id it carries. */
export interface BenchRequest {
  readonly id: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const BUCKET = 'bench-uploads';
const EVENT_TIME = '2026-11-20T10:00:00.123456Z';

/**
 * A JSON_API_V1 object resource of a finalized JPEG upload, as Cloud Storage notifications carry
 * it (every field a string, int64s included).
 */
function objectResource(name: string, generation: string): Record<string, string> {
  const path = `${BUCKET}/${encodeURIComponent(name)}`;
  return {
    kind: 'storage#object',
    id: `${BUCKET}/${name}/${generation}`,
    selfLink: `https://www.googleapis.com/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}`,
    mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${path}?generation=${generation}&alt=media`,
    name,
    bucket: BUCKET,
    generation,
    metageneration: '1',
    contentType: 'image/jpeg',
    storageClass: 'STANDARD',
    size: '482133',
    md5Hash: 'i9TUsETUO7ZCzq4oSLUz4w==',
    crc32c: 'k4Hl8A==',
    etag: 'CIHr7+Wl3oUDEAE=',
    timeCreated: EVENT_TIME,
    updated: EVENT_TIME,
    timeStorageClassUpdated: EVENT_TIME,
  };
}

/** Request builders by body: each takes the running number of the request. */
const BUILDERS: Readonly<Record<BenchBody, (id: string, generation: string) => BenchRequest>> = {
  'pubsub-push': (id, generation) => {
    const name = `photos/upload-${generation}.jpg`;
    const data = Buffer.from(JSON.stringify(objectResource(name, generation))).toString('base64');
    const body = {
      message: {
        attributes: {
          bucketId: BUCKET,
          eventTime: EVENT_TIME,
          eventType: 'OBJECT_FINALIZE',
          notificationConfig: `projects/_/buckets/${BUCKET}/notificationConfigs/1`,
          objectGeneration: generation,
          objectId: name,
          payloadFormat: 'JSON_API_V1',
        },
        data,
        messageId: id,
        message_id: id,
        publishTime: '2026-11-20T10:00:00.2Z',
        publish_time: '2026-11-20T10:00:00.2Z',
      },
      subscription: 'projects/bench-project/subscriptions/uploads-push',
    };
    return { id, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  },
  'cloudevent-binary': (id, generation) => {
    const name = `photos/upload-${generation}.jpg`;
    return {
      id,
      headers: {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': `//storage.googleapis.com/projects/_/buckets/${BUCKET}`,
        'ce-type': 'google.cloud.storage.object.v1.finalized',
        'ce-subject': `objects/${name}`,
        'ce-time': EVENT_TIME,
      },
      body: JSON.stringify(objectResource(name, generation)),
    };
  },
};

/** The first generation of a source: 16 digits, as Cloud Storage generations are. */
const FIRST_GENERATION = 1_700_000_000_000_000;

/**
 * A source of requests of one body, each with a new id and generation. Use one source per server
 * process, so ids never repeat within what one process receives.
 */
export function createRequestSource(body: BenchBody): () => BenchRequest {
  let sequence = 0;
  const build = BUILDERS[body];
  return () => {
    sequence += 1;
    return build(String(10_000_000_000 + sequence), String(FIRST_GENERATION + sequence));
  };
}
