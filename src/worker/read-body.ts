import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import {
  BodyTooLargeError,
  DecodeError,
  UnsupportedContentEncodingError,
  type DualrunError,
} from '../errors';

/** raw-body's error types (its `error.type`) → our errors. */
const RAW_BODY_ERRORS: Readonly<
  Record<string, (maxBodyBytes: number, cause: unknown) => DualrunError>
> = Object.freeze({
  'entity.too.large': (maxBodyBytes) => new BodyTooLargeError(maxBodyBytes),
  'request.aborted': (_max, cause) =>
    new DecodeError('malformed-body', 'the request body ended before its Content-Length', '/', {
      cause,
    }),
  'request.size.invalid': (_max, cause) =>
    new DecodeError('malformed-body', 'the request body does not match its Content-Length', '/', {
      cause,
    }),
});

/**
 * Reads the whole request body as bytes, refusing more than `maxBodyBytes`: at once when the
 * Content-Length says so (nothing is read), and while reading a chunked body.
 *
 * @throws UnsupportedContentEncodingError when the body is compressed (415): neither Pub/Sub nor
 *   Knative compresses deliveries
 * @throws BodyTooLargeError when the body is larger than the limit (413)
 * @throws DecodeError (`malformed-body`) when the body ends early or does not match its length
 */
export async function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new UnsupportedContentEncodingError(encoding);
  }
  const length = request.headers['content-length'];
  try {
    return await getRawBody(request, {
      limit: maxBodyBytes,
      ...(length === undefined ? {} : { length }),
    });
  } catch (error) {
    const type =
      typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    const mapped =
      typeof type === 'string' && Object.hasOwn(RAW_BODY_ERRORS, type)
        ? RAW_BODY_ERRORS[type]
        : undefined;
    throw mapped === undefined ? error : mapped(maxBodyBytes, error);
  }
}
