/**
 * Every rule the validator runs, in report order. Adding a rule is adding an entry here (and a
 * negative example in test/manifests/validate-rules.test.ts, which fails for a rule without one).
 */
import { CLOUD_RUN_CONTAINER_RULES } from './cloud-run-container';
import { CLOUD_RUN_METADATA_RULES } from './cloud-run-metadata';
import { CLOUD_RUN_PROBE_RULES } from './cloud-run-probes';
import { KCC_OBJECT_RULES } from './kcc-object-rules';
import { KCC_DELIVERY_RULES } from './kcc-delivery-rules';
import { KCC_WIRING_RULES } from './kcc-wiring-rules';
import { CROSS_DEAD_LETTER_RULES } from './cross-dead-letter';
import { CROSS_KNATIVE_RULES } from './cross-knative';
import { CROSS_PUSH_AUTH_RULES } from './cross-push-auth';
import { CROSS_SCRIPT_RULES } from './cross-script';
import { CROSS_TIMEOUT_RULES } from './cross-timeouts';
import { EVENTING_DELIVERY_RULES } from './eventing-delivery';
import { EVENTING_TRIGGER_RULES } from './eventing-trigger';
import { KNATIVE_AUTOSCALING_RULES } from './knative-autoscaling';
import { KNATIVE_CONTAINER_RULES } from './knative-container';
import { KNATIVE_POD_SPEC_RULES } from './knative-pod-spec';
import { KNATIVE_SECURITY_RULES } from './knative-security';
import { KNATIVE_SERVICE_METADATA_RULES } from './knative-service-metadata';
import { KNATIVE_VOLUME_RULES } from './knative-volumes';
import { METADATA_RULES } from './metadata-rules';
import type { Rule } from './rule';
import { RESOURCE_RULES } from './resource-limits';
import { SCHEMA_RULES } from './schema-rules';
import { WORKLOAD_POLICY_RULES } from './workload-policy';
import { WORKLOAD_RULES } from './workload-rules';
import { YAML_RULES } from './yaml-rules';

/** The rule table. */
export const RULES: readonly Rule[] = [
  ...YAML_RULES,
  ...SCHEMA_RULES,
  ...METADATA_RULES,
  ...KNATIVE_SERVICE_METADATA_RULES,
  ...KNATIVE_AUTOSCALING_RULES,
  ...KNATIVE_POD_SPEC_RULES,
  ...KNATIVE_CONTAINER_RULES,
  ...KNATIVE_SECURITY_RULES,
  ...KNATIVE_VOLUME_RULES,
  ...WORKLOAD_RULES,
  ...WORKLOAD_POLICY_RULES,
  ...RESOURCE_RULES,
  ...EVENTING_DELIVERY_RULES,
  ...EVENTING_TRIGGER_RULES,
  ...CLOUD_RUN_METADATA_RULES,
  ...CLOUD_RUN_CONTAINER_RULES,
  ...CLOUD_RUN_PROBE_RULES,
  ...KCC_OBJECT_RULES,
  ...KCC_WIRING_RULES,
  ...KCC_DELIVERY_RULES,
  ...CROSS_KNATIVE_RULES,
  ...CROSS_DEAD_LETTER_RULES,
  ...CROSS_TIMEOUT_RULES,
  ...CROSS_PUSH_AUTH_RULES,
  ...CROSS_SCRIPT_RULES,
];

/** Every rule id, in table order. */
export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);
