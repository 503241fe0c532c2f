/**
 * The strict JSON schema of a root `metadata` (Kubernetes `ObjectMeta`). CRD schemas say only
 * `metadata: {type: object}` because the API server validates metadata itself; we validate the
 * fields a generated manifest can carry, as `kubectl apply --validate=strict` does.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
 */
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

/** `metadata` for every Kubernetes-style object we derive a schema for. */
export const OBJECT_META_SCHEMA = {
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
