/**
 * Rules across the files of one deployment (one directory, with its `wiring/` folder): Knative
 * references, delivery timeouts, the Pub/Sub ack deadline, the push-authentication chain, the
 * kit's Pub/Sub source and dead-letter receiver against their wiring, the result events' mode, topic
 * and grant, and setup.sh against the manifests beside it.
 */
import { CROSS_DEAD_LETTER_RECEIVER_RULES } from './dead-letter-receiver-rules';
import { CROSS_KNATIVE_RULES } from './knative-rules';
import { CROSS_PUSH_AUTH_RULES } from './push-auth-rules';
import { CROSS_RESULTS_RULES } from './results-rules';
import { CROSS_SCRIPT_RULES } from './script-rules';
import { CROSS_SOURCE_RULES } from './source-rules';
import { CROSS_TIMEOUT_RULES } from './timeout-rules';

/** The cross-file rules, in report order. */
export const CROSS_FILE_RULES = [
  ...CROSS_KNATIVE_RULES,
  ...CROSS_TIMEOUT_RULES,
  ...CROSS_PUSH_AUTH_RULES,
  ...CROSS_SOURCE_RULES,
  ...CROSS_RESULTS_RULES,
  ...CROSS_DEAD_LETTER_RECEIVER_RULES,
  ...CROSS_SCRIPT_RULES,
];
