import { ImageAnnotatorClient } from '@google-cloud/vision/build/src/v1';
import { GoogleAuth, UserRefreshClient } from 'google-auth-library';
import { ConfigError, LabelerError, type LabelerErrorCode } from '../../src/errors';
import type { LabelResult } from '../../src/labelers/labeler';
import {
  createVisionLabeler,
  type VisionLabeler,
  type VisionLabelerOptions,
} from '../../src/labelers/vision-labeler';
import {
  startFakeVisionServer,
  type FakeLabel,
  type FakeVisionBehaviour,
  type FakeVisionServer,
} from '../support/fake-vision-server';

// The real client, counted: the only way to see when it is constructed. The labeler loads the
// generated v1 client module (src/labelers/vision-client.ts), not the package's index.
jest.mock('@google-cloud/vision/build/src/v1', () => {
  const actual = jest.requireActual<typeof import('@google-cloud/vision/build/src/v1')>(
    '@google-cloud/vision/build/src/v1',
  );
  return {
    ...actual,
    ImageAnnotatorClient: jest.fn(
      (options?: ConstructorParameters<typeof actual.ImageAnnotatorClient>[0]) =>
        new actual.ImageAnnotatorClient(options),
    ),
  };
});

/** Credentials as an Application Default Credentials lookup finds them. */
type JSONClient = NonNullable<
  Awaited<ReturnType<GoogleAuth['_tryGetApplicationCredentialsFromEnvironmentVariable']>>
>;

const IMAGE = { bucket: 'photos', name: 'cats/tabby.jpg' } as const;
const CAT: FakeLabel = { mid: '/m/01yrx', description: 'Cat', score: 0.98, topicality: 0.97 };
const WHISKERS: FakeLabel = {
  mid: '/m/01lrl',
  description: 'Whiskers',
  score: 0.9,
  topicality: 0.9,
};

let server: FakeVisionServer;
let labelers: VisionLabeler[];

beforeEach(async () => {
  server = await startFakeVisionServer();
  labelers = [];
});

afterEach(async () => {
  await Promise.all(labelers.map((labeler) => labeler.close()));
  await server.close();
});

/** A labeler against the fake server, closed after the test. */
function makeLabeler(options: Partial<VisionLabelerOptions> = {}): VisionLabeler {
  const labeler = createVisionLabeler({ apiEndpoint: server.url, timeoutMs: 5000, ...options });
  labelers.push(labeler);
  return labeler;
}

describe('results', () => {
  test.each<[string, FakeVisionBehaviour, LabelResult]>([
    [
      'labels → labeled with the labels in order',
      { kind: 'labels', labels: [CAT, WHISKERS] },
      {
        outcome: 'labeled',
        labels: [
          { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.97 },
          { description: 'Whiskers', score: 0.9, mid: '/m/01lrl', topicality: 0.9 },
        ],
      },
    ],
    [
      'a label without mid and topicality → those fields omitted',
      { kind: 'labels', labels: [{ description: 'Sky', score: 0.5 }] },
      { outcome: 'labeled', labels: [{ description: 'Sky', score: 0.5 }] },
    ],
    ['no labels → labeled []', { kind: 'labels', labels: [] }, { outcome: 'labeled', labels: [] }],
    [
      'per-image INVALID_ARGUMENT (3) → unlabelable',
      { kind: 'image-error', code: 3, message: 'Bad image data.' },
      { outcome: 'unlabelable', reason: 'Vision answered INVALID_ARGUMENT (3): Bad image data.' },
    ],
    [
      'per-image NOT_FOUND (5) → ignored',
      { kind: 'image-error', code: 5, message: 'The object does not exist.' },
      { outcome: 'ignored', reason: 'Vision answered NOT_FOUND (5): The object does not exist.' },
    ],
  ])('%s', async (_title, behaviour, expected) => {
    server.setBehaviour(behaviour);

    await expect(makeLabeler().label(IMAGE)).resolves.toStrictEqual(expected);
  });
});

describe('transient failures throw LabelerError, after one request (gax retries are off)', () => {
  test.each<[string, LabelerErrorCode, FakeVisionBehaviour, string]>([
    [
      'per-image PERMISSION_DENIED (7)',
      'labeler-unavailable',
      { kind: 'image-error', code: 7, message: 'Vision cannot read gs://photos.' },
      'Vision answered PERMISSION_DENIED (7): Vision cannot read gs://photos.',
    ],
    [
      'per-image UNAVAILABLE (14)',
      'labeler-unavailable',
      { kind: 'image-error', code: 14, message: 'Try again.' },
      'Vision answered UNAVAILABLE (14): Try again.',
    ],
    [
      'per-image DEADLINE_EXCEEDED (4)',
      'labeler-unavailable',
      { kind: 'image-error', code: 4, message: 'Too slow.' },
      'Vision answered DEADLINE_EXCEEDED (4): Too slow.',
    ],
    [
      'per-image RESOURCE_EXHAUSTED (8)',
      'labeler-quota-exhausted',
      { kind: 'image-error', code: 8, message: 'Quota exceeded.' },
      'Vision answered RESOURCE_EXHAUSTED (8): Quota exceeded.',
    ],
    [
      'per-image code the table does not list (9)',
      'labeler-unavailable',
      { kind: 'image-error', code: 9, message: 'Precondition failed.' },
      'Vision answered status code 9: Precondition failed.',
    ],
    [
      'HTTP 400 INVALID_ARGUMENT (a whole-call error says nothing about the image)',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Bad request.' },
      'Vision answered INVALID_ARGUMENT (3): Bad request.',
    ],
    [
      'HTTP 404 NOT_FOUND (a wrong endpoint, not a missing object)',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 404, status: 'NOT_FOUND', message: 'No such method.' },
      'Vision answered NOT_FOUND (5): No such method.',
    ],
    [
      'HTTP 503 UNAVAILABLE',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'Service down.' },
      'Vision answered UNAVAILABLE (14): Service down.',
    ],
    [
      'HTTP 429 RESOURCE_EXHAUSTED',
      'labeler-quota-exhausted',
      { kind: 'http-error', httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota.' },
      'Vision answered RESOURCE_EXHAUSTED (8): Quota.',
    ],
    [
      'HTTP 403 PERMISSION_DENIED',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 403, status: 'PERMISSION_DENIED', message: 'Denied.' },
      'Vision answered PERMISSION_DENIED (7): Denied.',
    ],
    [
      'HTTP 401 UNAUTHENTICATED',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Who?' },
      'Vision answered UNAUTHENTICATED (16): Who?',
    ],
    [
      'HTTP 500 INTERNAL',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 500, status: 'INTERNAL', message: 'Oops.' },
      'Vision answered INTERNAL (13): Oops.',
    ],
  ])('%s → %s', async (_title, code, behaviour, message) => {
    server.setBehaviour(behaviour);

    const result = makeLabeler().label(IMAGE);

    await expect(result).rejects.toThrow(LabelerError);
    await expect(result).rejects.toMatchObject({ code, message, retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  test.each<[string, FakeVisionBehaviour, boolean]>([
    [
      'HTTP 403 PERMISSION_DENIED (the API disabled)',
      { kind: 'http-error', httpStatus: 403, status: 'PERMISSION_DENIED', message: 'Disabled.' },
      true,
    ],
    ['per-image PERMISSION_DENIED (7)', { kind: 'image-error', code: 7, message: 'No.' }, true],
    [
      'HTTP 401 UNAUTHENTICATED',
      { kind: 'http-error', httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Who?' },
      true,
    ],
    [
      'HTTP 404 NOT_FOUND (a wrong endpoint)',
      { kind: 'http-error', httpStatus: 404, status: 'NOT_FOUND', message: 'No method.' },
      true,
    ],
    [
      'HTTP 400 INVALID_ARGUMENT (a wrong endpoint)',
      { kind: 'http-error', httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Bad.' },
      true,
    ],
    [
      'HTTP 503 UNAVAILABLE',
      { kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'Down.' },
      false,
    ],
    [
      'HTTP 429 RESOURCE_EXHAUSTED',
      { kind: 'http-error', httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota.' },
      false,
    ],
    [
      'HTTP 500 INTERNAL',
      { kind: 'http-error', httpStatus: 500, status: 'INTERNAL', message: 'Oops.' },
      false,
    ],
    ['per-image UNAVAILABLE (14)', { kind: 'image-error', code: 14, message: 'Again.' }, false],
    ['per-image code 9', { kind: 'image-error', code: 9, message: 'Precondition.' }, false],
  ])('%s: needs an operator → %s', async (_title, behaviour, needsOperator) => {
    server.setBehaviour(behaviour);
    const result = makeLabeler().label(IMAGE);
    await expect(result).rejects.toThrow(LabelerError);
    await expect(result).rejects.toMatchObject({ needsOperator });
  });

  test('a dropped connection → labeler-unavailable', async () => {
    server.setBehaviour({ kind: 'drop' });

    const result = makeLabeler().label(IMAGE);

    await expect(result).rejects.toThrow(LabelerError);
    await expect(result).rejects.toMatchObject({ code: 'labeler-unavailable' });
    expect(server.requests).toHaveLength(1);
  });

  test('an answer slower than timeoutMs → labeler-unavailable at the deadline', async () => {
    server.setBehaviour({ kind: 'delay', delayMs: 2000, then: { kind: 'labels', labels: [CAT] } });
    const started = performance.now();

    const result = makeLabeler({ timeoutMs: 300 }).label(IMAGE);

    await expect(result).rejects.toMatchObject({
      code: 'labeler-unavailable',
      message: expect.stringContaining('DEADLINE_EXCEEDED (4)') as unknown,
    });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  test('messages quote Vision without anything that looks like a credential', async () => {
    server.setBehaviour({
      kind: 'http-error',
      httpStatus: 401,
      status: 'UNAUTHENTICATED',
      message: 'Token "Bearer ya29.s3cret" rejected for ?key=AIzaS3cret',
    });

    await expect(makeLabeler().label(IMAGE)).rejects.toMatchObject({
      message:
        'Vision answered UNAUTHENTICATED (16): Token "Bearer [redacted]" rejected for ?key=[redacted]',
    });
  });

  test('quota exhaustion suggests a longer wait than unavailability', async () => {
    server.setBehaviour(({ imageUri }) =>
      imageUri === 'gs://photos/quota.jpg'
        ? { kind: 'image-error', code: 8, message: 'Quota exceeded.' }
        : { kind: 'image-error', code: 14, message: 'Try again.' },
    );
    const labeler = makeLabeler();

    await expect(labeler.label({ bucket: 'photos', name: 'quota.jpg' })).rejects.toMatchObject({
      retryAfterSeconds: 30,
    });
    await expect(labeler.label({ bucket: 'photos', name: 'down.jpg' })).rejects.toMatchObject({
      retryAfterSeconds: 10,
    });
  });
});

describe('the request', () => {
  test('asks once for LABEL_DETECTION on gs://bucket/name, without credentials over http', async () => {
    await makeLabeler().label({
      ...IMAGE,
      generation: '1700000000000001',
      contentType: 'image/jpeg',
    });

    expect(server.requests).toStrictEqual([
      {
        imageUri: 'gs://photos/cats/tabby.jpg',
        features: ['LABEL_DETECTION'],
        maxResults: 10,
        authorization: undefined,
      },
    ]);
  });

  test('asks for maxResults labels', async () => {
    await makeLabeler({ maxResults: 3 }).label(IMAGE);

    expect(server.requests).toMatchObject([{ maxResults: 3 }]);
  });
});

describe('the client', () => {
  const constructed = jest.mocked(ImageAnnotatorClient);

  beforeEach(() => {
    constructed.mockClear();
  });

  test('is not created by createVisionLabeler, with or without an endpoint', () => {
    makeLabeler();
    makeLabeler({ apiEndpoint: undefined });

    expect(constructed).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(0);
  });

  test('is created once, by the first label() calls (even concurrent ones), and reused', async () => {
    const labeler = makeLabeler();

    await Promise.all([labeler.label(IMAGE), labeler.label(IMAGE)]);
    await labeler.label(IMAGE);

    expect(constructed).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(3);
  });

  test('close() before any label() call creates no client', async () => {
    await makeLabeler().close();

    expect(constructed).not.toHaveBeenCalled();
  });

  test('after close(), label() is labeler-unavailable and sends nothing', async () => {
    const labeler = makeLabeler();
    await labeler.label(IMAGE);

    await labeler.close();

    await expect(labeler.label(IMAGE)).rejects.toMatchObject({ code: 'labeler-unavailable' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('VISION_API_ENDPOINT', () => {
  test.each(['ftp://127.0.0.1:21', 'http://127.0.0.1:9090/v1', 'vision.example.com'])(
    'rejects %s with a ConfigError naming the variable and the value',
    (apiEndpoint) => {
      const create = () => createVisionLabeler({ apiEndpoint, timeoutMs: 1000 });

      expect(create).toThrow(ConfigError);
      expect(create).toThrow(
        `VISION_API_ENDPOINT is "${apiEndpoint}": expected an http:// or https://`,
      );
    },
  );

  test('rejects a URL with user info without quoting the password', () => {
    const create = () =>
      createVisionLabeler({ apiEndpoint: 'http://user:s3cret@127.0.0.1:9090', timeoutMs: 1000 });

    expect(create).toThrow('VISION_API_ENDPOINT is "http://***:***@127.0.0.1:9090"');
  });
});

/**
 * A real `GoogleAuth` whose Application Default Credentials lookup sees a scripted environment
 * instead of `process.env`, the home directory and the metadata server: no credentials at all
 * until `credentials` is set, then those. Everything past the lookup (`getClient()` throwing "Could
 * not load the default credentials", the client's stub creation) is the real code.
 */
class ScriptedAdc extends GoogleAuth {
  /** The credentials the next lookup finds; `null`: none anywhere. */
  credentials: JSONClient | null = null;
  /** Lookups started so far. */
  lookups = 0;

  constructor() {
    // A project id up front: otherwise finding credentials also looks the project up.
    super({ projectId: 'test-project' });
  }

  override _tryGetApplicationCredentialsFromEnvironmentVariable(): Promise<JSONClient | null> {
    this.lookups++;
    return Promise.resolve(this.credentials);
  }

  override _tryGetApplicationCredentialsFromWellKnownFile(): Promise<JSONClient | null> {
    return Promise.resolve(null);
  }

  override _checkIsGCE(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

/** Credentials with a valid access token: using them needs no token request. */
function testCredentials(): JSONClient {
  const credentials = new UserRefreshClient({
    clientId: 'test-client',
    clientSecret: 'test-secret',
    refreshToken: 'test-refresh-token',
    // Node's fetch, not gaxios's default: node-fetch by a dynamic import(), which jest cannot load.
    transporterOptions: { fetchImplementation: fetch },
  });
  credentials.setCredentials({
    access_token: 'test-access-token',
    expiry_date: Date.now() + 3_600_000,
  });
  return credentials;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `calls` label() calls one after the other, then waits `settleMs` (long enough for a promise
 * the last call left rejected to be reported), and returns the calls' promises. Jest fails the
 * running test on any unhandled rejection (jest-circus listens on the real process; a listener on
 * the test's `process`, a sandbox copy, would never hear one), so a rejection left unhandled fails
 * the test that calls this.
 */
async function labelInTurn(
  labeler: VisionLabeler,
  calls: number,
  settleMs = 300,
): Promise<Promise<LabelResult>[]> {
  const results: Promise<LabelResult>[] = [];
  for (let call = 0; call < calls; call++) {
    const result = labeler.label(IMAGE);
    results.push(result);
    await result.catch(() => undefined);
  }
  await sleep(settleMs);
  return results;
}

/** `http(s)://127.0.0.1:<port>` where nothing listens any more. */
async function closedEndpoint(protocol: 'http' | 'https'): Promise<string> {
  const gone = await startFakeVisionServer();
  await gone.close();
  return gone.url.replace(/^http:/, `${protocol}:`);
}

const NO_ADC = 'Could not load the default credentials';

describe('no credentials, a broken endpoint: labeler-unavailable, nothing left unhandled', () => {
  const constructed = jest.mocked(ImageAnnotatorClient);

  beforeEach(() => {
    constructed.mockClear();
  });

  test.each<[string, 'https' | 'google']>([
    ['an https:// endpoint', 'https'],
    ["Google's endpoint (gRPC)", 'google'],
  ])(
    'no credentials, %s: every call is labeler-unavailable after a new lookup; close() resolves',
    async (_title, endpoint) => {
      const auth = new ScriptedAdc();
      const apiEndpoint = endpoint === 'https' ? await closedEndpoint('https') : undefined;
      const labeler = createVisionLabeler({ apiEndpoint, timeoutMs: 5000, auth });
      labelers.push(labeler);

      const results = await labelInTurn(labeler, 2);

      for (const result of results) {
        await expect(result).rejects.toThrow(LabelerError);
        await expect(result).rejects.toMatchObject({
          code: 'labeler-unavailable',
          retryAfterSeconds: 10,
          message: expect.stringContaining(`the Vision client could not start: ${NO_ADC}`),
          needsOperator: true,
        });
      }
      // A client that failed to start is dropped: the next call starts a new one.
      expect(constructed).toHaveBeenCalledTimes(2);
      expect(auth.lookups).toBeGreaterThanOrEqual(2);
      await expect(labeler.close()).resolves.toBeUndefined();
    },
    15_000,
  );

  test('concurrent calls share one failed start, and each is labeler-unavailable', async () => {
    const labeler = createVisionLabeler({
      apiEndpoint: await closedEndpoint('https'),
      timeoutMs: 5000,
      auth: new ScriptedAdc(),
    });
    labelers.push(labeler);

    const results = [labeler.label(IMAGE), labeler.label(IMAGE)];
    await Promise.allSettled(results);
    await sleep(300);

    for (const result of results) {
      await expect(result).rejects.toMatchObject({
        code: 'labeler-unavailable',
        message: expect.stringContaining(NO_ADC),
      });
    }
    expect(constructed).toHaveBeenCalledTimes(1);
  }, 15_000);

  test('credentials that appear after a failed call are used by the next call', async () => {
    const auth = new ScriptedAdc();
    const labeler = createVisionLabeler({
      apiEndpoint: await closedEndpoint('https'),
      timeoutMs: 5000,
      auth,
    });
    labelers.push(labeler);

    const [first] = await labelInTurn(labeler, 1, 0);
    auth.credentials = testCredentials();
    const [second] = await labelInTurn(labeler, 1);

    await expect(first).rejects.toMatchObject({
      code: 'labeler-unavailable',
      message: expect.stringContaining(NO_ADC),
    });
    // Authenticated this time, the call went to the endpoint, where nothing listens.
    await expect(second).rejects.toMatchObject({
      code: 'labeler-unavailable',
      message: expect.stringMatching(/^Vision answered UNAVAILABLE \(14\): /),
    });
    expect(auth.lookups).toBe(2);
  }, 15_000);

  test.each<[string, () => Promise<string>, RegExp]>([
    [
      'refuses connections',
      () => closedEndpoint('http'),
      /^Vision answered UNAVAILABLE \(14\): fetch failed/,
    ],
    [
      'answers a 200 that is not JSON',
      () => {
        server.setBehaviour({
          kind: 'raw',
          httpStatus: 200,
          contentType: 'text/html',
          body: '<html>captive portal</html>',
        });
        return Promise.resolve(server.url);
      },
      /^Vision answered UNAVAILABLE \(14\): .*not valid JSON/,
    ],
  ])(
    'an http:// endpoint that %s → labeler-unavailable on every call',
    async (_title, endpoint, message) => {
      const labeler = makeLabeler({ apiEndpoint: await endpoint() });

      const results = await labelInTurn(labeler, 2);

      for (const result of results) {
        await expect(result).rejects.toMatchObject({ code: 'labeler-unavailable', message });
      }
    },
    15_000,
  );
});
