/**
 * One negative example (at least) per rule id, by rule family: a valid fixture with one change, and
 * the exact set of rule ids the validator must report for it. Where a problem is both a schema
 * violation and a webhook rule (the Knative CRD already leaves out masked fields), both ids are
 * expected.
 */
import type { NegativeCase } from './case';
import { YAML_SCHEMA_CASES } from './yaml-schema';
import { KNATIVE_CASES } from './knative';
import { WORKLOAD_CASES } from './workload';
import { EVENTING_CASES } from './eventing';
import { CLOUD_RUN_CASES } from './cloud-run';
import { CONFIG_CONNECTOR_CASES } from './config-connector';
import { CROSS_FILE_CASES } from './cross-file';
import { SOURCE_CASES } from './source';
import { RESULTS_CASES } from './results';

export type { NegativeCase } from './case';

/** The negative examples of every family. */
export const NEGATIVE_CASES: readonly NegativeCase[] = [
  ...YAML_SCHEMA_CASES,
  ...KNATIVE_CASES,
  ...WORKLOAD_CASES,
  ...EVENTING_CASES,
  ...CLOUD_RUN_CASES,
  ...CONFIG_CONNECTOR_CASES,
  ...CROSS_FILE_CASES,
  ...SOURCE_CASES,
  ...RESULTS_CASES,
];
