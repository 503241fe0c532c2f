/**
 * docs/inspector.md's copy-pasteable requests (a Knative CloudEvent, a Cloud Run Pub/Sub push) are what
 * the encoders write for one upload, and the worker's decoder reads them: they cannot go stale.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storageEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import type { EncodingId } from '../../src/events/encode/encodings';
import { outgoingHeaders, toMessage } from '../../src/events/message';

const INSPECTOR_DOC = readFileSync(path.resolve(__dirname, '../../docs/inspector.md'), 'utf8');

/** The upload the examples announce. */
const EVENT = storageEvent({
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

/** The curl command after `<!-- curl-example: NAME -->`: its -H headers and --data-binary body. */
function example(name: string): { headers: Record<string, string>; body: string } {
  const block = new RegExp(`<!-- curl-example: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(
    INSPECTOR_DOC,
  )?.[1];
  if (block === undefined) throw new Error(`docs/inspector.md has no curl example ${name}`);
  const headers = Object.fromEntries(
    [...block.matchAll(/-H '([^':]+): ([^']*)'/g)].map((match) => [match[1] ?? '', match[2] ?? '']),
  );
  const body = /--data-binary '([^']*)'/.exec(block)?.[1] ?? '';
  return { headers, body };
}

test.each([
  ['knative', 'cloudevent-binary', 'cloudevent-binary'],
  ['cloud-run', 'pubsub-push', 'pubsub-push'],
] as const)(
  'the %s example is the %s encoding of the upload and decodes as %s',
  (name, encoding: EncodingId, format) => {
    const { headers, body } = example(name);
    const expected = encodeDelivery(EVENT, encoding);
    expect(headers).toEqual(outgoingHeaders(expected));
    expect(body).toBe(expected.body.toString('utf8'));
    const decoded = decodeDelivery(toMessage(headers, body));
    expect(decoded.format).toBe(format);
    expect(decoded.events[0]?.event).toEqual(EVENT);
  },
);
