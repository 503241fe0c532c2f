/**
 * CloudEvents as the fixtures print them: the JSON event format, and the event-display / SDK logs
 * (SOURCES.md: `{attributes, extensions, data | data_raw_text}`, `{logged_attributes, data}`).
 */
import type { CloudEventFixture, FixtureData } from './cloudevent-requests';
import { isObject, type JsonObject } from './json-access';

/** A CloudEvent in the JSON event format: string members are attributes, the rest its data. */
export function cloudEventOfJson(event: JsonObject): CloudEventFixture {
  const attributes = Object.fromEntries(
    Object.entries(event).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' && entry[0] !== 'data' && entry[0] !== 'data_base64',
    ),
  );
  const data: FixtureData =
    typeof event.data_base64 === 'string'
      ? { kind: 'bytes', bytes: Buffer.from(event.data_base64, 'base64') }
      : 'data' in event
        ? { kind: 'json', value: event.data }
        : { kind: 'none' };
  return { attributes, data };
}

/**
 * A CloudEvent printed by an event-display logger: `{attributes, extensions, data | data_raw_text}`
 * or the C# SDK's `{logged_attributes: {ID, SpecVersion: "V1_0", ...}, data}` (empty values were
 * absent attributes).
 */
export function cloudEventOfLog(log: JsonObject): CloudEventFixture {
  const logged = isObject(log.logged_attributes) ? log.logged_attributes : {};
  const attributes: Record<string, string> = {};
  for (const [name, v] of Object.entries(logged)) {
    if (typeof v === 'string' && v !== '') attributes[name.toLowerCase()] = v;
  }
  if (attributes.specversion !== undefined) {
    attributes.specversion = attributes.specversion.replace(/^V(\d+)_(\d+)$/, '$1.$2');
  }
  for (const group of [log.attributes, log.extensions]) {
    for (const [name, v] of Object.entries(isObject(group) ? group : {})) {
      if (typeof v === 'string') attributes[name] = v;
    }
  }
  const data: FixtureData =
    typeof log.data_raw_text === 'string'
      ? { kind: 'bytes', bytes: Buffer.from(log.data_raw_text, 'utf8') }
      : { kind: 'json', value: log.data };
  return { attributes, data };
}
