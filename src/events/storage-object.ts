import { DecodeError } from '../errors';
import type { StorageObjectData } from './canonical-event';
import { describePointer, isJsonObject, memberPointer, type JsonObject } from './json';

/** The int64 fields of the object resource: decimal strings in the JSON API, numbers in some tests. */
const INT64_FIELDS = ['generation', 'metageneration', 'size'] as const;
/** Other fields the worker reads (to decide whether the object is an image): strings when present. */
const STRING_FIELDS = ['contentType'] as const;

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
 * testdata sends them as JSON numbers; the JSON API sends strings), a `null` in a field the worker
 * reads counts as absent, every other field is kept.
 *
 * @param value - the parsed object resource
 * @param pointer - where it sits in the delivery, for error messages (`/` when it is the body)
 * @throws DecodeError (`invalid-event`) when `bucket` or `name` is missing, an int64 field is
 *   neither an integer nor a decimal string, or `contentType` is not a string
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
  const nulls = [...INT64_FIELDS, ...STRING_FIELDS].filter((field) => value[field] === null);
  if (nulls.length > 0) {
    normalized = Object.fromEntries(
      Object.entries(value).filter(([key]) => !nulls.includes(key as never)),
    );
  }
  for (const field of STRING_FIELDS) {
    const raw = normalized[field];
    if (raw !== undefined && typeof raw !== 'string') {
      const fieldPointer = memberPointer(pointer, field);
      throw new DecodeError(
        'invalid-event',
        `${fieldPointer} must be a string, got ${JSON.stringify(raw)}`,
        fieldPointer,
      );
    }
  }
  for (const field of INT64_FIELDS) {
    const raw = normalized[field];
    if (raw === undefined || (typeof raw === 'string' && /^-?\d+$/.test(raw))) {
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
