import { commandOf, runSetup, SAMPLE_WIRING, setupWorkspaces } from '../support/setup-workspace';

const workspace = setupWorkspaces('setup-stops-');

describe('failures stop the script', () => {
  test.each([
    ['a create fails', 'pubsub topics create', 'pubsub topics create gcs-uploads'],
    [
      'a check fails for another reason than NOT_FOUND',
      'pubsub topics describe',
      'pubsub topics describe gcs-uploads',
    ],
  ])('when %s, with exit status 1 and no later call', (_case, failing, last) => {
    const run = runSetup(workspace(), [], { FAKE_GCLOUD_FAIL: failing });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PERMISSION_DENIED');
    expect(commandOf(run.calls.at(-1)!)).toBe(last);
    expect(run.calls.filter((call) => commandOf(call) === last)).toHaveLength(1);
    expect(run.stdout).not.toContain('topic gcs-uploads\n');
  });

  test('a failed IAM binding is tried again and the script goes on when it succeeds', () => {
    const run = runSetup(workspace(), [], {
      FAKE_GCLOUD_FAIL: 'run services add-iam-policy-binding',
      FAKE_GCLOUD_FAIL_TIMES: '1',
      DUALRUN_SETUP_RETRY_PAUSE_SECONDS: '0',
    });
    expect(run.status).toBe(0);
    const bindings = run.calls.filter((call) => call.includes('add-iam-policy-binding'));
    expect(bindings.map((call) => call[0])).toEqual([
      'storage',
      'pubsub',
      'pubsub',
      'run',
      'run',
      'iam',
      'pubsub',
      'pubsub',
    ]);
    expect(run.stderr).toContain('setup.sh: trying again in 0 s: gcloud run services');
  });

  test('an IAM binding that keeps failing stops the script after 3 attempts', () => {
    const run = runSetup(workspace(), [], {
      FAKE_GCLOUD_FAIL: 'run services add-iam-policy-binding',
      DUALRUN_SETUP_RETRY_PAUSE_SECONDS: '0',
    });
    expect(run.status).toBe(1);
    expect(run.calls.filter((call) => call[2] === 'add-iam-policy-binding')).toHaveLength(6);
    expect(commandOf(run.calls.at(-1)!)).toBe('run services add-iam-policy-binding gcs-worker');
    expect(run.stderr).toContain(
      'setup.sh: gave up after 3 attempts: roles/run.invoker on Cloud Run service gcs-worker for gcs-worker-invoker@my-project.iam.gserviceaccount.com: gcloud run services',
    );
  });
});

describe('a failing gcloud call exits 1 (2 is for an unknown argument) with a line naming the step', () => {
  test.each([
    ['services list', 'setup.sh: could not list the enabled APIs of project my-project\n'],
    [
      'pubsub topics create',
      'setup.sh: could not create topic gcs-uploads: gcloud pubsub topics create gcs-uploads --project=my-project\n',
    ],
    [
      'storage buckets create',
      'setup.sh: could not create bucket gs://my-project-uploads: gcloud storage buckets create',
    ],
  ])('%s failing with status 2', (failing, line) => {
    const run = runSetup(workspace(), [], {
      FAKE_GCLOUD_FAIL: failing,
      FAKE_GCLOUD_FAIL_STATUS: '2',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(line);
    expect(commandOf(run.calls.at(-1)!)).toMatch(new RegExp(`^${failing}`));
  });

  test('a failed service deploy is tried again: IAM may not see the new runtime account yet', () => {
    const run = runSetup(workspace(), [], {
      FAKE_GCLOUD_FAIL: 'run services replace',
      FAKE_GCLOUD_FAIL_TIMES: '1',
      DUALRUN_SETUP_RETRY_PAUSE_SECONDS: '0',
    });
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => call[2] === 'replace')).toHaveLength(2);
    expect(run.stdout).toContain('created: Cloud Run service gcs-worker in us-central1\n');
  });
});

describe('arguments', () => {
  test('--help prints the usage and the steps, and calls nothing', () => {
    const run = runSetup(workspace(), ['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: setup\.sh \[--dry-run\] \[--help\]\n/);
    expect(run.stdout).toContain('18. create the bucket notification: OBJECT_FINALIZE events');
    expect(run.calls).toEqual([]);
  });

  test('an unknown argument prints the usage to stderr and exits 2', () => {
    const run = runSetup(workspace(), ['--force']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^setup\.sh: unknown argument: --force\n\nUsage: setup\.sh/);
    expect(run.stdout).toBe('');
    expect(run.calls).toEqual([]);
  });

  test('without the service YAML beside it, the script stops before any gcloud call', () => {
    const ws = workspace(SAMPLE_WIRING, {}, null);
    const run = runSetup(ws);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `setup.sh: ${ws.dir}/service.yaml is missing: npm run synth writes it beside this script\n`,
    );
    expect(run.calls).toEqual([]);
  });
});
