/**
 * Which schemas `npm run schemas` derives, from what, into which file of `schemas/`: the kinds the
 * charts generate. One table; adding a kind is adding a row.
 */
import type { Target } from '../core/manifest-document';

/** A kind whose schema comes from a CRD file (`openAPIV3Schema` of its storage version). */
export interface CrdSchemaSource {
  readonly type: 'crd';
  /** The CRD file, relative to the CRD directory `npm run schemas` reads. */
  readonly file: string;
  /** The upstream file it is a copy of. */
  readonly url: string;
  /** The version to keep: the storage version, the one the charts write. */
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

const API_REFERENCE = 'https://kubernetes.io/docs/reference/kubernetes-api';
const string = { type: 'string' } as const;
const stringList = { type: 'array', items: string } as const;

/** A built-in kind's root: apiVersion, kind, metadata (made strict on derivation) and `fields`. */
const builtinRoot = (fields: Readonly<Record<string, unknown>>) => ({
  type: 'object',
  properties: { apiVersion: string, kind: string, metadata: { type: 'object' }, ...fields },
});

const SERVING = 'https://github.com/knative/serving/blob/knative-v1.23.0/config/core/300-resources';
const EVENTING = 'https://github.com/knative/eventing/blob/knative-v1.22.2/config/core/resources';
const KNATIVE_GCP = 'https://github.com/google/knative-gcp/blob/v0.23.0/config/core/resources';
const KCC =
  'https://github.com/GoogleCloudPlatform/k8s-config-connector/blob/v1.155.1/config/crds/resources';

const crd = (
  file: string,
  url: string,
  version: string,
  output: string,
  target?: Target,
): CrdSchemaSource => ({
  type: 'crd',
  file,
  url,
  version,
  output,
  ...(target === undefined ? {} : { target }),
});
const kcc = (resource: string, output: string): CrdSchemaSource => {
  const name = `apiextensions.k8s.io_v1_customresourcedefinition_${resource}.cnrm.cloud.google.com.yaml`;
  return crd(`config-connector/${name}`, `${KCC}/${name}`, 'v1beta1', output);
};

/** Every derived schema, in the order the files are written. */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  {
    type: 'builtin',
    apiVersion: 'v1',
    kind: 'Namespace',
    reference: `${API_REFERENCE}/cluster-resources/namespace-v1/`,
    schema: builtinRoot({ spec: { type: 'object', properties: { finalizers: stringList } } }),
    output: 'namespace.json',
  },
  {
    type: 'builtin',
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    reference: `${API_REFERENCE}/authentication-resources/service-account-v1/`,
    schema: builtinRoot({
      automountServiceAccountToken: { type: 'boolean' },
      imagePullSecrets: { type: 'array', items: { type: 'object', properties: { name: string } } },
      secrets: {
        type: 'array',
        items: {
          type: 'object',
          properties: Object.fromEntries(
            ['apiVersion', 'fieldPath', 'kind', 'name', 'namespace', 'resourceVersion', 'uid'].map(
              (field) => [field, string],
            ),
          ),
        },
      },
    }),
    output: 'service-account.json',
  },
  crd(
    'knative-serving/service.yaml',
    `${SERVING}/service.yaml`,
    'v1',
    'knative-service.json',
    'knative',
  ),
  crd('knative-eventing/broker.yaml', `${EVENTING}/broker.yaml`, 'v1', 'broker.json'),
  crd('knative-eventing/trigger.yaml', `${EVENTING}/trigger.yaml`, 'v1', 'trigger.json'),
  // Its pod template is `x-kubernetes-preserve-unknown-fields`: the source rules check it.
  crd(
    'knative-eventing/containersource.yaml',
    `${EVENTING}/containersource.yaml`,
    'v1',
    'container-source.json',
  ),
  // The upstream file uses YAML merge keys (`<<: *version`); the flattened copy resolves them.
  crd(
    'knative-gcp/cloudstoragesource.flattened.yaml',
    `${KNATIVE_GCP}/cloudstoragesource.yaml`,
    'v1',
    'cloud-storage-source.json',
  ),
  kcc('pubsubtopics.pubsub', 'pubsub-topic.json'),
  kcc('pubsubsubscriptions.pubsub', 'pubsub-subscription.json'),
  kcc('storagebuckets.storage', 'storage-bucket.json'),
  kcc('storagenotifications.storage', 'storage-notification.json'),
  kcc('iamserviceaccounts.iam', 'iam-service-account.json'),
  kcc('iampolicymembers.iam', 'iam-policy-member.json'),
  {
    type: 'discovery',
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    root: 'Service',
    output: 'cloud-run-service.json',
    target: 'cloud-run',
  },
];
