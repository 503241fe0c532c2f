/**
 * The settings of a generated `setup.sh`: the `readonly NAME='value'` lines of its header, each
 * read from the wiring model, in one table. The steps refer to these names only (`"$TOPIC"`), so
 * every value the script uses is in its header, where a reader (and the validator) finds it.
 */
import {
  resourceOrNone,
  type GrantPurpose,
  type WiringModel,
  type WiringServiceAccount,
} from '../wiring-model';

/** What {@link setupScriptSettings} needs besides the wiring. */
export interface SetupScriptOptions {
  /**
   * The Cloud Run service YAML, relative to the directory of `setup.sh`; deployed with
   * `gcloud run services replace` when the service does not exist (Cloud Run only).
   * @default 'service.yaml'
   */
  readonly serviceYamlPath?: string;
}

/** A setting's value: text, or a whole number (written in decimal). */
export type SettingValue = string | number;

/** Which wiring a script is for: `TARGET` of its header. */
export type SetupScriptTarget = 'cloud-run' | 'knative';

/** The target a wiring's destination makes. */
export function targetOf(wiring: WiringModel): SetupScriptTarget {
  return wiring.destination.kind === 'cloud-run-service' ? 'cloud-run' : 'knative';
}

type Getter = (wiring: WiringModel, options: SetupScriptOptions) => SettingValue | undefined;

const cloudRun = (wiring: WiringModel) =>
  wiring.destination.kind === 'cloud-run-service' ? wiring.destination : undefined;
const named =
  (kind: 'topic' | 'subscription', purpose: string): Getter =>
  (wiring) =>
    resourceOrNone(wiring, kind, purpose as never)?.name;
const account =
  (purpose: WiringServiceAccount['purpose']): Getter =>
  (wiring) =>
    resourceOrNone(wiring, 'service-account', purpose)?.accountId;
const delivery = (wiring: WiringModel) => resourceOrNone(wiring, 'subscription', 'delivery');
/** The Workload Identity members of the wiring's grants with `purpose` (any when omitted). */
const workloadIdentity = (wiring: WiringModel, purpose?: GrantPurpose) =>
  wiring.resources.flatMap((resource) =>
    resource.kind === 'grant' &&
    resource.member.kind === 'workload-identity' &&
    (purpose === undefined || resource.purpose === purpose)
      ? [resource.member]
      : [],
  )[0];

/**
 * Every setting, in header order, with where its value comes from. A setting whose value is
 * `undefined` for a wiring is not written: each script declares what its steps use.
 */
const SETTINGS = {
  TARGET: (wiring) => targetOf(wiring),
  PROJECT_ID: (wiring) => wiring.project.id,
  PROJECT_NUMBER: (wiring) => wiring.project.number,
  REGION: (wiring) => cloudRun(wiring)?.region,
  SERVICE_NAME: (wiring) => cloudRun(wiring)?.name,
  SERVICE_YAML: (wiring, options) =>
    cloudRun(wiring) === undefined ? undefined : (options.serviceYamlPath ?? 'service.yaml'),
  NAMESPACE: (wiring) => workloadIdentity(wiring)?.namespace,
  SOURCE_KUBERNETES_SERVICE_ACCOUNT: (wiring) =>
    workloadIdentity(wiring, 'source-workload-identity')?.serviceAccountName,
  RECEIVER_KUBERNETES_SERVICE_ACCOUNT: (wiring) =>
    workloadIdentity(wiring, 'receiver-workload-identity')?.serviceAccountName,
  WORKER_KUBERNETES_SERVICE_ACCOUNT: (wiring) =>
    workloadIdentity(wiring, 'worker-workload-identity')?.serviceAccountName,
  BUCKET: (wiring) => wiring.bucket,
  BUCKET_LOCATION: (wiring) => wiring.bucketLocation,
  TOPIC: named('topic', 'notifications'),
  DEAD_LETTER_TOPIC: named('topic', 'dead-letters'),
  DEAD_LETTER_SUBSCRIPTION: named('subscription', 'dead-letter-hold'),
  SUBSCRIPTION: named('subscription', 'delivery'),
  RESULTS_TOPIC: named('topic', 'results'),
  INVOKER_SERVICE_ACCOUNT_ID: account('push-invoker'),
  SOURCE_SERVICE_ACCOUNT_ID: account('source'),
  RECEIVER_SERVICE_ACCOUNT_ID: account('dead-letter-receiver'),
  WORKER_SERVICE_ACCOUNT_ID: account('worker'),
  RUNTIME_SERVICE_ACCOUNT_EMAIL: (wiring) => cloudRun(wiring)?.serviceAccountEmail,
  PUSH_ENDPOINT: (wiring) => delivery(wiring)?.push?.endpoint,
  PUSH_AUDIENCE: (wiring) => delivery(wiring)?.push?.audience,
  ACK_DEADLINE_SECONDS: (wiring) => delivery(wiring)?.ackDeadlineSeconds,
  MIN_RETRY_DELAY_SECONDS: (wiring) => delivery(wiring)?.retry?.minimumBackoffSeconds,
  MAX_RETRY_DELAY_SECONDS: (wiring) => delivery(wiring)?.retry?.maximumBackoffSeconds,
  MAX_DELIVERY_ATTEMPTS: (wiring) => delivery(wiring)?.deadLetter?.maxDeliveryAttempts,
} as const satisfies Record<string, Getter>;

/** The name of a header setting, such as `ACK_DEADLINE_SECONDS`. */
export type SetupScriptVariable = keyof typeof SETTINGS;

/** Every setting name, in header order. */
export const SETUP_SCRIPT_VARIABLES = Object.keys(SETTINGS) as readonly SetupScriptVariable[];

/** A script's settings: each header variable it declares, with its value. */
export type SetupScriptSettings = Readonly<Partial<Record<SetupScriptVariable, SettingValue>>>;

/** The settings `setup.sh` declares for `wiring`, in header order. */
export function setupScriptSettings(
  wiring: WiringModel,
  options: SetupScriptOptions = {},
): SetupScriptSettings {
  return Object.fromEntries(
    SETUP_SCRIPT_VARIABLES.flatMap((name) => {
      const value = SETTINGS[name](wiring, options);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}
