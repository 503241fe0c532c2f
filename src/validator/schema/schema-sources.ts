/**
 * Which schemas `npm run schemas` derives, from what, into which file of `schemas/`: the
 * kinds the charts generate. One table; adding a kind is adding a row.
 */
import type { Target } from '../core/manifest-document';

/** A kind whose schema comes from a CRD file (`openAPIV3Schema` of one served version). */
export interface CrdSchemaSource {
  readonly type: 'crd';
  /** The CRD file, relative to the CRD directory (`../shared/crds`). */
  readonly file: string;
  /** The served version to keep (the storage version; the one the charts write). */
  readonly version: string;
  readonly output: string;
  readonly target?: Target;
}

/** A Kubernetes built-in kind, given here in the structural-schema form a CRD would use. */
export interface BuiltinSchemaSource {
  readonly type: 'builtin';
  readonly apiVersion: string;
  readonly kind: string;
  /** The upstream reference the schema follows. */
  readonly reference: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly output: string;
}

/** A kind whose schema comes from the Cloud Run Admin API v1 discovery document. */
export interface DiscoverySchemaSource {
  readonly type: 'discovery';
  readonly apiVersion: string;
  readonly kind: string;
  /** The discovery `schemas` entry to start from. */
  readonly root: string;
  readonly output: string;
  readonly target: Target;
}

/** One row of {@link SCHEMA_SOURCES}. */
export type SchemaSource = CrdSchemaSource | BuiltinSchemaSource | DiscoverySchemaSource;

const kcc = (resource: string): string =>
  `config-connector/apiextensions.k8s.io_v1_customresourcedefinition_${resource}.yaml`;

const stringList = { type: 'array', items: { type: 'string' } } as const;
const localObjectReference = { type: 'object', properties: { name: { type: 'string' } } } as const;

/** A built-in kind's root: apiVersion, kind, metadata (made strict on derivation) and `fields`. */
const builtinRoot = (fields: Readonly<Record<string, unknown>>) => ({
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...fields,
  },
});

/** Every derived schema, in the order the files are written. */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  {
    type: 'builtin',
    apiVersion: 'v1',
    kind: 'Namespace',
    reference:
      'https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/namespace-v1/',
    schema: builtinRoot({ spec: { type: 'object', properties: { finalizers: stringList } } }),
    output: 'namespace.json',
  },
  {
    type: 'builtin',
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    reference:
      'https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/service-account-v1/',
    schema: builtinRoot({
      automountServiceAccountToken: { type: 'boolean' },
      imagePullSecrets: { type: 'array', items: localObjectReference },
      secrets: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            apiVersion: { type: 'string' },
            fieldPath: { type: 'string' },
            kind: { type: 'string' },
            name: { type: 'string' },
            namespace: { type: 'string' },
            resourceVersion: { type: 'string' },
            uid: { type: 'string' },
          },
        },
      },
    }),
    output: 'service-account.json',
  },
  {
    type: 'crd',
    file: 'knative-serving/service.yaml',
    version: 'v1',
    output: 'knative-service.json',
    target: 'knative',
  },
  { type: 'crd', file: 'knative-eventing/broker.yaml', version: 'v1', output: 'broker.json' },
  { type: 'crd', file: 'knative-eventing/trigger.yaml', version: 'v1', output: 'trigger.json' },
  {
    // The verbatim file uses YAML merge keys (`<<: *version`); the flattened copy resolves them.
    type: 'crd',
    file: 'knative-gcp/cloudstoragesource.flattened.yaml',
    version: 'v1',
    output: 'cloud-storage-source.json',
  },
  {
    type: 'crd',
    file: kcc('pubsubtopics.pubsub.cnrm.cloud.google.com'),
    version: 'v1beta1',
    output: 'pubsub-topic.json',
  },
  {
    type: 'crd',
    file: kcc('pubsubsubscriptions.pubsub.cnrm.cloud.google.com'),
    version: 'v1beta1',
    output: 'pubsub-subscription.json',
  },
  {
    type: 'crd',
    file: kcc('storagebuckets.storage.cnrm.cloud.google.com'),
    version: 'v1beta1',
    output: 'storage-bucket.json',
  },
  {
    type: 'crd',
    file: kcc('storagenotifications.storage.cnrm.cloud.google.com'),
    version: 'v1beta1',
    output: 'storage-notification.json',
  },
  {
    type: 'crd',
    file: kcc('iamserviceaccounts.iam.cnrm.cloud.google.com'),
    version: 'v1beta1',
    output: 'iam-service-account.json',
  },
  {
    type: 'crd',
    file: kcc('iampolicymembers.iam.cnrm.cloud.google.com'),
    version: 'v1beta1',
    output: 'iam-policy-member.json',
  },
  {
    type: 'discovery',
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    root: 'Service',
    output: 'cloud-run-service.json',
    target: 'cloud-run',
  },
];
