import { testWorker } from '../support/test-worker';
import {
  nowSeconds,
  signingKey,
  signToken,
  withSignature,
  type SigningKey,
} from '../support/token-issuer';
import { AUDIENCE, googleClaims, postEvent, PUSH_SENDER } from './push-sender';

/**
 * AUTH_MODE=cloud-run-iam: Cloud Run IAM verified the token and replaced its signature with
 * SIGNATURE_REMOVED_BY_GOOGLE; the worker checks that, then the claims. Nothing is fetched.
 */
const REMOVED = 'SIGNATURE_REMOVED_BY_GOOGLE';
const OTHER_INVOKER = 'ci-deployer@demo-project.iam.gserviceaccount.com';

let google: SigningKey;

beforeAll(async () => {
  google = await signingKey('google-rsa');
});

function cloudRunWorker() {
  return testWorker(undefined, {
    AUTH_MODE: 'cloud-run-iam',
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ALLOWED_EMAILS: PUSH_SENDER,
  });
}

/** A Google token as Cloud Run passes it on to the container. */
async function passedToken(claims: Readonly<Record<string, unknown>> = {}): Promise<string> {
  return withSignature(await signToken(google, googleClaims(claims)), REMOVED);
}

describe('AUTH_MODE=cloud-run-iam', () => {
  test.each<{
    name: string;
    headers: () => Promise<Record<string, string>>;
    status: number;
    detail: RegExp;
  }>([
    {
      name: 'the signature removed, the claims good',
      headers: async () => ({ authorization: `Bearer ${await passedToken()}` }),
      status: 204,
      detail: /^$/,
    },
    {
      name: 'a token that still carries its signature',
      headers: async () => ({
        authorization: `Bearer ${await signToken(google, googleClaims())}`,
      }),
      status: 401,
      detail: /signature is not SIGNATURE_REMOVED_BY_GOOGLE/,
    },
    {
      name: 'an empty signature',
      headers: async () => ({
        authorization: `Bearer ${withSignature(await signToken(google, googleClaims()), '')}`,
      }),
      status: 401,
      detail: /signature is not SIGNATURE_REMOVED_BY_GOOGLE/,
    },
    {
      name: 'not a JWT',
      headers: () => Promise.resolve({ authorization: `Bearer abc.${REMOVED}` }),
      status: 401,
      detail: /not a JWT/,
    },
    {
      name: 'another audience',
      headers: async () => ({
        authorization: `Bearer ${await passedToken({ aud: 'https://other.a.run.app' })}`,
      }),
      status: 401,
      detail: /audience/,
    },
    {
      name: 'expired',
      headers: async () => ({
        authorization: `Bearer ${await passedToken({ exp: 1_700_000_000 })}`,
      }),
      status: 401,
      detail: /has expired/,
    },
    {
      name: 'issued later than the clock skew from now',
      headers: async () => ({
        authorization: `Bearer ${await passedToken({ iat: nowSeconds() + 100, exp: nowSeconds() + 3700 })}`,
      }),
      status: 401,
      detail: /issued in the future \("iat"\)/,
    },
    {
      name: 'an issuer that is not Google',
      headers: async () => ({
        authorization: `Bearer ${await passedToken({ iss: 'https://kubernetes.default.svc' })}`,
      }),
      status: 401,
      detail: /issuer/,
    },
    {
      name: 'another invoker of the service',
      headers: async () => ({
        authorization: `Bearer ${await passedToken({ email: OTHER_INVOKER })}`,
      }),
      status: 403,
      detail: /is not in AUTH_ALLOWED_EMAILS/,
    },
    {
      name: 'an unverified e-mail',
      headers: async () => ({
        authorization: `Bearer ${await passedToken({ email_verified: false })}`,
      }),
      status: 403,
      detail: /is not verified/,
    },
    {
      name: 'X-Serverless-Authorization is the one Cloud Run verified: an allowed sender there',
      headers: async () => ({
        'x-serverless-authorization': `Bearer ${await passedToken()}`,
        authorization: 'Basic cHVzaDpzZWNyZXQ=',
      }),
      status: 204,
      detail: /^$/,
    },
    {
      name: 'X-Serverless-Authorization is the one Cloud Run verified: a forged Authorization beside it is not read',
      headers: async () => ({
        'x-serverless-authorization': `Bearer ${await passedToken({ email: OTHER_INVOKER })}`,
        authorization: `Bearer ${await passedToken()}`,
      }),
      status: 403,
      detail: new RegExp(OTHER_INVOKER),
    },
  ])('$name → $status', async ({ headers, status, detail }) => {
    const worker = await cloudRunWorker();
    const response = await postEvent(worker, await headers());
    expect(response.status).toBe(status);
    expect((response.body as { detail?: string }).detail ?? '').toMatch(detail);
    expect(worker.records).toHaveLength(status === 204 ? 1 : 0);
  });

  test('a refused invoker is logged with its iss, sub and email', async () => {
    const worker = await cloudRunWorker();
    await postEvent(worker, {
      authorization: `Bearer ${await passedToken({ email: OTHER_INVOKER })}`,
    }).expect(403);
    expect(worker.logLines()).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        code: 'sender-not-allowed',
        tokenClaims: {
          iss: 'https://accounts.google.com',
          sub: '112233445566778899000',
          email: OTHER_INVOKER,
        },
      }),
    ]);
  });
});
