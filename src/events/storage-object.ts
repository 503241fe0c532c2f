import { DecodeError } from '../errors';
import type { StorageObjectData } from './canonical-event';
import { describePointer, isJsonObject, memberPointer, type JsonObject } from './json';

/** The int64 fields of the object resource: decimal strings in the JSON API, numbers in some tests. */
const INT64_FIELDS = ['generation', 'metageneration', 'size'] as const;

/** Whether a value is a storage object resource: an object with a string `bucket` and `name`. */
export function isStorageObject(
  value: unknown,
): value is JsonObject & { bucket: string; name: string } {
  return (
    isJsonObject(value) &&
    typeof value.bucket === 'string' &&
    value.bucket !== '' &&
    typeof value.name === 'string' &&
    value.name !== ''
  );
}

/**
 * Normalises an object resource: int64 fields become exact decimal strings (google-cloudevents
 * testdata sends them as JSON numbers; the JSON API sends strings), every other field is kept.
 *
 * @param value - the parsed object resource
 * @param pointer - where it sits in the delivery, for error messages (`/` when it is the body)
 * @throws DecodeError (`invalid-event`) when `bucket` or `name` is missing or an int64 field is
 *   neither an integer nor a decimal string
 */
export function toStorageObjectData(value: unknown, pointer: string): StorageObjectData {
  if (!isStorageObject(value)) {
    throw new DecodeError(
      'invalid-event',
      `${describePointer(pointer)} is not a Cloud Storage object resource: it needs a string "bucket" and "name"`,
      pointer,
    );
  }
  let normalized: JsonObject = value;
  for (const field of INT64_FIELDS) {
    const raw = value[field];
    if (raw === undefined || raw === null || (typeof raw === 'string' && /^-?\d+$/.test(raw))) {
      continue;
    }
    if (typeof raw === 'number' && Number.isInteger(raw)) {
      normalized = { ...normalized, [field]: BigInt(raw).toString() };
      continue;
    }
    const fieldPointer = memberPointer(pointer, field);
    throw new DecodeError(
      'invalid-event',
      `${fieldPointer} must be an integer or a decimal string, got ${JSON.stringify(raw)}`,
      fieldPointer,
    );
  }
  return normalized as StorageObjectData;
}
