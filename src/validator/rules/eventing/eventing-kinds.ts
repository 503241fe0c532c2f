/** Broker selector (the Eventing kinds the rules select). */
export const BROKER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' } as const;
/** Trigger selector. */
export const TRIGGER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' } as const;
/** knative-gcp CloudStorageSource selector (unmaintained since 2022; MANIFESTS 2.5). */
export const STORAGE_SOURCE = {
  apiVersion: 'events.cloud.google.com/v1',
  kind: 'CloudStorageSource',
} as const;
