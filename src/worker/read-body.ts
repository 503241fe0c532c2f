import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { BodyTooLargeError, DecodeError, UnsupportedContentEncodingError } from '../errors';

/**
 * Reads the whole request body as bytes, refusing more than `maxBodyBytes` (checked against
 * Content-Length before reading, and while reading a chunked body).
 *
 * @throws UnsupportedContentEncodingError when the body is compressed (415): neither Pub/Sub nor
 *   Knative compresses deliveries
 * @throws BodyTooLargeError when the body is larger than the limit (413)
 * @throws DecodeError (`malformed-body`) when the sender stops before the body is complete
 */
export async function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new UnsupportedContentEncodingError(encoding);
  }
  try {
    return await getRawBody(request, { limit: maxBodyBytes });
  } catch (error) {
    if (isRawBodyError(error) && error.type === 'entity.too.large') {
      throw new BodyTooLargeError(maxBodyBytes);
    }
    if (isRawBodyError(error) && error.type === 'request.aborted') {
      throw new DecodeError(
        'malformed-body',
        'the request body ended before its Content-Length',
        '/',
        { cause: error },
      );
    }
    throw error;
  }
}

function isRawBodyError(error: unknown): error is { type: string } {
  return typeof error === 'object' && error !== null && 'type' in error;
}
