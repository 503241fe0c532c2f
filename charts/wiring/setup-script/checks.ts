/**
 * The checks `renderSetupScript` runs on a script's settings before it writes the script: names,
 * ranges and the rules between settings, so that a value never makes a broken script or one gcloud
 * refuses. One rule per setting, in a table.
 */
import { isCloudRunRegion, isReservedBucketName } from '../../config/config-fields';
import { CLOUD_RUN_LIMITS, CLOUD_RUN_REGIONS_PAGE } from '../../limits/cloud-run';
import { CLOUD_STORAGE_NAMES } from '../../limits/cloud-storage';
import { GOOGLE_CLOUD_NAMES } from '../../limits/google-cloud';
import { KUBERNETES_NAMES } from '../../limits/kubernetes';
import { PUBSUB_LIMITS, PUBSUB_NAMES } from '../../limits/pubsub';
import type { SetupScriptSettings, SetupScriptTarget, SetupScriptVariable } from './settings';

/** A setting that would make a broken script or one that gcloud refuses. */
export class SetupScriptSettingError extends Error {
  /**
   * @param variable - the setting, such as `ACK_DEADLINE_SECONDS`
   * @param value - the value it had
   * @param expected - what the setting accepts, in words
   */
  constructor(
    readonly variable: SetupScriptVariable,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`setup.sh: ${variable} ${describe(value)} is not accepted: expected ${expected}`);
    this.name = 'SetupScriptSettingError';
  }
}

/** A text setting's rule: the pattern it must match, other refusals, and the accepted values. */
interface TextRule {
  readonly type: 'text';
  readonly pattern: RegExp;
  readonly refuse?: (value: string) => boolean;
  readonly expected: string;
}

/** A whole-number setting's range. */
interface NumberRule {
  readonly type: 'number';
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

const text = (pattern: RegExp, expected: string, refuse?: (value: string) => boolean): TextRule =>
  refuse === undefined
    ? { type: 'text', pattern, expected }
    : { type: 'text', pattern, expected, refuse };
const number = ({ min, max }: { min: number; max: number }, unit: string): NumberRule => ({
  type: 'number',
  min,
  max,
  unit,
});

/** Topic and subscription IDs (Pub/Sub resource names). */
const PUBSUB_ID = text(
  PUBSUB_NAMES.resourceId.pattern,
  'a Pub/Sub ID: 3 to 255 letters, digits and - _ . ~ + %, starting with a letter but not "goog"',
  (value) => PUBSUB_NAMES.resourceId.reservedPrefix.test(value),
);
const ACCOUNT_ID = text(
  GOOGLE_CLOUD_NAMES.serviceAccountId.pattern,
  'a service account ID: 6 to 30 lowercase letters, digits and hyphens, from a letter to a letter or digit',
);
const KUBERNETES_ACCOUNT = text(
  KUBERNETES_NAMES.dns1123Subdomain.pattern,
  'a Kubernetes service account name: a DNS-1123 subdomain',
  (value) => value.length > KUBERNETES_NAMES.dns1123Subdomain.maxLength,
);
/** Printable ASCII without spaces: a URL or an audience. */
const PRINTABLE = /^[\x21-\x7e]{1,1024}$/;

/** One rule per setting. */
const RULES: Readonly<Record<SetupScriptVariable, TextRule | NumberRule>> = {
  TARGET: text(/^(?:cloud-run|knative)$/, 'cloud-run or knative'),
  PROJECT_ID: text(
    GOOGLE_CLOUD_NAMES.projectId.pattern,
    'a project ID: 6 to 30 lowercase letters, digits and hyphens, from a letter to a letter or digit',
  ),
  PROJECT_NUMBER: text(
    GOOGLE_CLOUD_NAMES.projectNumber.pattern,
    'a project number: 1 to 19 decimal digits without a leading zero',
  ),
  REGION: text(
    GOOGLE_CLOUD_NAMES.region.pattern,
    `a Cloud Run region such as us-central1 (${CLOUD_RUN_REGIONS_PAGE})`,
    (value) => !isCloudRunRegion(value),
  ),
  SERVICE_NAME: text(
    KUBERNETES_NAMES.dns1035Label.pattern,
    `a Cloud Run service name: up to ${CLOUD_RUN_LIMITS.serviceName.maxLength} lowercase letters, digits and hyphens, from a letter to a letter or digit`,
    (value) => value.length > CLOUD_RUN_LIMITS.serviceName.maxLength,
  ),
  SERVICE_YAML: text(
    /^(?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+\.ya?ml$/,
    'a path relative to setup.sh, of letters, digits, _ . - and /, ending in .yaml or .yml',
  ),
  NAMESPACE: text(
    KUBERNETES_NAMES.dns1123Label.pattern,
    'a Kubernetes namespace: a DNS-1123 label',
    (value) => value.length > KUBERNETES_NAMES.dns1123Label.maxLength,
  ),
  SOURCE_KUBERNETES_SERVICE_ACCOUNT: KUBERNETES_ACCOUNT,
  RECEIVER_KUBERNETES_SERVICE_ACCOUNT: KUBERNETES_ACCOUNT,
  WORKER_KUBERNETES_SERVICE_ACCOUNT: KUBERNETES_ACCOUNT,
  BUCKET: text(
    CLOUD_STORAGE_NAMES.bucket.pattern,
    'a bucket name: 3 to 63 lowercase letters, digits, - _ and ., from a letter or digit to a letter or digit, not starting with "goog", without "google", not an IP address',
    isReservedBucketName,
  ),
  BUCKET_LOCATION: text(
    /^[A-Za-z][A-Za-z0-9-]{1,39}$/,
    'a Cloud Storage location such as us-central1, US or EU',
  ),
  TOPIC: PUBSUB_ID,
  DEAD_LETTER_TOPIC: PUBSUB_ID,
  DEAD_LETTER_SUBSCRIPTION: PUBSUB_ID,
  SUBSCRIPTION: PUBSUB_ID,
  RESULTS_TOPIC: PUBSUB_ID,
  INVOKER_SERVICE_ACCOUNT_ID: ACCOUNT_ID,
  SOURCE_SERVICE_ACCOUNT_ID: ACCOUNT_ID,
  RECEIVER_SERVICE_ACCOUNT_ID: ACCOUNT_ID,
  WORKER_SERVICE_ACCOUNT_ID: ACCOUNT_ID,
  RUNTIME_SERVICE_ACCOUNT_EMAIL: text(
    GOOGLE_CLOUD_NAMES.anyServiceAccountEmail.pattern,
    'a service account e-mail such as NAME@PROJECT.iam.gserviceaccount.com',
  ),
  PUSH_ENDPOINT: text(/^https:\/\/[\x21-\x7e]{1,1016}$/, 'an https:// URL without spaces'),
  PUSH_AUDIENCE: text(
    PRINTABLE,
    'up to 1024 printable ASCII characters without spaces, such as the service URL',
  ),
  ACK_DEADLINE_SECONDS: number(PUBSUB_LIMITS.ackDeadlineSeconds, 'seconds'),
  MIN_RETRY_DELAY_SECONDS: number(PUBSUB_LIMITS.retryDelaySeconds, 'seconds'),
  MAX_RETRY_DELAY_SECONDS: number(PUBSUB_LIMITS.retryDelaySeconds, 'seconds'),
  MAX_DELIVERY_ATTEMPTS: number(PUBSUB_LIMITS.maxDeliveryAttempts, 'attempts'),
};

/** The settings every script of a target declares (its steps cannot run without them). */
const COMMON: readonly SetupScriptVariable[] = [
  'TARGET',
  'PROJECT_ID',
  'PROJECT_NUMBER',
  'BUCKET',
  'BUCKET_LOCATION',
  'TOPIC',
  'DEAD_LETTER_TOPIC',
  'DEAD_LETTER_SUBSCRIPTION',
  'SUBSCRIPTION',
  'ACK_DEADLINE_SECONDS',
  'MIN_RETRY_DELAY_SECONDS',
  'MAX_RETRY_DELAY_SECONDS',
  'MAX_DELIVERY_ATTEMPTS',
];

/** The settings each target's script must declare. */
export const REQUIRED_SETTINGS: Readonly<
  Record<SetupScriptTarget, readonly SetupScriptVariable[]>
> = {
  'cloud-run': [
    ...COMMON,
    'REGION',
    'SERVICE_NAME',
    'SERVICE_YAML',
    'INVOKER_SERVICE_ACCOUNT_ID',
    'RUNTIME_SERVICE_ACCOUNT_EMAIL',
    'PUSH_ENDPOINT',
    'PUSH_AUDIENCE',
    'RESULTS_TOPIC',
  ],
  knative: [...COMMON, 'SOURCE_SERVICE_ACCOUNT_ID'],
};

function checkOne(variable: SetupScriptVariable, value: unknown): void {
  const rule = RULES[variable];
  if (rule.type === 'text') {
    if (typeof value !== 'string' || !rule.pattern.test(value) || rule.refuse?.(value) === true) {
      throw new SetupScriptSettingError(variable, value, rule.expected);
    }
    return;
  }
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < rule.min ||
    value > rule.max
  ) {
    throw new SetupScriptSettingError(
      variable,
      value,
      `whole ${rule.unit} from ${rule.min} to ${rule.max}`,
    );
  }
}

/**
 * Checks every setting a script declares, that its target's required settings are there, then
 * the rules between settings.
 *
 * @throws SetupScriptSettingError for the first value that is not accepted
 */
export function checkSetupScriptSettings(settings: SetupScriptSettings): void {
  checkOne('TARGET', settings.TARGET);
  const target = settings.TARGET as SetupScriptTarget;
  for (const variable of REQUIRED_SETTINGS[target]) checkOne(variable, settings[variable]);
  for (const [variable, value] of Object.entries(settings) as [SetupScriptVariable, unknown][]) {
    checkOne(variable, value);
  }
  const { TOPIC, DEAD_LETTER_TOPIC, SUBSCRIPTION, DEAD_LETTER_SUBSCRIPTION } = settings;
  if (DEAD_LETTER_TOPIC === TOPIC) {
    throw new SetupScriptSettingError(
      'DEAD_LETTER_TOPIC',
      DEAD_LETTER_TOPIC,
      `a topic other than TOPIC ${describe(TOPIC)}: dead letters would be delivered again`,
    );
  }
  const { RESULTS_TOPIC } = settings;
  if (
    RESULTS_TOPIC !== undefined &&
    (RESULTS_TOPIC === TOPIC || RESULTS_TOPIC === DEAD_LETTER_TOPIC)
  ) {
    throw new SetupScriptSettingError(
      'RESULTS_TOPIC',
      RESULTS_TOPIC,
      `a topic other than TOPIC ${describe(TOPIC)} and DEAD_LETTER_TOPIC ${describe(DEAD_LETTER_TOPIC)}: result events are no uploads and no dead letters`,
    );
  }
  if (DEAD_LETTER_SUBSCRIPTION === SUBSCRIPTION) {
    throw new SetupScriptSettingError(
      'DEAD_LETTER_SUBSCRIPTION',
      DEAD_LETTER_SUBSCRIPTION,
      `a subscription other than SUBSCRIPTION ${describe(SUBSCRIPTION)}: the delivery subscription would never be created`,
    );
  }
  const min = Number(settings.MIN_RETRY_DELAY_SECONDS);
  const max = Number(settings.MAX_RETRY_DELAY_SECONDS);
  if (max < min) {
    throw new SetupScriptSettingError(
      'MAX_RETRY_DELAY_SECONDS',
      max,
      `at least MIN_RETRY_DELAY_SECONDS (${min})`,
    );
  }
}

/** A value as it reads in an error message: strings in JSON quotes, a missing value as such. */
function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
