import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { prepareBucket, type DemoObject } from '../demo/demo-bucket';
import { encodeDelivery } from '../events/encode/encode-delivery';
import { ENCODING_IDS, ENCODINGS, type EncodingId } from '../events/encode/encodings';
import { DecodeError } from '../errors';
import { answerFor } from '../worker/error-status';
import type { DecodeResult, DeliveryCard, FormatsResponse, SendResult } from './api-types';
import { traitsOf } from './delivery-traits';
import { identifyDelivery } from './identify-delivery';
import { LiveFeed } from './live-feed';
import { startLocalWorker, type LocalWorker } from './local-worker';
import { formatObjectRef, InputError, parseObjectRef } from './object-ref';
import { parsePasted } from './parse-pasted';
import { requestView } from './request-view';
import { sendAndObserve, type SendTarget } from './send-and-observe';
import { parseWorkerUrl } from './send-delivery';
import { inspectorUpload } from './upload';

/** What the inspector serves: its API's operations over its own worker and local bucket. */
export interface Inspector {
  /** The worker the inspector started (`LABELER=local`, `RESULTS_MODE=reply`). */
  readonly workerUrl: URL;
  /** The records of that worker, as they arrive. */
  readonly feed: LiveFeed;
  /** `GET /api/formats`: one upload of `object` (default: the first sample) in every format. */
  formats(object: string | undefined, uploadedAtMs: number | undefined): FormatsResponse;
  /**
   * `POST /api/send`: sends the upload in the named formats, one after another; without
   * `uploadedAtMs`, an upload at the inspector's clock's now (as `formats`).
   */
  send(request: unknown): Promise<SendResult[]>;
  /** `POST /api/decode`: decodes (and, if asked, sends) a delivery the user captured. */
  decode(request: unknown): Promise<DecodeResult>;
  /** Stops the worker and removes the local bucket. */
  close(): Promise<void>;
}

/** Inspector options, from the command line. */
export interface InspectorOptions {
  /** Put the image files of this directory in the local bucket instead of the sample drawings. */
  readonly imagesDir?: string | undefined;
  /** The local bucket's name. @default 'demo-bucket' */
  readonly bucket?: string;
  /** The clock, in milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

const SEND_REQUEST = z.strictObject({
  object: z.string(),
  uploadedAtMs: z.int().nonnegative().optional(),
  formats: z.union([z.literal('all'), z.array(z.enum(ENCODING_IDS as [EncodingId])).min(1)]),
  to: z.string().optional(),
});

const DECODE_REQUEST = z.strictObject({
  text: z.string().max(4 * 1024 * 1024),
  sendTo: z.string().optional(),
});

/**
 * Starts the inspector's parts: a local bucket with the sample images (or `imagesDir`'s), the
 * worker with the offline labeler on it, and the live feed of its records.
 */
export async function startInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const bucket = options.bucket ?? 'demo-bucket';
  const now = options.now ?? Date.now;
  const bucketDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-inspect-'));
  let worker: LocalWorker | undefined;
  try {
    const objects = await prepareBucket(bucketDir, bucket, options.imagesDir);
    const feed = new LiveFeed();
    worker = await startLocalWorker(bucketDir, feed);
    const local: SendTarget = { url: worker.url, feed };
    const samples = new Map<string, DemoObject>(
      objects.map((object) => [formatObjectRef({ bucket, name: object.name }), object]),
    );
    const defaultObject = samples.keys().next().value ?? `gs://${bucket}/image.jpg`;
    const upload = (object: string, uploadedAtMs: number) => {
      const ref = parseObjectRef(object);
      const known = samples.get(formatObjectRef(ref));
      return inspectorUpload(ref, uploadedAtMs, known ?? {});
    };
    const targetOf = (to: string | undefined): SendTarget =>
      to === undefined || to === '' || to === 'local' ? local : { url: parseWorkerUrl(to) };
    const { url: workerUrl } = worker;
    const stopWorker = (): Promise<void> => worker?.close() ?? Promise.resolve();
    return {
      workerUrl,
      feed,
      formats: (object = defaultObject, uploadedAtMs = now()) => {
        const event = upload(object, uploadedAtMs);
        const deliveries = ENCODINGS.map((encoding): DeliveryCard => {
          const message = encodeDelivery(event, encoding.id);
          return {
            id: encoding.id,
            label: encoding.label,
            format: encoding.format,
            ...('reduction' in encoding ? { reduction: encoding.reduction } : {}),
            request: requestView(message, encoding.format),
            traits: traitsOf(message, encoding.format),
          };
        });
        return {
          object: formatObjectRef(parseObjectRef(object)),
          uploadedAtMs,
          event,
          deliveries,
          samples: [...samples.keys()],
          workerUrl: workerUrl.href,
        };
      },
      send: async (body) => {
        const request = parsed(SEND_REQUEST, body);
        const event = upload(request.object, request.uploadedAtMs ?? now());
        const target = targetOf(request.to);
        const ids = request.formats === 'all' ? ENCODING_IDS : request.formats;
        const results: SendResult[] = [];
        for (const id of ids) {
          results.push(await sendAndObserve(id, encodeDelivery(event, id), target));
        }
        return results;
      },
      decode: async (body) => {
        const request = parsed(DECODE_REQUEST, body);
        const pasted = parsePasted(request.text);
        const sent =
          request.sendTo === undefined
            ? undefined
            : await sendAndObserve('pasted', pasted.message, targetOf(request.sendTo));
        const extras = sent === undefined ? {} : { sent };
        try {
          const decoded = identifyDelivery(pasted.message);
          return {
            request: requestView(pasted.message, decoded.format, pasted),
            decoded,
            ...extras,
          };
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          const { problem } = answerFor(error);
          return { request: requestView(pasted.message, undefined, pasted), problem, ...extras };
        }
      },
      close: async () => {
        await stopWorker();
        await rm(bucketDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await worker?.close();
    await rm(bucketDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Checks an API request body against its schema.
 *
 * @throws InputError naming each field that is wrong
 */
function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues
      .map(
        (issue) => `${issue.path.length === 0 ? 'body' : issue.path.join('.')}: ${issue.message}`,
      )
      .join('; '),
  );
}
