/**
 * The requests `src/build/code-cache.ts` sends the worker before it takes the code cache: the readiness
 * probe Knative sends before any event (`GET /readyz`), the first event of a Cloud Run instance (a
 * wrapped Pub/Sub push, JSON_API_V1) and of a Knative or Eventarc one (a binary-mode CloudEvent),
 * each a finalized JPEG upload. The functions that answering them compiles are in the cache, so the
 * first real probe and event run them without compiling.
 */

/** One request: its method and path, lower-case header names, and the body (empty for a GET). */
export interface WarmUpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const BUCKET = 'code-cache-warm-up';
const NAME = 'photos/warm-up.jpg';
const TIME = '2026-01-01T00:00:00.000Z';

/** The JSON_API_V1 object resource both carry (every field a string, as Cloud Storage writes it). */
function objectResource(generation: string): Record<string, string> {
  return {
    kind: 'storage#object',
    id: `${BUCKET}/${NAME}/${generation}`,
    name: NAME,
    bucket: BUCKET,
    generation,
    metageneration: '1',
    contentType: 'image/jpeg',
    size: '1024',
    timeCreated: TIME,
    updated: TIME,
  };
}

/** The warm-up requests, in the order sent; each a different event (no de-duplication hit). */
export function warmUpRequests(): readonly WarmUpRequest[] {
  const push = {
    message: {
      attributes: {
        bucketId: BUCKET,
        eventTime: TIME,
        eventType: 'OBJECT_FINALIZE',
        objectGeneration: '1',
        objectId: NAME,
        payloadFormat: 'JSON_API_V1',
      },
      data: Buffer.from(JSON.stringify(objectResource('1'))).toString('base64'),
      messageId: 'warm-up-1',
      publishTime: TIME,
    },
    subscription: 'projects/warm-up/subscriptions/uploads-push',
  };
  return [
    { method: 'GET', path: '/readyz', headers: {}, body: '' },
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(push),
    },
    {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': 'warm-up-2',
        'ce-source': `//storage.googleapis.com/projects/_/buckets/${BUCKET}`,
        'ce-type': 'google.cloud.storage.object.v1.finalized',
        'ce-subject': `objects/${NAME}`,
        'ce-time': TIME,
      },
      body: JSON.stringify(objectResource('2')),
    },
  ];
}
