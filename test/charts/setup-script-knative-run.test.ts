/**
 * The Knative wiring's setup.sh (knative/wiring/setup.sh) against the fake gcloud: the same
 * renderer and prelude as Cloud Run's, so these tests check what differs: the source's account,
 * its Workload Identity binding, the pull subscription, and the grants of a pull.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  commandOf,
  FAKE_GCLOUD,
  flagsOf,
  isChange,
  runSetup,
  sampleKnativeSource,
  sampleKnativeWiring,
  setupWorkspaces,
  type SetupRun,
  type SetupWorkspace,
} from '../support/setup-workspace';

const SOURCE = 'gcs-source@my-project.iam.gserviceaccount.com';
const AGENT = `serviceAccount:service-${FAKE_GCLOUD.projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
const STORAGE_AGENT = `serviceAccount:service-${FAKE_GCLOUD.projectNumber}@gs-project-accounts.iam.gserviceaccount.com`;

/** Every change the first run makes, in order, with the flags that matter. */
const EXPECTED_CHANGES: readonly (readonly [string, Readonly<Record<string, string>>])[] = [
  ['services enable pubsub.googleapis.com', {}],
  ['services enable vision.googleapis.com', {}],
  ['services enable storage.googleapis.com', {}],
  ['services enable iam.googleapis.com', {}],
  ['storage buckets create gs://my-project-uploads', { '--location': 'us-central1' }],
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
  [
    'iam service-accounts create gcs-source',
    { '--display-name': 'dualrun Pub/Sub source of gcs-worker' },
  ],
  [
    `iam service-accounts add-iam-policy-binding ${SOURCE}`,
    {
      '--member': 'serviceAccount:my-project.svc.id.goog[dualrun/gcs-source]',
      '--role': 'roles/iam.workloadIdentityUser',
    },
  ],
  [
    'pubsub subscriptions create gcs-uploads-source',
    {
      '--topic': 'gcs-uploads',
      '--ack-deadline': '60',
      '--min-retry-delay': '10s',
      '--max-retry-delay': '600s',
      '--dead-letter-topic': 'gcs-uploads-dlq',
      '--max-delivery-attempts': '5',
      '--expiration-period': 'never',
    },
  ],
  [
    'pubsub subscriptions add-iam-policy-binding gcs-uploads-source',
    { '--member': `serviceAccount:${SOURCE}`, '--role': 'roles/pubsub.subscriber' },
  ],
  [
    'pubsub topics add-iam-policy-binding gcs-uploads-dlq',
    { '--member': `serviceAccount:${SOURCE}`, '--role': 'roles/pubsub.publisher' },
  ],
  [
    'pubsub subscriptions add-iam-policy-binding gcs-uploads-source',
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

const workspace = setupWorkspaces('setup-knative-');

function stepLines(run: SetupRun, prefix: string): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith(prefix));
}

describe('against an empty project, then again', () => {
  let ws: SetupWorkspace;
  let first: SetupRun;
  let second: SetupRun;
  beforeAll(() => {
    ws = workspace(sampleKnativeWiring());
    first = runSetup(ws);
    second = runSetup(ws);
  });

  test('the first run succeeds, makes exactly the expected changes in order, with their flags', () => {
    expect(first.stderr).not.toContain('setup.sh:');
    expect(first.status).toBe(0);
    const changes = first.calls.filter(isChange);
    expect(changes.map(commandOf)).toEqual(EXPECTED_CHANGES.map(([command]) => command));
    expect(changes.map(flagsOf)).toEqual(
      EXPECTED_CHANGES.map(([, flags]) => ({ ...flags, '--project': 'my-project' })),
    );
    expect(stepLines(first, 'created: ')).toHaveLength(EXPECTED_CHANGES.length);
  });

  test("the source's subscription exists before the bucket notification is created", () => {
    const commands = first.calls.map(commandOf);
    expect(
      commands.indexOf('storage buckets notifications create gs://my-project-uploads'),
    ).toBeGreaterThan(commands.indexOf('pubsub subscriptions create gcs-uploads-source'));
  });

  test('no Cloud Run call, no push flag', () => {
    expect(first.calls.filter((call) => call[0] === 'run')).toEqual([]);
    expect(first.calls.flat().filter((arg) => arg.startsWith('--push-'))).toEqual([]);
  });

  test('the second run makes no change and says "exists" for every step', () => {
    expect(second.status).toBe(0);
    expect(second.calls.filter(isChange)).toEqual([]);
    expect(stepLines(second, 'exists: ')).toEqual(
      stepLines(first, 'created: ').map((line) => line.replace(/^created: /, 'exists: ')),
    );
    expect(second.stdout).not.toContain('warning:');
  });

  test('--dry-run calls no gcloud command and shows what a real run creates', () => {
    const dry = runSetup(workspace(sampleKnativeWiring()), ['--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.calls).toEqual([]);
    expect(stepLines(dry, 'would create: ')).toEqual(
      stepLines(first, 'created: ').map((line) => line.replace(/^created: /, 'would create: ')),
    );
    expect(dry.stdout).toContain('dry run of the knative wiring');
  });

  test('the last line says to apply the Knative objects from the directory above the script', () => {
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe(
      `Then apply the Knative objects (the ContainerSource pulls gcs-uploads-source into the Broker): kubectl apply -f ${path.dirname(ws.dir)}`,
    );
  });
});

describe('an existing pull subscription whose settings differ from the config', () => {
  const UPDATE = 'gcloud pubsub subscriptions update gcs-uploads-source --project=my-project';
  test.each([
    [
      0,
      'https://old.example/',
      'warning: the push endpoint of pull subscription gcs-uploads-source is https://old.example/, the config says (unset); run: gcloud pubsub subscriptions modify-push-config gcs-uploads-source --push-endpoint= --project=my-project',
    ],
    [
      2,
      '10',
      `warning: the ack deadline of gcs-uploads-source is 10, the config says 60; run: ${UPDATE} --ack-deadline=60`,
    ],
    [
      4,
      '',
      `warning: the maximum delivery attempts of gcs-uploads-source is (unset), the config says 5; run: ${UPDATE} --dead-letter-topic=gcs-uploads-dlq --max-delivery-attempts=5`,
    ],
  ])('setting %i as %j is warned about, with the command that fixes it', (column, value, line) => {
    const ws = workspace(sampleKnativeWiring());
    expect(runSetup(ws).status).toBe(0);
    const file = path.join(ws.state, 'resources', 'pubsub-subscriptions', 'gcs-uploads-source');
    const settings = readFileSync(file, 'utf8').trimEnd().split('\t');
    settings[column] = value;
    writeFileSync(file, `${settings.join('\t')}\n`);
    const run = runSetup(ws);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter((out) => out.startsWith('warning: '))).toEqual([line]);
  });
});

test('with a key Secret instead of Workload Identity, no binding of the Kubernetes account', () => {
  const keyed = sampleKnativeWiring({
    knative: {
      source: sampleKnativeSource({ keySecret: { name: 'source-key', key: 'key.json' } }),
    },
  });
  const run = runSetup(workspace(keyed));
  expect(run.status).toBe(0);
  expect(
    run.calls.filter((call) => call.some((arg) => arg.includes('workloadIdentityUser'))),
  ).toEqual([]);
});
