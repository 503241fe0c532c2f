/**
 * The JSON schema of a Cloud Run Service YAML, from the Cloud Run Admin API v1 discovery document
 * (which no schema library knows): `gcloud run services replace` decodes the YAML into the
 * `run_v1_messages` classes generated from that document and fails on any field they do not have,
 * so every message becomes an object with `additionalProperties: false`. Messages become `$defs`
 * (only those reachable from the root), `$ref: "X"` becomes `$ref: "#/$defs/X"`, and the fields
 * Cloud Run gained after the saved document (revision 20220408) are merged in.
 *
 * @see https://run.googleapis.com/$discovery/rest?version=v1
 * @see https://cloud.google.com/run/docs/reference/rest/v1/namespaces.services
 */
import { asMapping, type Mapping } from '../core/object-access';
import { SchemaDerivationError, type JsonSchema } from './strict-schema';

/** A discovery-style property (`type`, `format`, `$ref`, `items`, `additionalProperties`). */
type DiscoveryProperty = Readonly<Record<string, unknown>>;

const int32 = { type: 'integer', format: 'int32' } as const;
const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const stringMap = { type: 'object', additionalProperties: string } as const;

/**
 * Properties Cloud Run accepts that the saved document predates, by message: the RevisionSpec's
 * `nodeSelector` and `runtimeClassName`, `grpc` probes, `emptyDir`, `csi` and `nfs` volumes, and
 * `HTTPGetAction.port`, an int32 field of gcloud's `run_v1_messages.HTTPGetAction`.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 */
const LATER_PROPERTIES: Readonly<Record<string, Readonly<Record<string, DiscoveryProperty>>>> = {
  RevisionSpec: { nodeSelector: stringMap, runtimeClassName: string },
  Probe: { grpc: { $ref: 'GRPCAction' } },
  HTTPGetAction: { port: int32 },
  Volume: {
    emptyDir: { $ref: 'EmptyDirVolumeSource' },
    csi: { $ref: 'CSIVolumeSource' },
    nfs: { $ref: 'NFSVolumeSource' },
  },
};

/**
 * The messages those properties refer to, as the Cloud Run Admin API v1 REST reference spells them.
 *
 * @see https://cloud.google.com/run/docs/reference/rest/v1/Container#Probe
 * @see https://cloud.google.com/run/docs/reference/rest/v1/Volume
 */
const LATER_MESSAGES: Readonly<Record<string, Mapping>> = {
  GRPCAction: { properties: { port: int32, service: string } },
  EmptyDirVolumeSource: { properties: { medium: string, sizeLimit: string } },
  CSIVolumeSource: {
    properties: { driver: string, readOnly: boolean, volumeAttributes: stringMap },
  },
  NFSVolumeSource: { properties: { path: string, readOnly: boolean, server: string } },
};

/** Discovery formats → JSON-schema formats the validator knows; others are dropped. */
const FORMATS: Readonly<Record<string, string>> = {
  int32: 'int32',
  int64: 'int64',
  'google-datetime': 'date-time',
};

/** The `schemas` of the discovery document with the later additions merged in. */
function messagesOf(discovery: unknown): ReadonlyMap<string, Mapping> {
  const schemas = asMapping(asMapping(discovery)?.['schemas']);
  if (schemas === undefined) throw new SchemaDerivationError('discovery document has no schemas');
  const messages = new Map<string, Mapping>();
  for (const [id, schema] of Object.entries(schemas)) {
    const mapping = asMapping(schema);
    if (mapping !== undefined) messages.set(id, mapping);
  }
  for (const [id, schema] of Object.entries(LATER_MESSAGES)) {
    if (messages.has(id)) throw new SchemaDerivationError(`${id} is already in the document`);
    messages.set(id, schema);
  }
  for (const [id, additions] of Object.entries(LATER_PROPERTIES)) {
    const message = messages.get(id);
    const properties = asMapping(message?.['properties']);
    if (message === undefined || properties === undefined) {
      throw new SchemaDerivationError(`${id} is not in the document`);
    }
    messages.set(id, { ...message, properties: { ...properties, ...additions } });
  }
  return messages;
}

function propertySchema(property: Mapping, where: string, refs: Set<string>): JsonSchema {
  const ref = property['$ref'];
  if (typeof ref === 'string') {
    refs.add(ref);
    return { $ref: `#/$defs/${ref}` };
  }
  const out: Record<string, unknown> = {};
  if (typeof property['type'] === 'string') out['type'] = property['type'];
  const format = typeof property['format'] === 'string' ? FORMATS[property['format']] : undefined;
  if (format !== undefined) out['format'] = format;
  if (Array.isArray(property['enum'])) out['enum'] = property['enum'];
  const items = asMapping(property['items']);
  if (items !== undefined) out['items'] = propertySchema(items, `${where}[]`, refs);
  const values = asMapping(property['additionalProperties']);
  if (values !== undefined)
    out['additionalProperties'] = propertySchema(values, `${where}{}`, refs);
  if (out['type'] === undefined) throw new SchemaDerivationError(`no type at ${where}`);
  return out;
}

function messageSchema(id: string, message: Mapping, refs: Set<string>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(asMapping(message['properties']) ?? {})) {
    const mapping = asMapping(property);
    if (mapping === undefined) throw new SchemaDerivationError(`${id}.${name} is not a schema`);
    properties[name] = propertySchema(mapping, `${id}.${name}`, refs);
  }
  return { type: 'object', properties, additionalProperties: false };
}

/**
 * The strict schema rooted at one discovery message (e.g. `Service`).
 *
 * @throws SchemaDerivationError when the document lacks the root or a referenced message, or a
 *   later addition does not fit it
 */
export function deriveDiscoverySchema(discovery: unknown, root: string): JsonSchema {
  const messages = messagesOf(discovery);
  const definitions: Record<string, JsonSchema> = {};
  const pending = [root];
  for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
    if (definitions[id] !== undefined) continue;
    const message = messages.get(id);
    if (message === undefined) throw new SchemaDerivationError(`no schema ${id} in the document`);
    const refs = new Set<string>();
    definitions[id] = messageSchema(id, message, refs);
    pending.push(...refs);
  }
  const sorted = Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : 1));
  return { $ref: `#/$defs/${root}`, $defs: Object.fromEntries(sorted) };
}
