/**
 * What the Knative Eventing webhooks reject although the CRD schemas allow it, on Brokers,
 * Triggers and the knative-gcp CloudStorageSource.
 */
import { EVENTING_DELIVERY_RULES } from './delivery-rules';
import { EVENTING_TRIGGER_RULES } from './trigger-rules';

export { BROKER, STORAGE_SOURCE, TRIGGER } from './delivery-rules';

/** The Knative Eventing rules, in report order. */
export const EVENTING_RULES = [...EVENTING_DELIVERY_RULES, ...EVENTING_TRIGGER_RULES];
