/**
 * The source's environment table (docs/pubsub-source.md): defaults, every variable, one-line
 * errors.
 */
import { loadSourceConfig, SOURCE_VARIABLES } from '../../src/config/source-config';
import { ConfigError } from '../../src/errors';
import { errorThrownBy } from '../support/decode-fixtures';

const REQUIRED = {
  PUBSUB_SUBSCRIPTION: 'projects/demo-project/subscriptions/photos-source',
  BUCKET: 'dualrun-demo-photos',
  PUBSUB_DEAD_LETTER_TOPIC: 'projects/demo-project/topics/photos-dead-letter',
  K_SINK: 'http://broker-ingress.knative-eventing.svc.cluster.local/photos/default',
};

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

test('defaults: only the required variables set', () => {
  expect(loadSourceConfig(REQUIRED)).toEqual({
    subscription: REQUIRED.PUBSUB_SUBSCRIPTION,
    projectId: 'demo-project',
    bucket: REQUIRED.BUCKET,
    deadLetterTopic: REQUIRED.PUBSUB_DEAD_LETTER_TOPIC,
    sinkUrl: REQUIRED.K_SINK,
    ceExtensions: {},
    sinkCaCerts: undefined,
    sinkTokenFile: '/oidc/token',
    sendTimeoutMs: 10000,
    maxOutstandingMessages: 80,
    maxOutstandingBytes: 104857600,
    port: 8080,
    logLevel: 'info',
    emulatorHost: undefined,
  });
});

test('every variable is read', () => {
  expect(
    loadSourceConfig({
      ...REQUIRED,
      K_CE_OVERRIDES: '{"extensions":{"cluster":"east"}}',
      K_CA_CERTS: PEM,
      SINK_OIDC_TOKEN_FILE: '/var/run/token',
      SEND_TIMEOUT_MS: '5000',
      MAX_OUTSTANDING_MESSAGES: '20',
      MAX_OUTSTANDING_BYTES: '2097152',
      PORT: '9091',
      LOG_LEVEL: 'debug',
      PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
    }),
  ).toEqual({
    subscription: REQUIRED.PUBSUB_SUBSCRIPTION,
    projectId: 'demo-project',
    bucket: REQUIRED.BUCKET,
    deadLetterTopic: REQUIRED.PUBSUB_DEAD_LETTER_TOPIC,
    sinkUrl: REQUIRED.K_SINK,
    ceExtensions: { cluster: 'east' },
    sinkCaCerts: PEM,
    sinkTokenFile: '/var/run/token',
    sendTimeoutMs: 5000,
    maxOutstandingMessages: 20,
    maxOutstandingBytes: 2097152,
    port: 9091,
    logLevel: 'debug',
    emulatorHost: '127.0.0.1:8085',
  });
});

test('the table lists every variable it reads, for the charts', () => {
  expect(SOURCE_VARIABLES).toEqual([
    'PUBSUB_SUBSCRIPTION',
    'BUCKET',
    'PUBSUB_DEAD_LETTER_TOPIC',
    'K_SINK',
    'K_CE_OVERRIDES',
    'K_CA_CERTS',
    'SINK_OIDC_TOKEN_FILE',
    'SEND_TIMEOUT_MS',
    'MAX_OUTSTANDING_MESSAGES',
    'MAX_OUTSTANDING_BYTES',
    'PORT',
    'LOG_LEVEL',
    'PUBSUB_EMULATOR_HOST',
  ]);
});

test.each(Object.keys(REQUIRED))('%s is required', (name) => {
  const env: Record<string, string> = { ...REQUIRED };
  env[name] = '';
  const error = errorThrownBy(() => loadSourceConfig(env));
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ variable: name });
  expect((error as ConfigError).message).toMatch(new RegExp(`^${name} is required: expected `));
});

test.each<[string, string, string]>([
  ['PUBSUB_SUBSCRIPTION', 'photos-source', 'projects/PROJECT/subscriptions/SUBSCRIPTION'],
  ['PUBSUB_SUBSCRIPTION', 'projects/demo-project/topics/photos', 'projects/PROJECT/subscriptions'],
  ['BUCKET', 'gs://dualrun-demo-photos', 'a Cloud Storage bucket name'],
  ['PUBSUB_DEAD_LETTER_TOPIC', 'photos-dead-letter', 'projects/PROJECT/topics/TOPIC'],
  ['K_SINK', 'broker-ingress/photos/default', 'an http:// or https:// URL'],
  ['K_SINK', 'ftp://broker/photos', 'an http:// or https:// URL'],
  ['K_CA_CERTS', 'not a certificate', 'PEM certificates'],
  ['SINK_OIDC_TOKEN_FILE', 'oidc/token', 'an absolute file path'],
  ['SEND_TIMEOUT_MS', '10s', 'milliseconds from 1 to 600000'],
  ['SEND_TIMEOUT_MS', '0', 'milliseconds from 1 to 600000'],
  ['MAX_OUTSTANDING_MESSAGES', '-1', 'an integer from 1 to 10000'],
  ['MAX_OUTSTANDING_BYTES', '1024', 'bytes from 1048576'],
  ['PORT', '70000', 'a port number'],
  ['LOG_LEVEL', 'verbose', 'trace, debug, info'],
  ['PUBSUB_EMULATOR_HOST', 'http://localhost', 'host:port of a Pub/Sub emulator'],
])('%s=%j is one line naming the variable', (name, value, accepted) => {
  const error = errorThrownBy(() => loadSourceConfig({ ...REQUIRED, [name]: value }));
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ variable: name });
  const { message } = error as ConfigError;
  expect(message).toContain(`${name}=`);
  expect(message).toContain(accepted);
  expect(message).not.toContain('\n');
});

test('K_CA_CERTS is not repeated in its error message', () => {
  const error = errorThrownBy(() =>
    loadSourceConfig({ ...REQUIRED, K_CA_CERTS: 'secret-looking text' }),
  );
  expect((error as ConfigError).message).not.toContain('secret-looking');
});

test.each<[string, RegExp]>([
  ['{"extensions":', /not JSON/],
  ['[]', /expected a JSON object/],
  ['{"extensions":["a"]}', /"extensions" must be an object/],
  ['{"extensions":{"team":7}}', /extension "team" must have a string value/],
  ['{"extensions":{"Team":"a"}}', /"Team" is no CloudEvents attribute name/],
  ['{"extensions":{"averyveryverylongextension":"a"}}', /no CloudEvents attribute name/],
  ['{"extensions":{"type":"a"}}', /"type" would change the event/],
  ['{"extensions":{"bucket":"a"}}', /"bucket" would change the event/],
  ['{"extensions":{"eventtime":"a"}}', /"eventtime" would change the event/],
])('K_CE_OVERRIDES=%s is refused', (value, problem) => {
  const error = errorThrownBy(() => loadSourceConfig({ ...REQUIRED, K_CE_OVERRIDES: value }));
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ variable: 'K_CE_OVERRIDES' });
  expect((error as ConfigError).message).toMatch(/^K_CE_OVERRIDES is invalid: /);
  expect((error as ConfigError).message).toMatch(problem);
});

test('K_CE_OVERRIDES without extensions adds none', () => {
  expect(loadSourceConfig({ ...REQUIRED, K_CE_OVERRIDES: '{}' }).ceExtensions).toEqual({});
});
