import { CORE_ATTRIBUTES } from '../events/cloudevent-parts';
import { encodeCeHeaderValue } from '../events/cloudevent-headers';
import type { Message } from '../events/message';
import { NOTIFICATION_ATTRIBUTES } from '../events/pubsub-message';

/**
 * Extension names an override may not take: the spec's context attributes, the `bucket` extension
 * Eventarc sets, and the names the worker's decoder reads as notification attributes
 * (`eventtime`, `bucketid`, ...): an override adds information, it never changes the event.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...CORE_ATTRIBUTES,
  'bucket',
  ...Object.keys(NOTIFICATION_ATTRIBUTES),
]);

/**
 * CloudEvents attribute names: lower-case letters and digits, at most 20 characters.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#attribute-naming-convention
 */
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;

/**
 * Reads `K_CE_OVERRIDES`, the JSON of Knative's `CloudEventOverrides` (`{"extensions": {...}}`,
 * string values), as a SinkBinding or ContainerSource writes it from `spec.ceOverrides`.
 *
 * @returns the extensions by name, or what is wrong: not JSON, not an object, an extension value
 *   that is not a string, a name that is no CloudEvents attribute name, or a reserved name
 * @see https://knative.dev/docs/eventing/custom-event-source/sinkbinding/reference/#cloudevent-overrides
 */
export function parseCeOverrides(
  json: string,
): { readonly extensions: Readonly<Record<string, string>> } | { readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { problem: 'it is not JSON: expected {"extensions":{"name":"value"}}' };
  }
  if (!isObject(value)) return { problem: 'expected a JSON object {"extensions":{...}}' };
  const extensions = value.extensions ?? {};
  if (!isObject(extensions)) return { problem: '"extensions" must be an object of strings' };
  const result: Record<string, string> = {};
  for (const [name, extension] of Object.entries(extensions)) {
    if (typeof extension !== 'string') {
      return { problem: `extension ${JSON.stringify(name)} must have a string value` };
    }
    if (!EXTENSION_NAME.test(name)) {
      return {
        problem: `extension ${JSON.stringify(name)} is no CloudEvents attribute name (a-z, 0-9, at most 20)`,
      };
    }
    if (RESERVED_NAMES.has(name)) {
      return {
        problem: `extension ${JSON.stringify(name)} would change the event: overrides only add extensions`,
      };
    }
    result[name] = extension;
  }
  return { extensions: result };
}

/**
 * A binary-mode CloudEvent with extensions added as `ce-<name>` headers (percent-encoded as the
 * encoder writes every attribute). A name the message already carries is left as it is.
 */
export function withExtensions(
  message: Message,
  extensions: Readonly<Record<string, string>>,
): Message {
  const headers = { ...message.headers };
  for (const [name, value] of Object.entries(extensions)) {
    const header = `ce-${name}`;
    if (!Object.hasOwn(headers, header)) headers[header] = encodeCeHeaderValue(value);
  }
  return { headers, body: message.body };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
