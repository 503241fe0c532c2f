/**
 * The strict-schema step: a CRD's storage-version `openAPIV3Schema` made into the schema
 * `kubectl apply --validate=strict` applies. Every object with `properties` and without
 * `x-kubernetes-preserve-unknown-fields` gets `additionalProperties: false`; the root `metadata`
 * is the strict ObjectMeta; documentation and the API server's `x-kubernetes-*` extensions are
 * dropped (`x-kubernetes-int-or-string` becomes `anyOf: [integer, string]`, `nullable` a `null`
 * type). Everything else is kept as it is, for ajv, which refuses a keyword or format it does not
 * know when `derive-schema-files.ts` compiles the result.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
 */
import { parseAllDocuments } from 'yaml';
import { asList, asMapping, stringAt } from '../core/object-access';

/** A JSON schema as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A derived schema with the apiVersion and kind it validates. */
export interface KindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: JsonSchema;
}

/** A source that cannot be made into a schema the validator runs: the derivation stops. */
export class SchemaDerivationError extends Error {
  override readonly name = 'SchemaDerivationError';
}

/** Keys no JSON-schema validator reads: documentation and the API server's extensions. */
const DROPPED = /^(description|default|example|title|nullable|x-kubernetes-.+)$/;
/** Keywords whose value is a schema (or, for `additionalProperties`, a boolean). */
const SUBSCHEMA: ReadonlySet<string> = new Set(['items', 'not', 'additionalProperties']);
const SUBSCHEMA_LIST: ReadonlySet<string> = new Set(['anyOf', 'oneOf', 'allOf']);

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

/**
 * The strict `metadata` (Kubernetes `ObjectMeta`): CRD schemas say only `metadata: {type: object}`
 * because the API server validates metadata itself; these are the fields a manifest can carry.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
 */
const OBJECT_META_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: stringMap,
    annotations: stringMap,
    finalizers: stringList,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          uid: { type: 'string' },
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    creationTimestamp: { type: ['string', 'null'] },
    deletionTimestamp: { type: 'string' },
    deletionGracePeriodSeconds: { type: 'integer' },
    selfLink: { type: 'string' },
    managedFields: { type: 'array', items: { type: 'object' } },
  },
} as const;

/** One node of a structural schema, made strict (see the file comment). */
export function toStrictSchema(node: unknown): JsonSchema {
  const mapping = asMapping(node) ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    if (DROPPED.test(key)) continue;
    if (key === 'properties') {
      const properties = Object.entries(asMapping(value) ?? {});
      out[key] = Object.fromEntries(
        properties.map(([name, child]) => [name, toStrictSchema(child)]),
      );
    } else if (SUBSCHEMA_LIST.has(key)) out[key] = asList(value).map(toStrictSchema);
    else if (SUBSCHEMA.has(key) && typeof value === 'object') out[key] = toStrictSchema(value);
    else out[key] = value;
  }
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

/** A structural root schema made strict, with `apiVersion`, `kind` and the strict ObjectMeta. */
export function toStrictRootSchema(root: unknown): JsonSchema {
  const schema = toStrictSchema(root);
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...asMapping(schema['properties']),
      metadata: toStrictSchema(OBJECT_META_SCHEMA),
    },
    additionalProperties: false,
  };
}

/**
 * The strict schema of one served version of a CRD.
 *
 * @param crdText - the CRD file (YAML; the first CustomResourceDefinition in it is used)
 * @param version - the version name to keep (the storage version the charts write), e.g. `v1`
 * @throws SchemaDerivationError when the file has no CRD, or the version is missing, not served or
 *   without `openAPIV3Schema`
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
  return { apiVersion: `${group}/${version}`, kind, schema: toStrictRootSchema(root) };
}
