/**
 * What the Knative Serving webhook rejects although the Service CRD schema allows it, and our
 * policy for the Knative worker (private, hardened), on `serving.knative.dev/v1` Services written
 * for Knative.
 */
import { KNATIVE_AUTOSCALING_RULES } from './autoscaling-rules';
import { KNATIVE_CONTAINER_RULES } from './container-rules';
import { KNATIVE_POD_SPEC_RULES } from './pod-spec-rules';
import { KNATIVE_RESOURCE_RULES } from './resources-rules';
import { KNATIVE_SECURITY_RULES } from './security-rules';
import { KNATIVE_SERVICE_METADATA_RULES } from './service-metadata-rules';
import { KNATIVE_VOLUME_RULES } from './volumes-rules';

/** The Knative Serving rules, in report order. */
export const KNATIVE_RULES = [
  ...KNATIVE_SERVICE_METADATA_RULES,
  ...KNATIVE_AUTOSCALING_RULES,
  ...KNATIVE_POD_SPEC_RULES,
  ...KNATIVE_CONTAINER_RULES,
  ...KNATIVE_SECURITY_RULES,
  ...KNATIVE_VOLUME_RULES,
  ...KNATIVE_RESOURCE_RULES,
];
