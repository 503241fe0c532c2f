/**
 * Every rule the validator runs, in report order: one list per rule folder. Adding a rule is adding
 * a row to its folder's table (and a negative example under test/validator/negative-cases/, which
 * a test requires for every rule id).
 */
import type { Rule } from './core/rule';
import { CLOUD_RUN_RULES } from './rules/cloud-run';
import { CONFIG_CONNECTOR_RULES } from './rules/config-connector';
import { CROSS_FILE_RULES } from './rules/cross-file';
import { EVENTING_RULES } from './rules/eventing';
import { KNATIVE_RULES } from './rules/knative';
import { METADATA_RULES, WORKLOAD_RULES } from './rules/kubernetes';
import { SCHEMA_RULES } from './rules/schema';
import { YAML_RULES } from './rules/yaml';

/** The rule table. */
export const RULES: readonly Rule[] = [
  ...YAML_RULES,
  ...SCHEMA_RULES,
  ...METADATA_RULES,
  ...KNATIVE_RULES,
  ...WORKLOAD_RULES,
  ...EVENTING_RULES,
  ...CLOUD_RUN_RULES,
  ...CONFIG_CONNECTOR_RULES,
  ...CROSS_FILE_RULES,
];

/** Every rule id, in table order. */
export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);
