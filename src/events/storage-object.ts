import { DecodeError } from '../errors';
import type { StorageObjectData } from './canonical-event';
import {
  describePointer,
  isJsonObject,
  kindOf,
  memberPointer,
  unwrapJsonString,
  type JsonObject,
} from './json';

/** The int64 fields of the object resource: decimal strings in the JSON API, numbers in some tests. */
const INT64_FIELDS = ['generation', 'metageneration', 'size'] as const;
/** Canonical decimal digits of a non-negative integer of up to 19 digits: no sign, no leading 0. */
const CANONICAL_DIGITS = /^(?:0|[1-9]\d{0,18})$/;
/** 2^63 - 1, the largest int64, in decimal. */
const INT64_MAX = '9223372036854775807';

/**
 * An int64 of Cloud Storage (an object's `generation`, `metageneration` or `size`, a notification's
 * `objectGeneration`) as its canonical decimal string: a string of decimal digits with no sign and
 * no leading zero, or a JSON integer (which `parseJson` keeps exact in any notation:
 * `1.712345678901234567e18` arrives as `"1712345678901234567"`), from 0 to 2^63 - 1. Generations
 * and sizes are never negative. `undefined` for anything else: `-1`, `"0012"`, `"+12"`, `"1e3"`,
 * `12.5`, a number kept as its literal (`12.0000000000000001`), `1.5e21` (beyond int64).
 *
 * @see https://cloud.google.com/storage/docs/json_api/v1/objects#resource
 */
export function int64Text(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  }
  if (typeof value !== 'string' || !CANONICAL_DIGITS.test(value)) return undefined;
  return value.length < INT64_MAX.length || value <= INT64_MAX ? value : undefined;
}

/**
 * {@link int64Text}, for a value at `pointer`.
 *
 * @throws DecodeError (`invalid-event`) naming the pointer and the value when it is no int64
 */
export function requireInt64(value: unknown, pointer: string): string {
  const text = int64Text(value);
  if (text === undefined) {
    throw new DecodeError(
      'invalid-event',
      `${pointer} must be an integer from 0 to ${INT64_MAX}, as decimal digits or a JSON number, not ${kindOf(value)}`,
      pointer,
    );
  }
  return text;
}

/**
 * Fields the worker reads as strings (the object's identity, and whether it is an image): strings
 * when present, in every format; `null` counts as absent.
 */
const STRING_FIELDS = ['bucket', 'name', 'contentType'] as const;
/** Of those, the names: well-formed Unicode too, as Cloud Storage names are UTF-8. */
const NAME_FIELDS: ReadonlySet<string> = new Set(['bucket', 'name']);

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
 * A storage event's data as the object it holds, before its bucket and name are completed from the
 * event's source or resource name: `{}` when the event has no data (`undefined` or `null`), a JSON
 * object as it is, a string that holds a JSON object parsed once (see `unwrapJsonString`). The
 * same rule for every content type and format.
 *
 * @param pointer - where the data sits (`/data`), for error messages
 * @throws DecodeError (`invalid-event`) naming the pointer for any other data: a string that holds
 *   no JSON object, a number, an array; naming the field when `bucket`, `name` or `contentType` is
 *   present but no (well-formed) string, which no fallback may replace; (`malformed-body`) for a
 *   string of broken JSON
 */
export function storageDataObject(value: unknown, pointer: string): JsonObject {
  if (value === undefined || value === null) return {};
  const data = unwrapJsonString(value, pointer);
  if (isJsonObject(data)) {
    checkStringFields(data, pointer);
    return data;
  }
  throw new DecodeError(
    'invalid-event',
    `${describePointer(pointer)} is ${kindOf(data)}: a storage event's data is an object resource (a JSON object, or a string holding one)`,
    pointer,
  );
}

/**
 * Normalises an object resource: int64 fields become their canonical decimal strings (see
 * {@link int64Text}; google-cloudevents testdata sends them as JSON numbers, the JSON API sends
 * strings), a `null` in a field the worker reads counts as absent, every other field is kept.
 *
 * @param value - the parsed object resource
 * @param pointer - where it sits in the delivery, for error messages (`/` when it is the body)
 * @throws DecodeError (`invalid-event`) when `bucket` or `name` is missing, an int64 field is no
 *   int64 (see {@link int64Text}), or `bucket`, `name` or `contentType` is no (well-formed) string
 */
export function toStorageObjectData(value: unknown, pointer: string): StorageObjectData {
  if (isJsonObject(value)) checkStringFields(value, pointer);
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
  for (const field of INT64_FIELDS) {
    const raw = normalized[field];
    if (raw === undefined) continue;
    const text = requireInt64(raw, memberPointer(pointer, field));
    if (text !== raw) normalized = { ...normalized, [field]: text };
  }
  return normalized as StorageObjectData;
}

/**
 * Checks the fields the worker reads as strings ({@link STRING_FIELDS}).
 *
 * @throws DecodeError (`invalid-event`) naming the first field that is present (not `null`) but no
 *   string, or a name that is not well-formed Unicode (a lone surrogate)
 */
function checkStringFields(object: JsonObject, pointer: string): void {
  for (const field of STRING_FIELDS) {
    const value = object[field];
    if (value === undefined || value === null) continue;
    const fieldPointer = memberPointer(pointer, field);
    if (typeof value !== 'string') {
      throw new DecodeError(
        'invalid-event',
        `${fieldPointer} must be a string, not ${kindOf(value)}`,
        fieldPointer,
      );
    }
    if (NAME_FIELDS.has(field) && !value.isWellFormed()) {
      throw new DecodeError(
        'invalid-event',
        `${fieldPointer} is not well-formed Unicode (it holds a lone surrogate): ${JSON.stringify(value)}`,
        fieldPointer,
      );
    }
  }
}
