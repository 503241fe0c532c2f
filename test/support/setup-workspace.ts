import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeploymentConfig, PubSubSource } from '../../charts/config/deployment-config';
import { cloudRunWiring } from '../../charts/wiring/cloud-run-wiring';
import { knativeWiring } from '../../charts/wiring/knative-wiring';
import { renderSetupScript } from '../../charts/wiring/setup-script/render-setup-script';
import type { SetupScriptOptions } from '../../charts/wiring/setup-script/settings';
import type { WiringModel } from '../../charts/wiring/wiring-model';

/**
 * A checked config as the setup.sh tests use it: a minimal Cloud Run wiring's names (the service
 * URL as the push audience), written out so that a test can change any field the wiring reads
 * (an audience the config schema would refuse included).
 */
export const SAMPLE_CONFIG: DeploymentConfig = {
  service: {
    name: 'gcs-worker',
    image: 'us-docker.pkg.dev/my-project/dualrun/worker:1.0.0',
    cpu: '1',
    memory: '512Mi',
    containerConcurrency: 80,
    minScale: 0,
    maxScale: 10,
  },
  google: {
    projectId: 'my-project',
    projectNumber: '123456789012',
    region: 'us-central1',
    bucket: 'my-project-uploads',
  },
  worker: {},
  knative: {
    namespace: 'dualrun',
    serviceAccountName: 'gcs-worker',
    timeoutSeconds: 300,
    requests: {},
    broker: 'default',
    delivery: {
      retry: 12,
      backoffPolicy: 'exponential',
      backoffDelaySeconds: 1,
      deadLetterSink: { broker: 'dead-letters' },
    },
    source: {
      kind: 'pubsub',
      name: 'gcs-uploads',
      serviceAccountName: 'gcs-source',
      googleServiceAccount: 'gcs-source@my-project.iam.gserviceaccount.com',
      subscription: 'gcs-uploads-source',
      ackDeadlineSeconds: 60,
      sendTimeoutMs: 10000,
      maxOutstandingMessages: 80,
      cpu: '250m',
      memory: '256Mi',
    },
    senderAuth: { mode: 'none' },
  },
  cloudRun: {
    serviceAccountEmail: 'gcs-worker-runtime@my-project.iam.gserviceaccount.com',
    timeoutSeconds: 300,
    ingress: 'all',
  },
  pubsub: {
    topic: 'gcs-uploads',
    deadLetterTopic: 'gcs-uploads-dlq',
    deadLetterSubscription: 'gcs-uploads-dlq-hold',
    subscription: 'gcs-uploads-push',
    invokerServiceAccountId: 'gcs-worker-invoker',
    pushAudience: 'https://gcs-worker-123456789012.us-central1.run.app/',
    ackDeadlineSeconds: 300,
    minRetryDelaySeconds: 10,
    maxRetryDelaySeconds: 600,
    maxDeliveryAttempts: 5,
  },
  results: { topic: 'gcs-labels' },
  configConnector: { namespace: 'config-control' },
};

/** A change to {@link SAMPLE_CONFIG}: fields of its sections. */
export type SampleChange = {
  readonly [K in keyof DeploymentConfig]?: Partial<DeploymentConfig[K]>;
};

/** {@link SAMPLE_CONFIG} with its sections changed by `change`. */
function sampleConfig(change: SampleChange): DeploymentConfig {
  return Object.fromEntries(
    Object.entries(SAMPLE_CONFIG).map(([section, fields]) => [
      section,
      { ...fields, ...(change[section as keyof DeploymentConfig] ?? {}) },
    ]),
  ) as unknown as DeploymentConfig;
}

/** The Cloud Run wiring of {@link SAMPLE_CONFIG}, with its sections changed by `change`. */
export function sampleWiring(change: SampleChange = {}): WiringModel {
  return cloudRunWiring(sampleConfig(change));
}

/**
 * The Knative wiring of {@link SAMPLE_CONFIG} (its Pub/Sub source), with its sections changed by
 * `change`.
 *
 * @throws Error when the changed source is not the Pub/Sub source
 */
export function sampleKnativeWiring(change: SampleChange = {}): WiringModel {
  const wiring = knativeWiring(sampleConfig(change));
  if (wiring === undefined) throw new Error('the sample has no Pub/Sub source');
  return wiring;
}

/**
 * The Pub/Sub source of {@link SAMPLE_CONFIG} with `change`, for a `sampleKnativeWiring` change
 * (sections are merged one level deep, so a changed source is given whole).
 */
export function sampleKnativeSource(change: Partial<PubSubSource> = {}): PubSubSource {
  const source = SAMPLE_CONFIG.knative.source;
  if (source.kind !== 'pubsub') throw new Error('the sample has no Pub/Sub source');
  return { ...source, ...change };
}

/** The Cloud Run wiring of {@link SAMPLE_CONFIG}. */
export const SAMPLE_WIRING = sampleWiring();

/** The fake gcloud (test/support/fake-gcloud.sh) and the project number of the sample. */
export const FAKE_GCLOUD = {
  path: path.resolve(__dirname, 'fake-gcloud.sh'),
  projectNumber: SAMPLE_CONFIG.google.projectNumber,
} as const;

/** A directory with setup.sh, its service YAML, the fake gcloud as bin/gcloud and its state. */
export interface SetupWorkspace {
  readonly dir: string;
  readonly script: string;
  readonly bin: string;
  readonly state: string;
}

/** One run of setup.sh; `calls` are the argv of the gcloud calls made by this run only. */
export interface SetupRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: readonly (readonly string[])[];
}

/**
 * Writes `script` as `setup.sh` (executable) in a new directory under `root`, and a service YAML
 * for `serviceName` at `serviceYamlPath` beside it (none when it is `null`).
 */
export function createSetupWorkspace(
  root: string,
  script: string,
  serviceName: string,
  serviceYamlPath: string | null = 'service.yaml',
): SetupWorkspace {
  const dir = mkdtempSync(path.join(root, 'workspace-'));
  const bin = path.join(dir, 'bin');
  const state = path.join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  symlinkSync(FAKE_GCLOUD.path, path.join(bin, 'gcloud'));
  const scriptPath = path.join(dir, 'setup.sh');
  writeFileSync(scriptPath, script, { mode: 0o755 });
  if (serviceYamlPath !== null) {
    const yamlPath = path.join(dir, serviceYamlPath);
    mkdirSync(path.dirname(yamlPath), { recursive: true });
    writeFileSync(
      yamlPath,
      `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: ${serviceName}\n`,
    );
  }
  return { dir, script: scriptPath, bin, state };
}

/**
 * For one test file: a temporary root, removed after its tests, and a function that renders a
 * wiring into a new workspace under it (the service YAML at the options' path, or none for `null`).
 */
export function setupWorkspaces(prefix: string) {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  return (
    wiring: WiringModel = SAMPLE_WIRING,
    options: SetupScriptOptions = {},
    serviceYamlPath: string | null = options.serviceYamlPath ?? 'service.yaml',
  ): SetupWorkspace =>
    createSetupWorkspace(
      root,
      renderSetupScript(wiring, options),
      wiring.destination.name,
      wiring.destination.kind === 'cloud-run-service' ? serviceYamlPath : null,
    );
}

/** Every gcloud call recorded in a workspace so far. */
export function gcloudCalls(workspace: SetupWorkspace): string[][] {
  const log = path.join(workspace.state, 'calls.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string[]);
}

/**
 * Runs setup.sh from its directory with the fake gcloud first on PATH and a minimal environment
 * plus `env` (fake controls such as FAKE_GCLOUD_FAIL).
 */
export function runSetup(
  workspace: SetupWorkspace,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): SetupRun {
  const before = gcloudCalls(workspace).length;
  const result = spawnSync(workspace.script, args, {
    cwd: workspace.dir,
    encoding: 'utf8',
    env: {
      PATH: `${workspace.bin}:/usr/local/bin:/usr/bin:/bin`,
      HOME: workspace.dir,
      LANG: 'C',
      FAKE_GCLOUD_STATE: workspace.state,
      ...env,
    },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: gcloudCalls(workspace).slice(before),
  };
}

/**
 * Makes the fake gcloud forget something, as if it had never been created: a resource (`group` as
 * the fake names it from the command, such as `pubsub-subscriptions`), or with group `iam` and
 * `GROUP/NAME`, every IAM binding on that resource.
 *
 * @throws Error when the fake project does not have it
 */
export function forgetInFakeProject(workspace: SetupWorkspace, group: string, name: string): void {
  const file = path.join(workspace.state, 'resources', group, name.replaceAll('/', '%2F'));
  if (!existsSync(file)) throw new Error(`the fake project has no ${group} ${name}`);
  rmSync(file);
}

/** The command words of a gcloud call (its arguments that are not flags), joined by spaces. */
export function commandOf(call: readonly string[]): string {
  return call.filter((arg) => !arg.startsWith('--')).join(' ');
}

/** The `--name=value` flags of a gcloud call (`--name` alone maps to ''). */
export function flagsOf(call: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const arg of call.filter((word) => word.startsWith('--'))) {
    const equals = arg.indexOf('=');
    if (equals === -1) flags[arg] = '';
    else flags[arg.slice(0, equals)] = arg.slice(equals + 1);
  }
  return flags;
}

/** Calls that change something: create, enable, replace, add-iam-policy-binding. */
export function isChange(call: readonly string[]): boolean {
  return call.some((word) =>
    ['create', 'enable', 'replace', 'add-iam-policy-binding'].includes(word),
  );
}
