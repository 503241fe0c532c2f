/** The Eventing kinds the rules select. */
export const BROKER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' } as const;
export const TRIGGER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' } as const;
export const STORAGE_SOURCE = {
  apiVersion: 'events.cloud.google.com/v1',
  kind: 'CloudStorageSource',
} as const;
