/** A Cloud Storage object named by its `gs://` URI. */
export interface ObjectRef {
  readonly bucket: string;
  readonly name: string;
}

/**
 * Bucket names: 3 to 63 characters of lower-case letters, digits, `-`, `_` and `.` (up to 222
 * with dots), starting and ending with a letter or digit.
 *
 * @see https://cloud.google.com/storage/docs/buckets#naming
 */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/**
 * Object names: 1 to 1024 bytes of UTF-8, no carriage return or line feed.
 *
 * @see https://cloud.google.com/storage/docs/objects#naming
 */
const MAX_OBJECT_NAME_BYTES = 1024;

/** An input the inspector refuses, with a message that names it; answered 400 by its API. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Reads `gs://<bucket>/<name>`.
 *
 * @throws InputError when the text is no `gs://` URI of an object, the bucket name is not one
 *   Cloud Storage allows, or the object name is empty, too long or holds a line break
 */
export function parseObjectRef(text: string): ObjectRef {
  const match = /^gs:\/\/([^/]+)\/(.+)$/s.exec(text.trim());
  if (match === null) {
    throw new InputError(`object ${JSON.stringify(text)}: expected gs://<bucket>/<name>`);
  }
  const [, bucket = '', name = ''] = match;
  if (!BUCKET_NAME.test(bucket)) {
    throw new InputError(
      `object ${JSON.stringify(text)}: bucket ${JSON.stringify(bucket)} is not a Cloud Storage bucket name`,
    );
  }
  if (/[\r\n]/.test(name) || Buffer.byteLength(name) > MAX_OBJECT_NAME_BYTES) {
    throw new InputError(
      `object ${JSON.stringify(text)}: an object name is at most ${MAX_OBJECT_NAME_BYTES} bytes, without line breaks`,
    );
  }
  return { bucket, name };
}

/** `gs://<bucket>/<name>`. */
export function formatObjectRef(ref: ObjectRef): string {
  return `gs://${ref.bucket}/${ref.name}`;
}
