import type { DeliveryFormat } from '../canonical-event';

/** One row of {@link ENCODINGS}. */
export interface EncodingInfo {
  /** The encoding's id, the second argument of `encodeDelivery`. */
  readonly id: string;
  /** One line for people: the producer and its generation. */
  readonly label: string;
  /** The delivery format the decoder reports for it (`delivery.format` in records). */
  readonly format: DeliveryFormat;
  /**
   * What the encoding cannot carry, so that decoding it gives back less than the canonical event;
   * absent when decoding gives back exactly the canonical event.
   */
  readonly reduction?: string;
}

/**
 * Every way a producer delivers one Cloud Storage notification over HTTP, each exactly as that
 * producer sends it (docs/delivery-formats.md, which links each producer's
 * public documentation). A comparison view lists these; `encodeDelivery` writes
 * each one; `decodeDelivery` reads each one back into the canonical event.
 */
export const ENCODINGS = [
  {
    id: 'pubsub-push',
    label: 'Pub/Sub push subscription (Cloud Run), notification with payloadFormat JSON_API_V1',
    format: 'pubsub-push',
  },
  {
    id: 'pubsub-push-payload-none',
    label: 'Pub/Sub push subscription, notification with payloadFormat NONE (attributes only)',
    format: 'pubsub-push',
    reduction: 'the object is only its bucket, name and generation (the notification attributes)',
  },
  {
    id: 'pubsub-push-unwrapped',
    label: 'Pub/Sub push without wrapper, with metadata (--push-no-wrapper-write-metadata)',
    format: 'pubsub-push-unwrapped',
  },
  {
    id: 'cloudevent-binary',
    label: 'CloudEvent 1.0 binary mode: Eventarc, knative-gcp since 2020-06 (object.v1.finalized)',
    format: 'cloudevent-binary',
  },
  {
    id: 'cloudevent-binary-knative-gcp-2020',
    label: 'CloudEvent 1.0 binary mode: knative-gcp 2019-12 to 2020-06 (com.google.cloud.storage)',
    format: 'cloudevent-binary',
  },
  {
    id: 'cloudevent-binary-v03-2019',
    label: 'CloudEvent 0.3 binary mode: knative-gcp 2019 (google.storage.object.finalize)',
    format: 'cloudevent-binary',
  },
  {
    id: 'cloudevent-message-published',
    label: 'CloudEvent 1.0 binary mode, Pub/Sub-backed: Eventarc or knative-gcp on the topic',
    format: 'cloudevent-binary',
  },
  {
    id: 'cloudevent-structured',
    label: 'CloudEvent 1.0 structured mode (application/cloudevents+json)',
    format: 'cloudevent-structured',
  },
  {
    id: 'cloudevent-batch',
    label: 'CloudEvents 1.0 batched mode (application/cloudevents-batch+json)',
    format: 'cloudevent-batch',
  },
  {
    id: 'gcf-legacy',
    label: 'Legacy Cloud Functions background event, context form (google.storage.object.*)',
    format: 'gcf-legacy',
  },
  {
    id: 'gcf-legacy-flat',
    label: 'Legacy Cloud Functions event, flat form (providers/cloud.storage/.../object.change)',
    format: 'gcf-legacy',
    reduction:
      'object.change says only whether the object exists (resourceState): archived reads back ' +
      'as deleted, metadataUpdated as finalized, and the data keeps its resourceState field',
  },
] as const satisfies readonly EncodingInfo[];

/** One encoding, as listed in {@link ENCODINGS}. */
export type Encoding = (typeof ENCODINGS)[number];
/** The id of an encoding: `pubsub-push`, `cloudevent-binary`, `gcf-legacy-flat`, ... */
export type EncodingId = Encoding['id'];

/** The ids of every encoding, in the order of {@link ENCODINGS}. */
export const ENCODING_IDS: readonly EncodingId[] = Object.freeze(
  ENCODINGS.map((encoding) => encoding.id),
);

/**
 * The row of an encoding.
 *
 * @throws RangeError for an id that is not in {@link ENCODINGS} (a caller outside TypeScript)
 */
export function encodingOf(id: EncodingId): Encoding {
  const encoding = ENCODINGS.find((candidate) => candidate.id === id);
  if (encoding === undefined) throw new RangeError(`unknown encoding ${JSON.stringify(id)}`);
  return encoding;
}
