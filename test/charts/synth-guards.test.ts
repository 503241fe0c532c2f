import { synthesize } from '../../cdk8s/synth-app';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import type { DeploymentConfig } from '../../charts/config/deployment-config';
import { workerEnvironment, DERIVED_VARIABLE_SOURCES } from '../../charts/config/worker-env';
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

describe('variables the kit derives name the config field they come from', () => {
  test.each(Object.entries(DERIVED_VARIABLE_SOURCES))('%s', (variable, source) => {
    const config = testConfig();
    const [path, value] = source(config);
    const fieldValue = path
      .split('.')
      .reduce<unknown>((object, key) => (object as Record<string, unknown>)[key], config);
    expect(value).toBe(fieldValue);
    expect(workerEnvironment(config, 'cloud-run').map(([name]) => name)).toContain(variable);
  });
});
