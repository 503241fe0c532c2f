/**
 * Every rule the validator runs, in report order. Adding a rule is adding an entry here (and a
 * negative example in test/manifests/validate-rules.test.ts, which fails for a rule without one).
 */
import { CLOUD_RUN_CONTAINER_RULES } from './rules/cloud-run/container';
import { CLOUD_RUN_METADATA_RULES } from './rules/cloud-run/metadata';
import { CLOUD_RUN_PROBE_RULES } from './rules/cloud-run/probes';
import { KCC_OBJECT_RULES } from './rules/config-connector/object-rules';
import { KCC_DELIVERY_RULES } from './rules/config-connector/delivery-rules';
import { KCC_WIRING_RULES } from './rules/config-connector/wiring-rules';
import { CROSS_DEAD_LETTER_RULES } from './rules/cross-file/dead-letter';
import { CROSS_KNATIVE_RULES } from './rules/cross-file/knative';
import { CROSS_PUSH_AUTH_RULES } from './rules/cross-file/push-auth';
import { CROSS_SCRIPT_RULES } from './rules/cross-file/script';
import { CROSS_TIMEOUT_RULES } from './rules/cross-file/timeouts';
import { EVENTING_DELIVERY_RULES } from './rules/eventing/delivery';
import { EVENTING_TRIGGER_RULES } from './rules/eventing/trigger';
import { KNATIVE_AUTOSCALING_RULES } from './rules/knative/autoscaling';
import { KNATIVE_CONTAINER_RULES } from './rules/knative/container';
import { KNATIVE_POD_SPEC_RULES } from './rules/knative/pod-spec';
import { KNATIVE_SECURITY_RULES } from './rules/knative/security';
import { KNATIVE_SERVICE_METADATA_RULES } from './rules/knative/service-metadata';
import { KNATIVE_VOLUME_RULES } from './rules/knative/volumes';
import { METADATA_RULES } from './rules/kubernetes/metadata-rules';
import type { Rule } from './core/rule';
import { RESOURCE_RULES } from './rules/knative/resource-limits';
import { SCHEMA_RULES } from './schema/schema-rules';
import { WORKLOAD_POLICY_RULES } from './rules/kubernetes/workload-policy';
import { WORKLOAD_RULES } from './rules/kubernetes/workload-rules';
import { YAML_RULES } from './yaml/yaml-rules';

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
