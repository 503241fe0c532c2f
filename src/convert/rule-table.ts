/**
 * Every conversion rule, in the order they run: identity and metadata first, then annotations, the
 * pod spec, each container (its fields, securityContext, ports, resources, then the concurrency
 * those allow), probes, environment and volumes. Adding a rule is adding a row to its file's table.
 */
import type { ConvertRule } from './convert-rule';
import { ANNOTATION_RULES } from './rules/annotation-rules';
import { CONCURRENCY_RULES } from './rules/concurrency-rules';
import { CONTAINER_RULES } from './rules/container-rules';
import { ENV_RULES } from './rules/env-rules';
import { METADATA_RULES } from './rules/metadata-rules';
import { PROBE_RULES } from './rules/probe-rules';
import { REVISION_RULES } from './rules/revision-rules';
import { SECURITY_RULES } from './rules/security-rules';
import { SERVICE_ACCOUNT_RULES } from './rules/service-account-rules';
import { TRAFFIC_RULES } from './rules/traffic-rules';
import { VISIBILITY_RULES } from './rules/visibility-rules';
import { VOLUME_RULES } from './rules/volume-rules';

/** The rule table. */
export const CONVERT_RULES: readonly ConvertRule[] = [
  ...METADATA_RULES,
  ...VISIBILITY_RULES,
  ...ANNOTATION_RULES,
  ...REVISION_RULES,
  ...SERVICE_ACCOUNT_RULES,
  ...TRAFFIC_RULES,
  ...CONTAINER_RULES,
  ...SECURITY_RULES,
  ...CONCURRENCY_RULES,
  ...PROBE_RULES,
  ...ENV_RULES,
  ...VOLUME_RULES,
];
