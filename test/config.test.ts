import { loadConfig } from '../src/config/load-config';
import { ConfigError } from '../src/errors';

describe('loadConfig', () => {
  test('defaults (README.md, Configuration)', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      labeler: 'vision',
      localBucketDir: undefined,
      resultsFile: undefined,
      visionApiEndpoint: undefined,
      visionTimeoutMs: 20000,
      maxBodyBytes: 16777216,
      maxInFlight: 80,
      logLevel: 'info',
      googleCloudProject: undefined,
      auth: { mode: 'none' },
      results: { mode: 'none' },
      serviceName: 'dualrun',
    });
  });

  test('every variable is read', () => {
    expect(
      loadConfig({
        PORT: '9090',
        LABELER: 'vision',
        RESULTS_FILE: '/tmp/results.jsonl',
        VISION_API_ENDPOINT: 'http://127.0.0.1:9999',
        VISION_TIMEOUT_MS: '5000',
        MAX_BODY_BYTES: '1048576',
        MAX_IN_FLIGHT: '10',
        LOG_LEVEL: 'debug',
        GOOGLE_CLOUD_PROJECT: 'demo-project',
        RESULTS_MODE: 'pubsub',
        RESULTS_TOPIC: 'projects/demo-project/topics/image-labels',
        PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
        K_SERVICE: 'dualrun-worker',
      }),
    ).toEqual({
      port: 9090,
      labeler: 'vision',
      localBucketDir: undefined,
      resultsFile: '/tmp/results.jsonl',
      visionApiEndpoint: 'http://127.0.0.1:9999',
      visionTimeoutMs: 5000,
      maxBodyBytes: 1048576,
      maxInFlight: 10,
      logLevel: 'debug',
      googleCloudProject: 'demo-project',
      auth: { mode: 'none' },
      results: {
        mode: 'pubsub',
        topic: 'projects/demo-project/topics/image-labels',
        emulatorHost: '127.0.0.1:8085',
      },
      serviceName: 'dualrun-worker',
    });
  });

  test('LABELER=local reads LOCAL_BUCKET_DIR', () => {
    expect(loadConfig({ LABELER: 'local', LOCAL_BUCKET_DIR: '/data/buckets' })).toMatchObject({
      labeler: 'local',
      localBucketDir: '/data/buckets',
    });
  });

  // One rule for every variable that only some settings read (as for AUTH_* of another mode):
  // set with a labeler that does not read it, it is an error, never silently ignored.
  test.each([
    [
      { LABELER: 'local', LOCAL_BUCKET_DIR: '/b', VISION_API_ENDPOINT: 'http://127.0.0.1:9' },
      'VISION_API_ENDPOINT',
      'local',
      'vision',
    ],
    [
      { LABELER: 'local', LOCAL_BUCKET_DIR: '/b', VISION_TIMEOUT_MS: '5000' },
      'VISION_TIMEOUT_MS',
      'local',
      'vision',
    ],
    [{ LABELER: 'none', LOCAL_BUCKET_DIR: '/b' }, 'LOCAL_BUCKET_DIR', 'none', 'local'],
    [{ LABELER: 'none', VISION_TIMEOUT_MS: '5000' }, 'VISION_TIMEOUT_MS', 'none', 'vision'],
    [{ LOCAL_BUCKET_DIR: '/b' }, 'LOCAL_BUCKET_DIR', 'vision', 'local'],
  ])('%j: %s is set but not read by LABELER=%s', (env, variable, labeler, reader) => {
    expect(() => loadConfig(env)).toThrow(
      new ConfigError(
        variable,
        `${variable} is set but LABELER=${labeler} does not read it: it is read with LABELER=${reader}`,
      ),
    );
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ PORT: '', LABELER: '' })).toMatchObject({ port: 8080, labeler: 'vision' });
  });

  test.each([
    ['PORT', 'eighty', /PORT="eighty" is invalid: expected a port number/],
    ['PORT', '70000', /PORT="70000"/],
    ['PORT', '1e3', /PORT="1e3"/],
    ['PORT', '0x4650', /PORT="0x4650"/],
    ['PORT', ' 8080', /PORT=" 8080"/],
    ['PORT', '-1', /PORT="-1"/],
    ['LABELER', 'gpt', /LABELER="gpt" is invalid: expected vision, local, none/],
    [
      'VISION_API_ENDPOINT',
      'ftp://host',
      /VISION_API_ENDPOINT="ftp:\/\/host" is invalid: expected an http/,
    ],
    [
      'VISION_API_ENDPOINT',
      'http://127.0.0.1:9/v1',
      /VISION_API_ENDPOINT="http:\/\/127\.0\.0\.1:9\/v1"/,
    ],
    [
      'VISION_API_ENDPOINT',
      'http://user:pw@host',
      /VISION_API_ENDPOINT="http:\/\/\*\*\*@host" is invalid/,
    ],
    ['VISION_API_ENDPOINT', ' ', /VISION_API_ENDPOINT=" " is invalid: expected an http/],
    ['VISION_API_ENDPOINT', 'http://', /VISION_API_ENDPOINT="http:\/\/" is invalid/],
    ['VISION_API_ENDPOINT', 'http://h:99999', /VISION_API_ENDPOINT="http:\/\/h:99999" is invalid/],
    [
      'VISION_API_ENDPOINT',
      'http://h:1#frag',
      /VISION_API_ENDPOINT="http:\/\/h:1#frag" is invalid/,
    ],
    ['VISION_TIMEOUT_MS', '0', /VISION_TIMEOUT_MS="0"/],
    ['MAX_BODY_BYTES', '-1', /MAX_BODY_BYTES="-1"/],
    ['MAX_IN_FLIGHT', '2.5', /MAX_IN_FLIGHT="2.5"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud" is invalid: expected trace, debug/],
    ['RESULTS_MODE', 'http', /RESULTS_MODE="http" is invalid: expected none, reply, pubsub$/],
    ['K_SERVICE', 'my service', /K_SERVICE="my service" is invalid: expected a service name/],
    ['K_SERVICE', 'a/b', /K_SERVICE="a\/b" is invalid/],
  ])('%s=%s is refused with a message naming it', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
    expect(() => loadConfig({ [variable]: value })).toThrow(
      expect.objectContaining({ variable }) as Error,
    );
  });

  describe('RESULTS_MODE', () => {
    test.each([
      [{ RESULTS_MODE: 'reply' }, { mode: 'reply' }],
      [{ RESULTS_MODE: 'none' }, { mode: 'none' }],
      [
        { RESULTS_MODE: 'pubsub', RESULTS_TOPIC: 'projects/my-project/topics/labels' },
        { mode: 'pubsub', topic: 'projects/my-project/topics/labels', emulatorHost: undefined },
      ],
    ])('%j reads as %j', (env, results) => {
      expect(loadConfig(env).results).toEqual(results);
    });

    test('K_SERVICE, which both platforms set, is read whatever the mode', () => {
      expect(loadConfig({ K_SERVICE: 'labeler-7' }).serviceName).toBe('labeler-7');
    });

    test('RESULTS_MODE=pubsub needs RESULTS_TOPIC', () => {
      expect(() => loadConfig({ RESULTS_MODE: 'pubsub' })).toThrow(
        new ConfigError(
          'RESULTS_TOPIC',
          'RESULTS_TOPIC is required with RESULTS_MODE=pubsub: expected the full topic name projects/PROJECT/topics/TOPIC the result events go to',
        ),
      );
    });

    test.each([
      [{ RESULTS_TOPIC: 'projects/my-project/topics/labels' }, 'RESULTS_TOPIC', 'none'],
      [
        { RESULTS_MODE: 'reply', RESULTS_TOPIC: 'projects/my-project/topics/labels' },
        'RESULTS_TOPIC',
        'reply',
      ],
    ])('%j: %s is set but not read by RESULTS_MODE=%s', (env, variable, mode) => {
      expect(() => loadConfig(env)).toThrow(
        new ConfigError(
          variable,
          `${variable} is set but RESULTS_MODE=${mode} does not read it: it is read with RESULTS_MODE=pubsub`,
        ),
      );
    });

    test.each([
      'labels',
      'projects/my-project/labels',
      'projects/my-project/topics/labels/x',
      'projects/P/topics/labels',
      'projects/my-project/topics/1abel',
      'projects/my-project/topics/ab',
    ])('RESULTS_TOPIC=%s is refused: not a full topic name', (topic) => {
      expect(() => loadConfig({ RESULTS_MODE: 'pubsub', RESULTS_TOPIC: topic })).toThrow(
        `RESULTS_TOPIC=${JSON.stringify(topic)} is invalid: expected the full topic name projects/PROJECT/topics/TOPIC`,
      );
    });

    test.each(['none', 'reply'])(
      "PUBSUB_EMULATOR_HOST, the client library's variable a shell often exports, is accepted with RESULTS_MODE=%s and ignored",
      (mode) => {
        expect(
          loadConfig({ RESULTS_MODE: mode, PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }).results,
        ).toEqual({ mode });
        expect(loadConfig({ PUBSUB_EMULATOR_HOST: 'localhost:8681' }).results).toEqual({
          mode: 'none',
        });
      },
    );

    test('PUBSUB_EMULATOR_HOST is host:port', () => {
      expect(() =>
        loadConfig({
          RESULTS_MODE: 'pubsub',
          RESULTS_TOPIC: 'projects/my-project/topics/labels',
          PUBSUB_EMULATOR_HOST: 'http://127.0.0.1:8085',
        }),
      ).toThrow(/PUBSUB_EMULATOR_HOST="http:\/\/127\.0\.0\.1:8085" is invalid: expected host:port/);
    });
  });

  test('LABELER=local needs LOCAL_BUCKET_DIR', () => {
    expect(() => loadConfig({ LABELER: 'local' })).toThrow(ConfigError);
    expect(() => loadConfig({ LABELER: 'local' })).toThrow(
      /LOCAL_BUCKET_DIR is required with LABELER=local/,
    );
  });
});
