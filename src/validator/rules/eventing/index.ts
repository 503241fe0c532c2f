/**
 * What the Knative Eventing webhooks reject although the CRD schemas allow it, on Brokers,
 * Triggers, the ContainerSource of the kit's Pub/Sub source (with our policy for it) and the
 * knative-gcp CloudStorageSource.
 */
import { CONTAINER_SOURCE_RULES } from './container-source-rules';
import { EVENTING_DELIVERY_RULES } from './delivery-rules';
import { EVENTING_TRIGGER_RULES } from './trigger-rules';

export { BROKER, STORAGE_SOURCE, TRIGGER } from './delivery-rules';

/** The Knative Eventing rules, in report order. */
export const EVENTING_RULES = [
  ...EVENTING_DELIVERY_RULES,
  ...EVENTING_TRIGGER_RULES,
  ...CONTAINER_SOURCE_RULES,
];
