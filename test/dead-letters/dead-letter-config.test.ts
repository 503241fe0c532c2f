/** The dead-letter receiver's environment table: defaults, every variable, one-line errors. */
import { DEAD_LETTER_VARIABLES, loadDeadLetterConfig } from '../../src/config/dead-letter-config';
import { ConfigError } from '../../src/errors';
import { errorThrownBy } from '../support/decode-fixtures';
import { TOPIC_NAME_RULE } from '../../src/config/pubsub-names';

const TOPIC = 'projects/demo-project/topics/photos-dead-letter';
const TOPIC_NAME = TOPIC_NAME_RULE;

test('defaults: only PUBSUB_DEAD_LETTER_TOPIC set', () => {
  expect(loadDeadLetterConfig({ PUBSUB_DEAD_LETTER_TOPIC: TOPIC })).toEqual({
    topic: TOPIC,
    projectId: 'demo-project',
    port: 8080,
    logLevel: 'info',
    emulatorHost: undefined,
  });
});

test('every variable is read', () => {
  expect(
    loadDeadLetterConfig({
      PUBSUB_DEAD_LETTER_TOPIC: TOPIC,
      PORT: '9092',
      LOG_LEVEL: 'debug',
      PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
    }),
  ).toEqual({
    topic: TOPIC,
    projectId: 'demo-project',
    port: 9092,
    logLevel: 'debug',
    emulatorHost: '127.0.0.1:8085',
  });
});

test('the table lists every variable it reads, for the charts', () => {
  expect(DEAD_LETTER_VARIABLES).toEqual([
    'PUBSUB_DEAD_LETTER_TOPIC',
    'PORT',
    'LOG_LEVEL',
    'PUBSUB_EMULATOR_HOST',
  ]);
});

test.each([undefined, ''])('PUBSUB_DEAD_LETTER_TOPIC=%j: required, one line', (value) => {
  const error = errorThrownBy(() => loadDeadLetterConfig({ PUBSUB_DEAD_LETTER_TOPIC: value }));
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe(
    `PUBSUB_DEAD_LETTER_TOPIC is required: expected ${TOPIC_NAME}`,
  );
});

test.each<[string, string, string]>([
  ['PUBSUB_DEAD_LETTER_TOPIC', 'photos-dead-letter', TOPIC_NAME],
  ['PUBSUB_DEAD_LETTER_TOPIC', 'projects/demo-project/subscriptions/s', TOPIC_NAME],
  ['PUBSUB_DEAD_LETTER_TOPIC', 'projects/Demo/topics/photos', TOPIC_NAME],
  ['PORT', '70000', 'a port number from 0 to 65535'],
  ['PORT', '80a', 'a port number from 0 to 65535'],
  ['LOG_LEVEL', 'verbose', 'trace, debug, info, warn, error, fatal, silent'],
  [
    'PUBSUB_EMULATOR_HOST',
    'http://localhost:8085',
    'host:port of a Pub/Sub emulator, such as 127.0.0.1:8085',
  ],
])('%s=%j is one line naming the variable', (name, value, accepted) => {
  const error = errorThrownBy(() =>
    loadDeadLetterConfig({ PUBSUB_DEAD_LETTER_TOPIC: TOPIC, [name]: value }),
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ variable: name });
  expect((error as ConfigError).message).toBe(
    `${name}=${JSON.stringify(value)} is invalid: expected ${accepted}`,
  );
});
