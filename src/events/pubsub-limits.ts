/**
 * Pub/Sub's limits on one published message, for the code that publishes dead letters (the
 * source's copies, the Knative dead-letter receiver): a message over any of them is refused with
 * `INVALID_ARGUMENT`, and no retry mends that.
 *
 * @see https://cloud.google.com/pubsub/quotas#resource_limits
 */
export const PUBSUB_MESSAGE_LIMITS = {
  /** Attributes per message. */
  attributes: 100,
  /** Bytes of one attribute key (UTF-8). */
  attributeKeyBytes: 256,
  /** Bytes of one attribute value (UTF-8). */
  attributeValueBytes: 1024,
  /** Bytes of one publish request: the data, the attributes and the framing (10 MB). */
  publishRequestBytes: 10_000_000,
} as const;

/**
 * The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends on a whole character.
 *
 * @param bytes - the most UTF-8 bytes the result may take
 */
export function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= bytes) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8');
  while (cut.endsWith('\ufffd') || Buffer.byteLength(cut, 'utf8') > bytes) cut = cut.slice(0, -1);
  return cut;
}
