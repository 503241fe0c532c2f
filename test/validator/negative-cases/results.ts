/**
 * Negative examples of the result event rules (cross/results-*): the Cloud Run worker's topic and
 * publisher grant against its wiring, the Knative worker's mode, and the Triggers of a replying
 * worker.
 */
import { C0, FIXTURE_PATHS, fixtureFiles, type Mutation } from '../manifest-fixtures';
import { kcc, ksvc, type NegativeCase, one, run, scriptText, trigger } from './case';

/** Sets (or with `undefined` removes) the env variable `name` of the first container. */
const env =
  (name: string, value: string | undefined): Mutation =>
  (object) => {
    let current: unknown = object;
    for (const key of [...C0, 'env']) current = (current as Record<string | number, unknown>)[key];
    const list = current as { name: string; value?: string }[];
    const index = list.findIndex((entry) => entry.name === name);
    if (value === undefined) list.splice(index, 1);
    else if (index === -1) list.push({ name, value });
    else list[index] = { name, value };
  };

const GRANT = 'gcs-worker-results-publisher';

/**
 * Only cloudrun/service.yaml and cloudrun/setup.sh (no config-connector.yaml), with the publisher
 * grant of setup.sh commented out: its continuation line is then a command of its own.
 */
const onlyScriptGrantCommentedOut = () =>
  fixtureFiles()
    .filter(({ path }) => path === FIXTURE_PATHS.service || path === FIXTURE_PATHS.script)
    .map((file) => {
      if (file.path === FIXTURE_PATHS.script) {
        const text = file.text.replace(
          'gcloud pubsub topics add-iam-policy-binding "${RESULTS_TOPIC}"',
          '# gcloud pubsub topics add-iam-policy-binding "${RESULTS_TOPIC}"',
        );
        if (text === file.text) throw new Error('the publisher grant of setup.sh was not found');
        return { ...file, text };
      }
      return file;
    });

/** The result event cases. */
export const RESULTS_CASES: readonly NegativeCase[] = [
  one(
    'cross/results-topic',
    'RESULTS_MODE pubsub without RESULTS_TOPIC',
    run(env('RESULTS_TOPIC', undefined)),
  ),
  one(
    'cross/results-topic',
    'RESULTS_TOPIC as a short name',
    run(env('RESULTS_TOPIC', 'gcs-labels')),
  ),
  one(
    'cross/results-topic',
    'a topic the wiring does not create',
    run(env('RESULTS_TOPIC', 'projects/my-project/topics/other-labels')),
    ['cross/results-publisher'],
  ),
  one(
    'cross/results-topic',
    'a topic of another project',
    run(env('RESULTS_TOPIC', 'projects/other-project/topics/gcs-labels')),
  ),
  one(
    'cross/results-topic',
    'setup.sh declares another RESULTS_TOPIC',
    scriptText("RESULTS_TOPIC='gcs-labels'", "RESULTS_TOPIC='other-labels'"),
  ),
  one(
    'cross/results-publisher',
    'the IAMPolicyMember grants another account',
    kcc(
      'IAMPolicyMember',
      (object) => {
        (object['spec'] as Record<string, unknown>)['member'] =
          'serviceAccount:someone@my-project.iam.gserviceaccount.com';
      },
      GRANT,
    ),
  ),
  one(
    'cross/results-publisher',
    'the IAMPolicyMember grants a subscriber role',
    kcc(
      'IAMPolicyMember',
      (object) => {
        (object['spec'] as Record<string, unknown>)['role'] = 'roles/pubsub.subscriber';
      },
      GRANT,
    ),
  ),
  one(
    'cross/results-publisher',
    'setup.sh grants no publisher role on the results topic',
    scriptText('--role=roles/pubsub.publisher', '--role=roles/pubsub.viewer'),
  ),
  one(
    'cross/results-publisher',
    'service.yaml and setup.sh alone, the grant line of setup.sh commented out',
    onlyScriptGrantCommentedOut,
  ),
  one(
    'cross/results-knative-mode',
    'RESULTS_MODE pubsub on Knative',
    ksvc(env('RESULTS_MODE', 'pubsub')),
  ),
  one(
    'cross/results-no-loop',
    "the worker's Trigger takes its own labeled results",
    trigger((object) => {
      const filters = (object['spec'] as Record<string, unknown>)['filters'] as unknown[];
      filters[0] = { exact: { type: 'dev.dualrun.image.labeled.v1' } };
    }),
  ),
];
