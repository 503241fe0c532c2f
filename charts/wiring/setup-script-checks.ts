/**
 * The checks `renderSetupScript` runs on its settings before it writes a script: names, ranges and
 * the rules between fields, so that a value never makes a broken script or one gcloud refuses.
 */
import type { SetupScriptInput } from './setup-script-input';
import { isCloudRunRegion, isReservedBucketName } from '../config/config-fields';
import { CLOUD_RUN_LIMITS, CLOUD_RUN_REGIONS_PAGE } from '../limits/cloud-run';
import { CLOUD_STORAGE_NAMES } from '../limits/cloud-storage';
import { GOOGLE_CLOUD_NAMES } from '../limits/google-cloud';
import { KUBERNETES_NAMES } from '../limits/kubernetes';
import { PUBSUB_LIMITS, PUBSUB_NAMES } from '../limits/pubsub';

/** A {@link SetupScriptInput} value that would make a broken script or one that gcloud refuses. */
export class SetupScriptInputError extends Error {
  /**
   * @param field - the input field, such as `ackDeadlineSeconds`
   * @param value - the value it had
   * @param expected - what the field accepts, in words
   */
  constructor(
    readonly field: keyof SetupScriptInput,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`setup.sh: ${field} ${describe(value)} is not accepted: expected ${expected}`);
    this.name = 'SetupScriptInputError';
  }
}

type TextField = {
  [K in keyof SetupScriptInput]-?: SetupScriptInput[K] extends string | undefined ? K : never;
}[keyof SetupScriptInput];
type NumberField = Exclude<keyof SetupScriptInput, TextField>;

/** A text field's rule: the pattern it must match, other refusals, and the accepted values in words. */
interface TextRule {
  readonly pattern: RegExp;
  readonly refuse?: (value: string) => boolean;
  readonly expected: string;
}

const PROJECT_ID: TextRule = {
  pattern: GOOGLE_CLOUD_NAMES.projectId.pattern,
  expected:
    'a project ID: 6 to 30 lowercase letters, digits and hyphens, from a letter to a letter or digit',
};

/** Topic and subscription IDs (Pub/Sub resource names). */
const PUBSUB_ID: TextRule = {
  pattern: PUBSUB_NAMES.resourceId.pattern,
  refuse: (value) => PUBSUB_NAMES.resourceId.reservedPrefix.test(value),
  expected:
    'a Pub/Sub ID: 3 to 255 letters, digits and - _ . ~ + %, starting with a letter but not "goog"',
};

/** One rule per text field; an optional field is checked only when it is set. */
const TEXT_RULES: { readonly [K in TextField]: TextRule } = {
  projectId: PROJECT_ID,
  projectNumber: {
    pattern: GOOGLE_CLOUD_NAMES.projectNumber.pattern,
    expected: 'a project number: 1 to 19 decimal digits without a leading zero',
  },
  region: {
    pattern: GOOGLE_CLOUD_NAMES.region.pattern,
    refuse: (value) => !isCloudRunRegion(value),
    expected: `a Cloud Run region such as us-central1 (${CLOUD_RUN_REGIONS_PAGE})`,
  },
  serviceName: {
    pattern: KUBERNETES_NAMES.dns1035Label.pattern,
    refuse: (value) => value.length > CLOUD_RUN_LIMITS.serviceName.maxLength,
    expected: `a Cloud Run service name: up to ${CLOUD_RUN_LIMITS.serviceName.maxLength} lowercase letters, digits and hyphens, from a letter to a letter or digit`,
  },
  serviceYamlPath: {
    pattern: /^(?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+\.ya?ml$/,
    expected:
      'a path relative to setup.sh, of letters, digits, _ . - and /, ending in .yaml or .yml',
  },
  bucket: {
    pattern: CLOUD_STORAGE_NAMES.bucket.pattern,
    refuse: isReservedBucketName,
    expected:
      'a bucket name: 3 to 63 lowercase letters, digits, - _ and ., from a letter or digit to a letter or digit, not starting with "goog", without "google", not an IP address',
  },
  bucketLocation: {
    pattern: /^[A-Za-z][A-Za-z0-9-]{1,39}$/,
    expected: 'a Cloud Storage location such as us-central1, US or EU',
  },
  topic: PUBSUB_ID,
  deadLetterTopic: PUBSUB_ID,
  deadLetterSubscription: PUBSUB_ID,
  subscription: PUBSUB_ID,
  invokerServiceAccountId: {
    pattern: GOOGLE_CLOUD_NAMES.serviceAccountId.pattern,
    expected:
      'a service account ID: 6 to 30 lowercase letters, digits and hyphens, from a letter to a letter or digit',
  },
  runtimeServiceAccountEmail: {
    pattern: GOOGLE_CLOUD_NAMES.anyServiceAccountEmail.pattern,
    expected: 'a service account e-mail such as NAME@PROJECT.iam.gserviceaccount.com',
  },
  pushAudience: {
    pattern: /^[\x21-\x7e]{1,1024}$/,
    expected: 'up to 1024 printable ASCII characters without spaces, such as the service URL',
  },
};

/** The fields that may be left out. */
const OPTIONAL_FIELDS: { readonly [K in TextField]?: true } = {
  serviceYamlPath: true,
  bucketLocation: true,
};

/** Whole-number ranges of the numeric fields: Pub/Sub's own limits. */
const NUMBER_RULES: {
  readonly [K in NumberField]: {
    readonly min: number;
    readonly max: number;
    readonly unit: string;
  };
} = {
  ackDeadlineSeconds: { ...PUBSUB_LIMITS.ackDeadlineSeconds, unit: 'seconds' },
  minRetryDelaySeconds: { ...PUBSUB_LIMITS.retryDelaySeconds, unit: 'seconds' },
  maxRetryDelaySeconds: { ...PUBSUB_LIMITS.retryDelaySeconds, unit: 'seconds' },
  maxDeliveryAttempts: { ...PUBSUB_LIMITS.maxDeliveryAttempts, unit: 'attempts' },
};

/**
 * Checks every field of a {@link SetupScriptInput}, then the rules between fields.
 *
 * @throws SetupScriptInputError for the first value that is not accepted
 */
export function checkSetupScriptInput(input: SetupScriptInput): void {
  for (const [field, rule] of Object.entries(TEXT_RULES) as [TextField, TextRule][]) {
    const value: unknown = input[field];
    if (value === undefined && OPTIONAL_FIELDS[field] === true) continue;
    if (typeof value !== 'string' || !rule.pattern.test(value) || rule.refuse?.(value) === true) {
      throw new SetupScriptInputError(field, value, rule.expected);
    }
  }
  for (const [field, { min, max, unit }] of Object.entries(NUMBER_RULES) as [
    NumberField,
    (typeof NUMBER_RULES)[NumberField],
  ][]) {
    const value: unknown = input[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SetupScriptInputError(field, value, `whole ${unit} from ${min} to ${max}`);
    }
  }
  if (input.deadLetterTopic === input.topic) {
    throw new SetupScriptInputError(
      'deadLetterTopic',
      input.deadLetterTopic,
      `a topic other than topic ${describe(input.topic)}: dead letters would be delivered again`,
    );
  }
  if (input.deadLetterSubscription === input.subscription) {
    throw new SetupScriptInputError(
      'deadLetterSubscription',
      input.deadLetterSubscription,
      `a subscription other than subscription ${describe(input.subscription)}: the push subscription would never be created`,
    );
  }
  if (input.maxRetryDelaySeconds < input.minRetryDelaySeconds) {
    throw new SetupScriptInputError(
      'maxRetryDelaySeconds',
      input.maxRetryDelaySeconds,
      `at least minRetryDelaySeconds (${input.minRetryDelaySeconds})`,
    );
  }
}

/** A value as it reads in an error message: strings in JSON quotes, a missing value as such. */
function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
