/**
 * Config Connector objects of the Pub/Sub wiring (PubSubSubscription, StorageNotification,
 * IAMPolicyMember…): delivery bounds and policy on each, references and grants across them.
 */
import { KCC_OBJECT_RULES } from './object-rules';
import { KCC_DELIVERY_RULES, KCC_WIRING_RULES } from './wiring-rules';

/** The Config Connector rules, in report order. */
export const CONFIG_CONNECTOR_RULES = [
  ...KCC_OBJECT_RULES,
  ...KCC_WIRING_RULES,
  ...KCC_DELIVERY_RULES,
];
