import { SignJWT, UnsecuredJWT } from 'jose';
import { testWorker } from '../support/test-worker';
import {
  nowSeconds,
  signingKey,
  signToken,
  startKeySetServer,
  type KeySetServer,
  type SigningKey,
} from '../support/token-issuer';
import { AUDIENCE, googleClaims, postEvent, PUSH_SENDER } from './push-sender';

/** AUTH_MODE=oidc with Google's tokens (Pub/Sub push), against a local key set. */
interface Keys {
  readonly google: SigningKey;
  readonly ec: SigningKey;
  readonly stranger: SigningKey;
}
let keys: Keys;
let jwks: KeySetServer;

beforeAll(async () => {
  keys = {
    google: await signingKey('google-rsa'),
    ec: await signingKey('google-ec', 'ES256'),
    stranger: await signingKey('stranger'),
  };
  jwks = await startKeySetServer([keys.google, keys.ec]);
});

afterAll(() => jwks.close());

function oidcWorker() {
  return testWorker(undefined, {
    AUTH_MODE: 'oidc',
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ALLOWED_EMAILS: PUSH_SENDER,
    AUTH_JWKS_URL: jwks.url,
  });
}

/** Claims to put in a token; `undefined` leaves one out. */
type Claims = Readonly<Record<string, unknown>>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const signed = (claims: (now: number) => Claims) => (k: Keys) =>
  signToken(k.google, googleClaims(claims(nowSeconds()))).then(bearer);

const INVALID_TOKEN = 'Bearer error="invalid_token"';

describe('AUTH_MODE=oidc refuses what is not a valid token of an allowed sender', () => {
  test.each<{
    name: string;
    headers: (k: Keys) => Promise<Record<string, string>>;
    status: number;
    challenge: string | undefined;
    detail: RegExp;
  }>([
    {
      name: 'no Authorization header',
      headers: () => Promise.resolve({}),
      status: 401,
      challenge: 'Bearer',
      detail: /carries no Authorization header/,
    },
    {
      name: 'Basic credentials',
      headers: () => Promise.resolve({ authorization: 'Basic cHVzaDpzZWNyZXQ=' }),
      status: 401,
      challenge: 'Bearer',
      detail: /not of the Bearer scheme/,
    },
    {
      name: 'the Bearer scheme without a token',
      headers: () => Promise.resolve({ authorization: 'Bearer' }),
      status: 401,
      challenge: 'Bearer error="invalid_request"',
      detail: /malformed/,
    },
    {
      name: 'a bearer token that is not a JWT',
      headers: () => Promise.resolve(bearer('opaque-access-token')),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /not a signed JWT/,
    },
    {
      name: 'an unsigned token (alg none)',
      headers: () => Promise.resolve(bearer(new UnsecuredJWT(googleClaims()).encode())),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /algorithm is not one of RS256, ES256/,
    },
    {
      name: 'an HMAC token (HS256)',
      headers: () =>
        new SignJWT(googleClaims())
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode('a-shared-secret-of-32-characters'))
          .then(bearer),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /algorithm is not one of RS256, ES256/,
    },
    {
      name: 'signed by another key under a published key id',
      headers: (k) => signToken(k.stranger, googleClaims(), { kid: 'google-rsa' }).then(bearer),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /signature does not verify/,
    },
    {
      name: 'an unknown key id',
      headers: (k) => signToken(k.stranger, googleClaims()).then(bearer),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /key id is not in the key set/,
    },
    {
      name: 'expired longer than the clock skew ago',
      headers: signed((now) => ({ iat: now - 3700, exp: now - 100 })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /has expired/,
    },
    {
      name: 'valid only later than the clock skew',
      headers: signed((now) => ({ nbf: now + 100 })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /not valid yet/,
    },
    {
      name: 'a string "nbf"',
      headers: signed((now) => ({ nbf: String(now) })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /its "nbf" claim must be a number/,
    },
    {
      name: 'a string "exp"',
      headers: signed((now) => ({ exp: String(now + 600) })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /its "exp" claim must be a number/,
    },
    {
      name: 'issued later than the clock skew from now',
      headers: signed((now) => ({ iat: now + 100, exp: now + 3700 })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /issued in the future \("iat"\)/,
    },
    {
      name: 'an unsupported critical header parameter',
      headers: (k) =>
        new SignJWT(googleClaims())
          .setProtectedHeader({ alg: 'RS256', kid: k.google.kid, crit: ['x-ext'], 'x-ext': 1 })
          .sign(k.google.privateKey, { crit: { 'x-ext': true } })
          .then(bearer),
      status: 401,
      challenge: INVALID_TOKEN,
      detail:
        /the bearer token is not accepted: it has an unsupported critical header parameter \("crit"\)$/,
    },
    {
      name: 'no expiry',
      headers: signed(() => ({ exp: undefined })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /has no "exp" claim/,
    },
    {
      name: 'another audience',
      headers: signed(() => ({ aud: 'https://other-service.a.run.app' })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /audience \("aud"\) is not AUTH_AUDIENCE/,
    },
    {
      name: 'another issuer',
      headers: signed(() => ({ iss: 'https://issuer.example.com' })),
      status: 401,
      challenge: INVALID_TOKEN,
      detail: /issuer \("iss"\) is not one of AUTH_ISSUERS/,
    },
    {
      name: 'an e-mail that is not allowed',
      headers: signed(() => ({ email: 'invoker@other-project.iam.gserviceaccount.com' })),
      status: 403,
      challenge: undefined,
      detail: /"invoker@other-project.iam.gserviceaccount.com" is not in AUTH_ALLOWED_EMAILS/,
    },
    {
      name: 'an unverified e-mail',
      headers: signed(() => ({ email_verified: false })),
      status: 403,
      challenge: undefined,
      detail: /is not verified/,
    },
    {
      name: 'email_verified as the string "true"',
      headers: signed(() => ({ email_verified: 'true' })),
      status: 403,
      challenge: undefined,
      detail: /is not verified/,
    },
    {
      name: 'no e-mail',
      headers: signed(() => ({ email: undefined })),
      status: 403,
      challenge: undefined,
      detail: /carries no "email" claim/,
    },
  ])('$name → $status', async ({ headers, status, challenge, detail }) => {
    const worker = await oidcWorker();
    const sent = await headers(keys);
    const response = await postEvent(worker, sent);
    expect(response.status).toBe(status);
    expect(response.headers['www-authenticate']).toBe(challenge);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status,
      code: status === 401 ? 'unauthenticated' : 'sender-not-allowed',
      detail: expect.stringMatching(detail),
    });
    const token = sent['authorization']?.split(' ')[1] ?? 'no token sent';
    expect(response.text).not.toContain(token);
    expect(worker.records).toHaveLength(0);
  });
});

describe('AUTH_MODE=oidc accepts a valid token of an allowed sender', () => {
  test.each<{ name: string; key: keyof Keys; claims: (now: number) => Claims }>([
    { name: 'a push token', key: 'google', claims: () => ({}) },
    {
      name: 'the issuer spelled accounts.google.com',
      key: 'google',
      claims: () => ({ iss: 'accounts.google.com' }),
    },
    {
      name: 'expired less than the clock skew ago',
      key: 'google',
      claims: (now) => ({ exp: now - 10 }),
    },
    {
      name: 'valid in less than the clock skew',
      key: 'google',
      claims: (now) => ({ nbf: now + 10 }),
    },
    {
      name: 'issued less than the clock skew from now',
      key: 'google',
      claims: (now) => ({ iat: now + 10 }),
    },
    {
      name: 'the audience among others',
      key: 'google',
      claims: () => ({ aud: ['https://x.example', AUDIENCE] }),
    },
    {
      name: 'the e-mail in other case',
      key: 'google',
      claims: () => ({ email: PUSH_SENDER.toUpperCase() }),
    },
    { name: 'an ES256 signature', key: 'ec', claims: () => ({}) },
  ])('$name → 204, handled', async ({ key, claims }) => {
    const worker = await oidcWorker();
    const token = await signToken(keys[key], googleClaims(claims(nowSeconds())));
    const response = await postEvent(worker, bearer(token));
    expect(response.status).toBe(204);
    expect(worker.records).toEqual([expect.objectContaining({ outcome: 'ignored' })]);
  });
});
