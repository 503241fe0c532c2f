/**
 * The Vision labeler without credentials or with a broken endpoint: every call is
 * labeler-unavailable, a failed start is shared by concurrent calls and retried by the next call,
 * and nothing is left unhandled.
 */
import { ImageAnnotatorClient } from '@google-cloud/vision/build/src/v1';
import { GoogleAuth, UserRefreshClient } from 'google-auth-library';
import { LabelerError } from '../../src/errors';
import type { LabelResult } from '../../src/labelers/labeler';
import type { VisionLabeler } from '../../src/labelers/vision-labeler';
import { startFakeVisionServer } from '../support/fake-vision-server';
import { IMAGE, useFakeVisionServer } from '../support/vision-labeler-setup';

// The real client, counted: the only way to see when it is constructed.
jest.mock('@google-cloud/vision/build/src/v1', () =>
  jest
    .requireActual<typeof import('../support/vision-labeler-setup')>(
      '../support/vision-labeler-setup',
    )
    .countedVisionModule(),
);

const vision = useFakeVisionServer();
const { makeLabeler } = vision;

/** Credentials as an Application Default Credentials lookup finds them. */
type JSONClient = NonNullable<
  Awaited<ReturnType<GoogleAuth['_tryGetApplicationCredentialsFromEnvironmentVariable']>>
>;

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
      const labeler = makeLabeler({ apiEndpoint, timeoutMs: 5000, auth });

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
    const labeler = makeLabeler({
      apiEndpoint: await closedEndpoint('https'),
      timeoutMs: 5000,
      auth: new ScriptedAdc(),
    });

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
    const labeler = makeLabeler({
      apiEndpoint: await closedEndpoint('https'),
      timeoutMs: 5000,
      auth,
    });

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
        vision.server.setBehaviour({
          kind: 'raw',
          httpStatus: 200,
          contentType: 'text/html',
          body: '<html>captive portal</html>',
        });
        return Promise.resolve(vision.server.url);
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
