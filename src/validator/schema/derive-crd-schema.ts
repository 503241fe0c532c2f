/**
 * Turns a CRD's `openAPIV3Schema` into the strict JSON schema the validator runs, the way
 * `kubectl apply --validate=strict` reads it (MANIFESTS 7, the validation recipe): every object
 * with `properties` and without `x-kubernetes-preserve-unknown-fields` gets
 * `additionalProperties: false`; the root `metadata` is the strict ObjectMeta schema; Kubernetes
 * extensions and documentation are dropped; `x-kubernetes-int-or-string` becomes
 * `anyOf: [integer, string]`.
 */
import { parseAllDocuments } from 'yaml';
import { OBJECT_META_SCHEMA } from './object-meta-schema';
import { asList, asMapping, stringAt, type Mapping } from '../core/object-access';

/** A JSON schema as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A derived schema with the apiVersion and kind it validates. */
export interface KindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: JsonSchema;
}

/** Keywords copied as they are (their values are not schemas). */
const VALUE_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'required',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

/** Keywords whose value is one schema or a list of schemas. */
const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set(['items', 'not']);
const SCHEMA_LIST_KEYWORDS: ReadonlySet<string> = new Set(['anyOf', 'oneOf', 'allOf']);

/** Documentation and API-server extensions that a JSON-schema validator does not read. */
const DROPPED_KEYWORDS: ReadonlySet<string> = new Set([
  'description',
  'default',
  'example',
  'title',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
]);

/** Formats the validator knows (see `schema-check.ts`); any other is a derivation error. */
export const SCHEMA_FORMATS = ['int32', 'int64', 'date-time', 'uri', 'byte'] as const;
const KNOWN_FORMATS: ReadonlySet<string> = new Set(SCHEMA_FORMATS);

/** An unexpected construct in a source schema: the derivation stops rather than guess. */
export class SchemaDerivationError extends Error {
  override readonly name = 'SchemaDerivationError';
}

function strictNode(node: Mapping, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (VALUE_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'format') {
      if (typeof value !== 'string' || !KNOWN_FORMATS.has(value)) {
        throw new SchemaDerivationError(`unsupported format ${JSON.stringify(value)} at ${where}`);
      }
      out[key] = value;
    } else if (key === 'properties') {
      const properties: Record<string, JsonSchema> = {};
      for (const [name, child] of Object.entries(asMapping(value) ?? {})) {
        properties[name] = toStrictSchema(child, `${where}.${name}`);
      }
      out[key] = properties;
    } else if (key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : toStrictSchema(value, `${where}{}`);
    } else if (SCHEMA_KEYWORDS.has(key)) out[key] = toStrictSchema(value, `${where}/${key}`);
    else if (SCHEMA_LIST_KEYWORDS.has(key)) {
      out[key] = asList(value).map((child, i) => toStrictSchema(child, `${where}/${key}/${i}`));
    } else throw new SchemaDerivationError(`unsupported schema keyword "${key}" at ${where}`);
  }
  return out;
}

/**
 * One node of a structural schema, made strict (see the file comment).
 *
 * @throws SchemaDerivationError for a keyword or format the validator would not understand
 */
export function toStrictSchema(node: unknown, where = '(root)'): JsonSchema {
  const mapping = asMapping(node);
  if (mapping === undefined) throw new SchemaDerivationError(`not a schema at ${where}`);
  const out = strictNode(mapping, where);
  if (mapping['x-kubernetes-int-or-string'] === true && out['anyOf'] === undefined) {
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (mapping['nullable'] === true && typeof out['type'] === 'string') {
    out['type'] = [out['type'], 'null'];
  }
  const open = mapping['x-kubernetes-preserve-unknown-fields'] === true;
  if (out['properties'] !== undefined && !open && out['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** A structural root schema made strict, with the strict ObjectMeta as its `metadata`. */
export function toStrictRootSchema(root: unknown, where: string): JsonSchema {
  const schema = toStrictSchema(root, where);
  const properties = asMapping(schema['properties']) ?? {};
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...properties,
      metadata: toStrictSchema(OBJECT_META_SCHEMA, 'metadata'),
    },
    additionalProperties: false,
  };
}

/**
 * The strict schema of one served version of a CRD.
 *
 * @param crdText - the CRD file (YAML; the first CustomResourceDefinition in it is used)
 * @param version - the version name to keep, e.g. `v1`
 * @throws SchemaDerivationError when the file has no CRD, the version is missing or not served,
 *   or the schema uses a construct the validator does not support
 */
export function deriveCrdSchema(crdText: string, version: string): KindSchema {
  const crd = parseAllDocuments(crdText)
    .map((document) => asMapping(document.toJS()))
    .find((object) => stringAt(object, ['kind']) === 'CustomResourceDefinition');
  const group = stringAt(crd, ['spec', 'group']);
  const kind = stringAt(crd, ['spec', 'names', 'kind']);
  if (crd === undefined || group === undefined || kind === undefined) {
    throw new SchemaDerivationError('no CustomResourceDefinition with spec.group and names.kind');
  }
  const entry = asList(asMapping(crd['spec'])?.['versions'])
    .map(asMapping)
    .find((candidate) => candidate?.['name'] === version);
  if (entry?.['served'] !== true) {
    throw new SchemaDerivationError(`${kind}: version ${version} is not served`);
  }
  const root = asMapping(asMapping(entry['schema'])?.['openAPIV3Schema']);
  if (root === undefined) throw new SchemaDerivationError(`${kind} ${version}: no openAPIV3Schema`);
  return {
    apiVersion: `${group}/${version}`,
    kind,
    schema: toStrictRootSchema(root, `${kind}.${version}`),
  };
}
