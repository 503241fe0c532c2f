/** Small readers for fixture JSON: a wrong shape fails loudly with the field's name. */

export type JsonObject = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string member, or `undefined` when absent or not a string. */
export function optionalText(
  object: Readonly<Record<string, unknown>>,
  key: string,
): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** A string member that must be there. */
export function requiredText(object: Readonly<Record<string, unknown>>, key: string): string {
  const value = optionalText(object, key);
  if (value === undefined) {
    throw new Error(`fixture member "${key}" must be a string; got ${JSON.stringify(object[key])}`);
  }
  return value;
}

/**
 * An int64 field (`generation`, `size`, ...) as its exact decimal string. A JSON number is only
 * trusted below 2^53: above, `JSON.parse` has already rounded it.
 */
export function int64Text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new Error(`the fixture's ${field} ${JSON.stringify(value)} cannot be read exactly`);
}
