import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import { parseDeploymentConfig } from '../../charts/config/load-deployment-config';
import { rawTestConfig, testConfig, withField, type Change } from './test-config';

/** The one line a config with `changes` is refused with (throws when it is accepted). */
function refusal(...changes: readonly Change[]): string {
  const raw = changes.reduce(
    (config, [path, value]) => withField(config, path, value),
    rawTestConfig(),
  );
  try {
    parseDeploymentConfig(raw, 'dualrun.config.yaml');
  } catch (error) {
    if (error instanceof DeploymentConfigError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(changes)}`);
}

describe('knative.source: kind pubsub (the default), knative-gcp or none', () => {
  test("without a kind, the source is the kit's own Pub/Sub source", () => {
    expect(testConfig().knative.source.kind).toBe('pubsub');
  });

  test.each([
    [
      'knative-gcp, legacy',
      { kind: 'knative-gcp', name: 'photo-uploads', serviceAccountName: 'gcs-source' },
    ],
    ['none', { kind: 'none' }],
  ])('%s is accepted with its own fields', (_kind, source) => {
    expect(testConfig(['knative.source', source]).knative.source).toEqual(source);
  });

  test.each<[string, unknown, string]>([
    [
      'an unknown kind',
      { kind: 'kafka', name: 'x' },
      'dualrun.config.yaml: knative.source.kind: "kafka" is invalid: expected one of pubsub, knative-gcp, none (pubsub, the default, is the kit\'s own Pub/Sub source)',
    ],
    [
      'a source that is not a mapping',
      'pubsub',
      'dualrun.config.yaml: knative.source: "pubsub" is invalid: expected a mapping with kind pubsub, knative-gcp, none and its fields',
    ],
    [
      'no source at all',
      undefined,
      'dualrun.config.yaml: knative.source is missing: expected a mapping with kind pubsub, knative-gcp, none and its fields',
    ],
    [
      'a field of another kind (topic) on the Pub/Sub source',
      { ...rawSource(), topic: 'photos' },
      'dualrun.config.yaml: knative.source.topic: "photos" is invalid: unknown field: expected one of kind, name, serviceAccountName, googleServiceAccount, keySecret, subscription, ackDeadlineSeconds, sendTimeoutMs, maxOutstandingMessages, cpu, memory',
    ],
    [
      'a field on kind none',
      { kind: 'none', name: 'photo-uploads' },
      'dualrun.config.yaml: knative.source.name: "photo-uploads" is invalid: unknown field: expected one of kind',
    ],
    [
      'knative-gcp without a name',
      { kind: 'knative-gcp', serviceAccountName: 'gcs-source' },
      'dualrun.config.yaml: knative.source.name is missing: expected a DNS-1123 label',
    ],
    [
      'a key Secret key with a slash',
      { ...rawSource(), keySecret: { name: 'source-key', key: 'keys/key.json' } },
      'dualrun.config.yaml: knative.source.keySecret.key: "keys/key.json" is invalid: expected a Secret key',
    ],
  ])('%s: one line naming the field', (_case, source, line) => {
    const message = refusal(['knative.source', source]);
    expect(message.split('\n')).toHaveLength(1);
    expect(message.startsWith(line)).toBe(true);
  });

  test('a source written before kinds (now the Pub/Sub source) names each field it lacks', () => {
    expect(
      refusal(['knative.source', { name: 'photo-uploads', serviceAccountName: 'gcs-source' }]),
    ).toBe(
      'dualrun.config.yaml has 2 problems:\n' +
        '  knative.source.googleServiceAccount is missing: expected a service-account e-mail such as name@project-id.iam.gserviceaccount.com\n' +
        '  knative.source.subscription is missing: expected a Pub/Sub name of 3 to 63 lowercase letters, digits and "-", starting with a letter (it is also a Kubernetes name in config-connector.yaml)',
    );
  });

  test('a key Secret takes key.json by default', () => {
    const source = testConfig(['knative.source.keySecret', { name: 'source-key' }]).knative.source;
    expect(source.kind === 'pubsub' ? source.keySecret : undefined).toEqual({
      name: 'source-key',
      key: 'key.json',
    });
  });
});

/** The test config's Pub/Sub source, raw. */
function rawSource(): Record<string, unknown> {
  return structuredClone(
    (rawTestConfig()['knative'] as Record<string, unknown>)['source'],
  ) as Record<string, unknown>;
}

describe('the Pub/Sub source against the rest of the config', () => {
  test.each<[string, Change[], string]>([
    [
      "the worker's Kubernetes service account",
      [['knative.source.serviceAccountName', 'thumbnailer-ksa']],
      'knative.source.serviceAccountName: "thumbnailer-ksa" is invalid: expected a service account other than the worker\'s',
    ],
    [
      'a Google account of another project',
      [
        [
          'knative.source.googleServiceAccount',
          'photo-source@other-project.iam.gserviceaccount.com',
        ],
      ],
      'knative.source.googleServiceAccount: "photo-source@other-project.iam.gserviceaccount.com" is invalid: expected an account of google.projectId, NAME@acme-prod.iam.gserviceaccount.com: knative/wiring/ creates it',
    ],
    [
      'the push invoker as its account',
      [
        [
          'knative.source.googleServiceAccount',
          'thumbnailer-invoker@acme-prod.iam.gserviceaccount.com',
        ],
      ],
      'knative.source.googleServiceAccount: "thumbnailer-invoker@acme-prod.iam.gserviceaccount.com" is invalid: expected an account other than the push invoker',
    ],
    [
      'the push subscription as its subscription',
      [['knative.source.subscription', 'thumbnailer-push']],
      'knative.source.subscription: "thumbnailer-push" is invalid: expected a subscription other than pubsub.subscription (thumbnailer-push)',
    ],
    [
      'an ack deadline a send can outlast',
      [
        ['knative.source.ackDeadlineSeconds', 20],
        ['knative.source.sendTimeoutMs', 20000],
      ],
      'knative.source.ackDeadlineSeconds: 20 is invalid: expected more than knative.source.sendTimeoutMs (20000 ms)',
    ],
    [
      'a send timeout the source refuses',
      [
        ['knative.source.ackDeadlineSeconds', 600],
        ['knative.source.sendTimeoutMs', 700000],
      ],
      "knative.source.sendTimeoutMs: 700000 is invalid: expected milliseconds from 1 to 600000, below the subscription ack deadline (the source's SEND_TIMEOUT_MS)",
    ],
    [
      'a send timeout that is no whole number',
      [['knative.source.sendTimeoutMs', 2.5]],
      'knative.source.sendTimeoutMs: 2.5 is invalid: expected a whole number above 0',
    ],
  ])('%s is refused, naming the field', (_case, changes, line) => {
    expect(refusal(...changes)).toContain(`dualrun.config.yaml: ${line}`);
  });

  test('the rules do not apply to a source of another kind', () => {
    expect(() =>
      testConfig(
        ['knative.source', { kind: 'none' }],
        ['knative.serviceAccountName', 'gcs-source'],
      ),
    ).not.toThrow();
  });
});
