import { createRemoteKeySet } from '../../src/auth/verifiers/remote-key-set';
import { testWorker } from '../support/test-worker';
import {
  signingKey,
  signToken,
  startKeySetServer,
  type KeySetServer,
  type SigningKey,
} from '../support/token-issuer';
import { AUDIENCE, googleClaims, postEvent, PUSH_SENDER } from './push-sender';

/** The remote key set: cached, fetched again for a rotated key, a failure to fetch it is a 503. */
const ENV = { AUTH_MODE: 'oidc', AUTH_AUDIENCE: AUDIENCE, AUTH_ALLOWED_EMAILS: PUSH_SENDER };

let current: SigningKey;
let rotated: SigningKey;
let jwks: KeySetServer;

beforeAll(async () => {
  current = await signingKey('key-2026-11');
  rotated = await signingKey('key-2026-12');
});

beforeEach(async () => {
  jwks = await startKeySetServer([current]);
});

afterEach(() => jwks.close());

const bearer = async (key: SigningKey) => ({
  authorization: `Bearer ${await signToken(key, googleClaims())}`,
});

describe('the key set is fetched once and cached', () => {
  test('many tokens, one fetch', async () => {
    const worker = await testWorker(undefined, { ...ENV, AUTH_JWKS_URL: jwks.url });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await postEvent(worker, await bearer(current)).expect(204);
    }
    expect(jwks.fetches()).toBe(1);
  });

  test('an unknown key id right after a fetch is a 503 until the cooldown ends, without fetching again', async () => {
    const worker = await testWorker(undefined, { ...ENV, AUTH_JWKS_URL: jwks.url });
    await postEvent(worker, await bearer(current)).expect(204);
    jwks.publish([current, rotated]);
    const response = await postEvent(worker, await bearer(rotated));
    expect(response.status).toBe(503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect(response.body).toMatchObject({
      code: 'auth-keys-unavailable',
      detail: expect.stringMatching(/key id "key-2026-12" is not in the key set fetched from/),
    });
    expect(jwks.fetches()).toBe(1);
  });

  test('after the cooldown a rotated key is fetched and accepted; a key id still missing then is a 401', async () => {
    const keys = createRemoteKeySet(jwks.url, { cooldownMs: 300 });
    const worker = await testWorker(
      undefined,
      { ...ENV, AUTH_JWKS_URL: jwks.url },
      { authKeys: keys },
    );
    await postEvent(worker, await bearer(current)).expect(204);
    jwks.publish([current, rotated]);
    const early = await postEvent(worker, await bearer(rotated)).expect(503);
    expect(early.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 350));
    await postEvent(worker, await bearer(rotated)).expect(204);
    expect(jwks.fetches()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const stranger = await signingKey('key-2027-01');
    const refused = await postEvent(worker, await bearer(stranger)).expect(401);
    expect(refused.body).toMatchObject({
      detail: expect.stringMatching(/key id is not in the key set/),
    });
    expect(jwks.fetches()).toBe(3);
  });

  test('a rotated key that appears in the key set later is accepted after a fetch', async () => {
    const keys = createRemoteKeySet(jwks.url, { cooldownMs: 0 });
    const worker = await testWorker(
      undefined,
      { ...ENV, AUTH_JWKS_URL: jwks.url },
      { authKeys: keys },
    );
    await postEvent(worker, await bearer(current)).expect(204);
    await postEvent(worker, await bearer(rotated)).expect(401);
    jwks.publish([current, rotated]);
    await postEvent(worker, await bearer(rotated)).expect(204);
    expect(jwks.fetches()).toBe(3);
  });
});

describe('a key set that cannot be fetched is a transient failure: 503, then accepted', () => {
  test.each([
    { name: 'the key set server answers 500', status: 500, body: '{"error":"internal"}' },
    { name: 'the key set is not JSON', status: 200, body: '<html>maintenance</html>' },
    { name: 'the key set is no JWKS', status: 200, body: '{"keys":"none"}' },
  ])('$name', async ({ status, body }) => {
    const worker = await testWorker(undefined, { ...ENV, AUTH_JWKS_URL: jwks.url });
    jwks.fail(status, body);
    const refused = await postEvent(worker, await bearer(current));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.body).toMatchObject({
      code: 'auth-keys-unavailable',
      detail: expect.stringContaining(jwks.url),
    });
    jwks.publish([current]);
    await postEvent(worker, await bearer(current)).expect(204);
  });

  test('the key set server is down', async () => {
    await jwks.close();
    const worker = await testWorker(undefined, { ...ENV, AUTH_JWKS_URL: jwks.url });
    const response = await postEvent(worker, await bearer(current));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'auth-keys-unavailable' });
    expect(worker.logLines()).toEqual([
      expect.objectContaining({ severity: 'WARNING', code: 'auth-keys-unavailable' }),
    ]);
  });
});
