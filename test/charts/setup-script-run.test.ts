import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WiringModel } from '../../charts/wiring/wiring-model';
import {
  commandOf,
  FAKE_GCLOUD,
  flagsOf,
  forgetInFakeProject,
  isChange,
  runSetup,
  sampleWiring,
  setupWorkspaces,
  type SetupRun,
  type SetupWorkspace,
} from '../support/setup-workspace';

const PROJECT = '--project=my-project';
const URL = `https://gcs-worker-${FAKE_GCLOUD.projectNumber}.us-central1.run.app/`;
const RUNTIME = 'serviceAccount:gcs-worker-runtime@my-project.iam.gserviceaccount.com';
const INVOKER_EMAIL = 'gcs-worker-invoker@my-project.iam.gserviceaccount.com';
const AGENT = `serviceAccount:service-${FAKE_GCLOUD.projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
const STORAGE_AGENT = `serviceAccount:service-${FAKE_GCLOUD.projectNumber}@gs-project-accounts.iam.gserviceaccount.com`;

/**
 * Every change the first run makes, in order: the command and the flags that matter. The bucket
 * notification comes last, after the push subscription: an upload in between would reach a topic
 * with no subscription and be lost.
 */
const EXPECTED_CHANGES: readonly (readonly [string, Readonly<Record<string, string>>])[] = [
  ['services enable run.googleapis.com', {}],
  ['services enable pubsub.googleapis.com', {}],
  ['services enable vision.googleapis.com', {}],
  ['services enable storage.googleapis.com', {}],
  ['services enable iam.googleapis.com', {}],
  ['storage buckets create gs://my-project-uploads', { '--location': 'us-central1' }],
  [
    'iam service-accounts create gcs-worker-runtime',
    { '--display-name': 'dualrun worker runtime (gcs-worker)' },
  ],
  [
    'storage buckets add-iam-policy-binding gs://my-project-uploads',
    { '--member': RUNTIME, '--role': 'roles/storage.objectViewer' },
  ],
  ['pubsub topics create gcs-uploads', {}],
  ['pubsub topics create gcs-uploads-dlq', {}],
  [
    'pubsub subscriptions create gcs-uploads-dlq-hold',
    { '--topic': 'gcs-uploads-dlq', '--expiration-period': 'never' },
  ],
  [
    'pubsub topics add-iam-policy-binding gcs-uploads-dlq',
    { '--member': AGENT, '--role': 'roles/pubsub.publisher' },
  ],
  ['pubsub topics create gcs-labels', {}],
  [
    'pubsub topics add-iam-policy-binding gcs-labels',
    { '--member': RUNTIME, '--role': 'roles/pubsub.publisher' },
  ],
  [
    'iam service-accounts create gcs-worker-invoker',
    { '--display-name': 'Pub/Sub push invoker of gcs-worker' },
  ],
  ['run services replace <workspace>/service.yaml', { '--region': 'us-central1' }],
  [
    'run services add-iam-policy-binding gcs-worker',
    {
      '--region': 'us-central1',
      '--member': `serviceAccount:${INVOKER_EMAIL}`,
      '--role': 'roles/run.invoker',
    },
  ],
  [
    `iam service-accounts add-iam-policy-binding ${INVOKER_EMAIL}`,
    { '--member': AGENT, '--role': 'roles/iam.serviceAccountTokenCreator' },
  ],
  [
    'pubsub subscriptions create gcs-uploads-push',
    {
      '--topic': 'gcs-uploads',
      '--push-endpoint': URL,
      '--push-auth-service-account': INVOKER_EMAIL,
      '--push-auth-token-audience': URL,
      '--ack-deadline': '300',
      '--min-retry-delay': '10s',
      '--max-retry-delay': '600s',
      '--dead-letter-topic': 'gcs-uploads-dlq',
      '--max-delivery-attempts': '5',
      '--expiration-period': 'never',
    },
  ],
  [
    'pubsub subscriptions add-iam-policy-binding gcs-uploads-push',
    { '--member': AGENT, '--role': 'roles/pubsub.subscriber' },
  ],
  [
    'pubsub topics add-iam-policy-binding gcs-uploads',
    { '--member': STORAGE_AGENT, '--role': 'roles/pubsub.publisher' },
  ],
  [
    'storage buckets notifications create gs://my-project-uploads',
    { '--topic': 'gcs-uploads', '--event-types': 'OBJECT_FINALIZE', '--payload-format': 'json' },
  ],
];

const workspace = setupWorkspaces('setup-run-');

function stepLines(run: SetupRun, prefix: string): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith(prefix));
}

describe('against an empty project, then again', () => {
  let ws: SetupWorkspace;
  let first: SetupRun;
  let second: SetupRun;
  beforeAll(() => {
    ws = workspace();
    first = runSetup(ws);
    second = runSetup(ws);
  });

  test('the first run succeeds and says "created" for every step', () => {
    expect(first.stderr).not.toContain('setup.sh:');
    expect(first.status).toBe(0);
    expect(stepLines(first, 'created: ')).toHaveLength(EXPECTED_CHANGES.length);
    expect(stepLines(first, 'exists: ')).toEqual([]);
  });

  test('the first run makes exactly the expected changes, in order', () => {
    const changes = first.calls.filter(isChange).map(commandOf);
    const expected = EXPECTED_CHANGES.map(([command]) => command.replace('<workspace>', ws.dir));
    expect(changes).toEqual(expected);
  });

  test('the push subscription exists before the bucket notification is created', () => {
    const commands = first.calls.map(commandOf);
    const subscription = commands.indexOf('pubsub subscriptions create gcs-uploads-push');
    const notification = commands.indexOf(
      'storage buckets notifications create gs://my-project-uploads',
    );
    expect(subscription).toBeGreaterThanOrEqual(0);
    expect(notification).toBeGreaterThan(subscription);
  });

  test('the Cloud Storage agent is asked for before it is granted publisher on the topic', () => {
    const commands = first.calls.map(commandOf);
    const agent = commands.indexOf('storage service-agent');
    expect(agent).toBeGreaterThanOrEqual(0);
    expect(commands[agent + 1]).toBe('pubsub topics add-iam-policy-binding gcs-uploads');
  });

  test.each(EXPECTED_CHANGES)('%s has its flags', (command, flags) => {
    const call = first.calls.find(
      (candidate) => commandOf(candidate) === command.replace('<workspace>', ws.dir),
    );
    expect(call && flagsOf(call)).toEqual({ ...flags, '--project': 'my-project' });
  });

  test('every gcloud call passes --project, and every run call --region', () => {
    const calls = [...first.calls, ...second.calls];
    expect(calls.filter((call) => !call.includes(PROJECT))).toEqual([]);
    const run = calls.filter((call) => call[0] === 'run');
    expect(run.length).toBeGreaterThan(0);
    expect(run.filter((call) => !call.includes('--region=us-central1'))).toEqual([]);
  });

  test('the second run makes no change and says "exists" for every step', () => {
    expect(second.status).toBe(0);
    expect(second.calls.filter(isChange)).toEqual([]);
    expect(stepLines(second, 'exists: ')).toEqual(
      stepLines(first, 'created: ').map((line) => line.replace(/^created: /, 'exists: ')),
    );
    expect(stepLines(second, 'created: ')).toEqual([]);
  });

  test('--dry-run calls no gcloud command and prints exactly the commands of a real run', () => {
    const dryWs = workspace();
    const dry = runSetup(dryWs, ['--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.calls).toEqual([]);
    expect(stepLines(dry, 'would create: ')).toEqual(
      stepLines(first, 'created: ').map((line) => line.replace(/^created: /, 'would create: ')),
    );
    const printed = parseCommands(
      dry.stdout.split('\n').filter((line) => line.startsWith('  gcloud ')),
      dryWs.dir,
    ).map((call) => call.map((arg) => arg.replace(dryWs.dir, '<workspace>')));
    const made = first.calls
      .filter(isChange)
      .map((call) => ['gcloud', ...call].map((arg) => arg.replace(ws.dir, '<workspace>')));
    expect(printed).toEqual(made);
  });
});

test('a project wired by an earlier setup.sh gets only the dead-letter hold and the token grant', () => {
  const ws = workspace();
  expect(runSetup(ws).status).toBe(0);
  forgetInFakeProject(ws, 'pubsub-subscriptions', 'gcs-uploads-dlq-hold');
  forgetInFakeProject(ws, 'iam', `iam-service-accounts/${INVOKER_EMAIL}`);
  const again = runSetup(ws);
  expect(again.status).toBe(0);
  expect(again.calls.filter(isChange).map(commandOf)).toEqual([
    'pubsub subscriptions create gcs-uploads-dlq-hold',
    `iam service-accounts add-iam-policy-binding ${INVOKER_EMAIL}`,
  ]);
  expect(stepLines(again, 'created: ')).toEqual([
    'created: pull subscription gcs-uploads-dlq-hold to topic gcs-uploads-dlq (keeps dead letters)',
    `created: roles/iam.serviceAccountTokenCreator on service account ${INVOKER_EMAIL} for ${AGENT.replace('serviceAccount:', '')}`,
  ]);
});

/**
 * Reads printed command lines back with bash, in `cwd`, so that quoting is checked as a shell sees
 * it (and whatever a broken quote would run, runs where the test looks for it).
 */
function parseCommands(lines: readonly string[], cwd: string): string[][] {
  const program = [`gcloud() { printf '%s\\037' gcloud "$@"; printf '\\036'; }`, ...lines].join(
    '\n',
  );
  const result = spawnSync('bash', ['-c', program], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bash could not read the commands: ${result.stderr}`);
  return result.stdout
    .split('\x1e')
    .slice(0, -1)
    .map((record) => record.split('\x1f').slice(0, -1));
}

describe('settings that change what the script does', () => {
  test('a runtime service account of another project is not created, but still gets bucket access', () => {
    const compute = '123456789012-compute@developer.gserviceaccount.com';
    const run = runSetup(workspace(sampleWiring({ cloudRun: { serviceAccountEmail: compute } })));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `skipped: runtime service account ${compute} is not in project my-project: it must exist already\n`,
    );
    const accounts = run.calls.filter((call) =>
      /^iam service-accounts (?:describe|create) /.test(commandOf(call)),
    );
    expect(accounts.map(commandOf)).toEqual([
      `iam service-accounts describe ${INVOKER_EMAIL}`,
      'iam service-accounts create gcs-worker-invoker',
    ]);
    const binding = run.calls.find((call) => call[2] === 'add-iam-policy-binding');
    expect(binding && flagsOf(binding)['--member']).toBe(`serviceAccount:${compute}`);
  });

  describe('another project number, every optional setting, and an audience that tries to break out of its quotes', () => {
    const audience =
      "https://aud.example/';touch${IFS}pwned;'$(touch${IFS}pwned)`touch${IFS}pwned`";
    const wiring: WiringModel = {
      ...sampleWiring({
        google: { projectNumber: '987654321098' },
        pubsub: { pushAudience: audience },
      }),
      bucketLocation: 'EU',
    };
    const options = { serviceYamlPath: 'run/service.yaml' };
    let ws: SetupWorkspace;
    let run: SetupRun;
    beforeAll(() => {
      ws = workspace(wiring, options);
      run = runSetup(ws);
    });

    test('the audience reaches gcloud unchanged and runs nothing', () => {
      expect(run.status).toBe(0);
      const subscription = run.calls.find(
        (call) => commandOf(call) === 'pubsub subscriptions create gcs-uploads-push',
      );
      expect(subscription && flagsOf(subscription)).toMatchObject({
        '--push-endpoint': 'https://gcs-worker-987654321098.us-central1.run.app/',
        '--push-auth-token-audience': audience,
      });
      expect(existsSync(path.join(ws.dir, 'pwned'))).toBe(false);
    });

    test('--dry-run prints the audience quoted, so that a shell reads it back unchanged', () => {
      const dryWs = workspace(wiring, options);
      const dry = runSetup(dryWs, ['--dry-run']);
      const printed = parseCommands(
        dry.stdout.split('\n').filter((line) => line.startsWith('  gcloud pubsub subscriptions ')),
        dryWs.dir,
      );
      expect(printed.map((call) => flagsOf(call)['--push-auth-token-audience'])).toEqual([
        undefined,
        audience,
        undefined,
      ]);
      expect(existsSync(path.join(dryWs.dir, 'pwned'))).toBe(false);
    });

    test('the configured project number is used without asking gcloud', () => {
      expect(run.calls.filter((call) => call[0] === 'projects')).toEqual([]);
      const agent = 'serviceAccount:service-987654321098@gcp-sa-pubsub.iam.gserviceaccount.com';
      const storageAgent =
        'serviceAccount:service-987654321098@gs-project-accounts.iam.gserviceaccount.com';
      const grants = run.calls.filter(
        (call) => call[2] === 'add-iam-policy-binding' && !['storage', 'run'].includes(call[0]!),
      );
      expect(grants.map((call) => [call[0], flagsOf(call)['--member']])).toEqual([
        ['pubsub', agent],
        ['pubsub', 'serviceAccount:gcs-worker-runtime@my-project.iam.gserviceaccount.com'],
        ['iam', agent],
        ['pubsub', agent],
        ['pubsub', storageAgent],
      ]);
    });

    test('the bucket location and the service YAML path are used', () => {
      const commands = run.calls.filter(isChange).map((call) => call.join(' '));
      expect(commands).toContain(
        'storage buckets create gs://my-project-uploads --location=EU --project=my-project',
      );
      expect(commands).toContain(
        `run services replace ${ws.dir}/run/service.yaml --region=us-central1 --project=my-project`,
      );
    });
  });
});
