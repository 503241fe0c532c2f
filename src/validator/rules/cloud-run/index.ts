/**
 * What `gcloud run services replace` or Cloud Run refuses beyond the v1 schema, on
 * `serving.knative.dev/v1` Services written for Cloud Run.
 */
import { CLOUD_RUN_CONTAINER_RULES } from './container-rules';
import { CLOUD_RUN_METADATA_RULES } from './metadata-rules';
import { CLOUD_RUN_PROBE_RULES } from './probe-rules';

/** The Cloud Run rules, in report order. */
export const CLOUD_RUN_RULES = [
  ...CLOUD_RUN_METADATA_RULES,
  ...CLOUD_RUN_CONTAINER_RULES,
  ...CLOUD_RUN_PROBE_RULES,
];
