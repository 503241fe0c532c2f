/**
 * Property: real deliveries of the repository's fixture event, in every encoding and in hand-built
 * variants, broken in the ways transports and producers break them (headers dropped, repeated,
 * renamed in another case or given other values, bodies cut, base64 corrupted, JSON types swapped,
 * huge strings, random bytes), never make `decodeDelivery` throw anything but a `DecodeError`
 * with a documented code, and never make the worker answer 5xx, even with a labeler that succeeds.
 */
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODING_IDS } from '../../src/events/encode/encodings';
import {
  base64Json,
  binaryRequest,
  CAT_EVENT,
  CAT_ID,
  CAT_OBJECT,
  CAT_TIME,
  gcsAttributes,
  jsonRequest,
  pushRequest,
} from '../support/decode-fixtures';
import { wireRequestOf, type WireRequest } from '../support/delivery-mutations';
import { describeMutationProperties } from '../support/mutation-suite';

/** Sized for two shared cores. */
const DECODE_RUNS = 1500;
const HTTP_RUNS = 300;

const SEEDS: readonly WireRequest[] = [
  ...ENCODING_IDS.map((encoding) => encodeDelivery(CAT_EVENT, encoding)),
  pushRequest({
    attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
    data: base64Json(CAT_OBJECT, 'base64url'),
    message_id: CAT_ID,
    publish_time: CAT_TIME,
  }),
  jsonRequest(
    {
      specversion: '1.0',
      id: CAT_ID,
      source: CAT_EVENT.source,
      type: 'google.cloud.storage.object.v1.finalized',
      subject: CAT_EVENT.subject,
      datacontenttype: 'application/json',
      data_base64: base64Json(CAT_OBJECT),
    },
    { 'Content-Type': 'application/cloudevents+json; charset=UTF-8' },
  ),
  binaryRequest(
    {
      specversion: '1.0',
      id: CAT_ID,
      source: CAT_EVENT.source,
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
    },
    {
      message: {
        attributes: gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT),
        data: base64Json(CAT_OBJECT),
        messageId: CAT_ID,
      },
      subscription: 'projects/demo/subscriptions/s',
    },
  ),
].map(wireRequestOf);

describeMutationProperties(SEEDS, { decode: DECODE_RUNS, http: HTTP_RUNS }, 'a mutated delivery');
