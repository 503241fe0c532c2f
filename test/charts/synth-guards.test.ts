import { synthesize } from '../../cdk8s/synth-app';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import type { DeploymentConfig } from '../../charts/config/deployment-config';
import {
  DERIVED_VARIABLE_SOURCES,
  WORKER_TARGETS,
  workerEnvironment,
} from '../../charts/config/worker-env';
import { testConfig } from './test-config';

describe("the setup script's check is a guard reported against the config field", () => {
  // The config's own rules refuse these first; the guard still names the config field.
  test.each([
    [
      'google.bucket',
      (config: DeploymentConfig) => ({
        ...config,
        google: { ...config.google, bucket: 'my-google-bucket' },
      }),
      /^dualrun\.config\.yaml: google\.bucket: "my-google-bucket" is invalid: expected a bucket name: .*without "google".* \(setup\.sh BUCKET\)$/,
    ],
    [
      'pubsub.pushAudience',
      (config: DeploymentConfig) => ({
        ...config,
        pubsub: { ...config.pubsub, pushAudience: 'https://x.example/a b' },
      }),
      /^dualrun\.config\.yaml: pubsub\.pushAudience: "https:\/\/x\.example\/a b" is invalid: expected .* \(setup\.sh PUSH_AUDIENCE\)$/,
    ],
  ])('%s', (_field, change, message) => {
    const render = () => synthesize(change(testConfig()), 'dualrun.config.yaml');
    expect(render).toThrow(DeploymentConfigError);
    expect(render).toThrow(message);
  });
});

/** The test config with the Knative worker checking the cluster's OIDC tokens. */
const OIDC_CONFIG = (): DeploymentConfig =>
  testConfig([
    'knative.senderAuth',
    {
      mode: 'oidc',
      issuer:
        'https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west4/clusters/media',
      jwksUrl:
        'https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west4/clusters/media/jwks',
      subjects: [
        'system:serviceaccount:media:thumbnailer-finalized-oidc-eventing.knative.dev-trigger',
      ],
      audience: 'thumbnailer.media',
    },
  ]);

describe('variables the kit derives name the config field they come from', () => {
  test.each(
    WORKER_TARGETS.flatMap((target) =>
      Object.entries(DERIVED_VARIABLE_SOURCES[target]).map(
        ([variable, source]) => [target, variable, source] as const,
      ),
    ),
  )('%s %s', (target, variable, source) => {
    const config = OIDC_CONFIG();
    const [path, value] = source(config);
    const fieldValue = path
      .split('.')
      .reduce<unknown>((object, key) => (object as Record<string, unknown>)[key], config);
    expect(value).toBe(fieldValue);
    expect(workerEnvironment(config, target).map(([name]) => name)).toContain(variable);
  });
});
