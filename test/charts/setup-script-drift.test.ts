import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runSetup, setupWorkspaces, type SetupWorkspace } from '../support/setup-workspace';

const workspace = setupWorkspaces('setup-drift-');

const URL = 'https://gcs-worker-123456789012.us-central1.run.app/';
const UPDATE = 'gcloud pubsub subscriptions update gcs-uploads-push --project=my-project';
const PUSH = `--push-endpoint=${URL} --push-auth-service-account=gcs-worker-invoker@my-project.iam.gserviceaccount.com --push-auth-token-audience=${URL}`;
const DEAD_LETTER = '--dead-letter-topic=gcs-uploads-dlq --max-delivery-attempts=5';

/** The push subscription's settings as the fake project records them (tab-separated). */
function subscriptionFile(ws: SetupWorkspace): string {
  return path.join(ws.state, 'resources', 'pubsub-subscriptions', 'gcs-uploads-push');
}

describe('an existing push subscription whose settings differ from the config', () => {
  test.each([
    [
      0,
      'https://old-1.a.run.app/',
      `warning: the push endpoint of gcs-uploads-push is https://old-1.a.run.app/, the config says ${URL}; run: ${UPDATE} ${PUSH}`,
    ],
    [
      1,
      'https://old.example/',
      `warning: the push audience of gcs-uploads-push is https://old.example/, the config says ${URL}; run: ${UPDATE} ${PUSH}`,
    ],
    [
      2,
      '60',
      `warning: the ack deadline of gcs-uploads-push is 60, the config says 300; run: ${UPDATE} --ack-deadline=300`,
    ],
    [
      3,
      '',
      `warning: the dead-letter topic of gcs-uploads-push is (unset), the config says projects/my-project/topics/gcs-uploads-dlq; run: ${UPDATE} ${DEAD_LETTER}`,
    ],
    [
      4,
      '7',
      `warning: the maximum delivery attempts of gcs-uploads-push is 7, the config says 5; run: ${UPDATE} ${DEAD_LETTER}`,
    ],
  ])('setting %i as %j is warned about, with the command that fixes it', (column, value, line) => {
    const ws = workspace();
    expect(runSetup(ws).status).toBe(0);
    const settings = readFileSync(subscriptionFile(ws), 'utf8').trimEnd().split('\t');
    expect(settings).toHaveLength(5);
    settings[column] = value;
    writeFileSync(subscriptionFile(ws), `${settings.join('\t')}\n`);
    const run = runSetup(ws);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter((out) => out.startsWith('warning: '))).toEqual([line]);
  });

  test('a subscription as the config says it gives no warning', () => {
    const ws = workspace();
    expect(runSetup(ws).status).toBe(0);
    const again = runSetup(ws);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('exists: push subscription gcs-uploads-push');
    expect(again.stdout).not.toContain('warning:');
  });
});
