/**
 * The requests `src/startup/build/code-cache.ts` sends the worker before it takes the code cache: the readiness
 * probe Knative sends before any event (`GET /readyz`), the first event of a Cloud Run instance (a
 * wrapped Pub/Sub push, JSON_API_V1) and of a Knative or Eventarc one (a binary-mode CloudEvent),
 * each a finalized JPEG upload, written by the project's own encoder. The functions that answering
 * them compiles are in the cache, so the first real probe and event run them without compiling.
 */
import { storageEvent, type StorageEvent } from '../../events/canonical-event';
import { encodeDelivery } from '../../events/encode/encode-delivery';
import { outgoingHeaders, type Message } from '../../events/message';
import { PROBE_PATHS } from '../../config/worker-contract';

/** One request: its method and path, lower-case header names, and the body (empty for a GET). */
export interface WarmUpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

const BUCKET = 'code-cache-warm-up';
const NAME = 'photos/warm-up.jpg';
const TIME = '2026-01-01T00:00:00.000Z';

/** A finalized JPEG upload, generation `generation`, as Cloud Storage notifies it. */
function upload(id: string, generation: string): StorageEvent {
  return storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id,
    time: TIME,
    object: {
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
    },
  });
}

/** The warm-up requests, in the order sent; each a different event (no de-duplication hit). */
export function warmUpRequests(): readonly WarmUpRequest[] {
  const post = (message: Message): WarmUpRequest => ({
    method: 'POST',
    path: '/',
    headers: outgoingHeaders(message),
    body: message.body,
  });
  return [
    { method: 'GET', path: PROBE_PATHS.readiness, headers: {}, body: '' },
    post(encodeDelivery(upload('1', '1'), 'pubsub-push')),
    post(encodeDelivery(upload('2', '2'), 'cloudevent-binary')),
  ];
}
