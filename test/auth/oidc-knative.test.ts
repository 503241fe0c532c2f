import request from 'supertest';
import { testWorker } from '../support/test-worker';
import { nowSeconds, signToken, startIssuer, type Issuer } from '../support/token-issuer';
import { AUDIENCE, googleClaims, postEvent } from './push-sender';

/**
 * AUTH_MODE=oidc with Knative Eventing OIDC tokens: Kubernetes service account tokens issued by
 * the cluster, the sender named by `sub`. Also: what a rejection logs, and what needs no token.
 */
const CLUSTER_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const TRIGGER_SENDER = 'system:serviceaccount:events:image-trigger-oidc';

let cluster: Issuer;

beforeAll(async () => {
  cluster = await startIssuer('cluster-sa-key');
});

afterAll(() => cluster.jwks.close());

function knativeWorker() {
  return testWorker(undefined, {
    AUTH_MODE: 'oidc',
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ISSUERS: CLUSTER_ISSUER,
    AUTH_JWKS_URL: cluster.jwks.url,
    AUTH_ALLOWED_SUBJECTS: `${TRIGGER_SENDER}, system:serviceaccount:events:other-trigger-oidc`,
  });
}

/** A Kubernetes service account token (projected, bound to a pod) for `sub`. */
function clusterToken(sub: string, iss = CLUSTER_ISSUER): Promise<string> {
  const now = nowSeconds();
  return signToken(cluster.key, {
    iss,
    aud: [AUDIENCE],
    sub,
    iat: now,
    nbf: now,
    exp: now + 600,
    'kubernetes.io': { namespace: 'events', serviceaccount: { name: 'image-trigger-oidc' } },
  });
}

describe('AUTH_MODE=oidc with Knative Eventing OIDC senders', () => {
  test.each([
    { name: 'an allowed subject', sub: TRIGGER_SENDER, iss: CLUSTER_ISSUER, status: 204 },
    {
      name: 'another service account of the cluster',
      sub: 'system:serviceaccount:default:curl',
      iss: CLUSTER_ISSUER,
      status: 403,
    },
    { name: 'another issuer', sub: TRIGGER_SENDER, iss: 'https://other-cluster', status: 401 },
  ])('$name → $status', async ({ sub, iss, status }) => {
    const worker = await knativeWorker();
    const token = await clusterToken(sub, iss);
    const response = await postEvent(worker, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(status);
    expect(worker.records).toHaveLength(status === 204 ? 1 : 0);
  });

  test('a Google token is refused: its issuer is not the cluster', async () => {
    const worker = await knativeWorker();
    const token = await signToken(cluster.key, googleClaims());
    const response = await postEvent(worker, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ detail: expect.stringMatching(/issuer/) });
  });
});

describe('rejections are logged without the token', () => {
  test('a refused sender logs one WARNING with the reason and the iss and sub of the token', async () => {
    const worker = await knativeWorker();
    const token = await clusterToken('system:serviceaccount:default:curl');
    await postEvent(worker, { authorization: `Bearer ${token}` }).expect(403);
    expect(worker.logLines()).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        status: 403,
        code: 'sender-not-allowed',
        message: 'the sender "system:serviceaccount:default:curl" is not in AUTH_ALLOWED_SUBJECTS',
        tokenClaims: { iss: CLUSTER_ISSUER, sub: 'system:serviceaccount:default:curl' },
      }),
    ]);
    expect(JSON.stringify(worker.logLines())).not.toContain(token.split('.')[2]);
  });

  test('a refused token logs the claims it states', async () => {
    const worker = await knativeWorker();
    const token = await clusterToken(TRIGGER_SENDER, 'https://other-cluster');
    await postEvent(worker, { authorization: `Bearer ${token}` }).expect(401);
    expect(worker.logLines()).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        code: 'unauthenticated',
        tokenClaims: { iss: 'https://other-cluster', sub: TRIGGER_SENDER },
      }),
    ]);
    expect(JSON.stringify(worker.logLines())).not.toContain(token.split('.')[2]);
  });
});

describe('what needs no token', () => {
  test.each([
    { method: 'get', path: '/healthz', status: 200 },
    { method: 'get', path: '/readyz', status: 200 },
    { method: 'head', path: '/readyz', status: 200 },
    { method: 'get', path: '/push', status: 405 },
    { method: 'post', path: '/healthz', status: 405 },
  ] as const)('$method $path → $status without a token', async ({ method, path, status }) => {
    const worker = await knativeWorker();
    const fetchesBefore = cluster.jwks.fetches();
    const response = await request(worker.app.callback())[method](path);
    expect(response.status).toBe(status);
    expect(cluster.jwks.fetches()).toBe(fetchesBefore);
  });

  test('a refused request is answered 401, not 413 (its body is never decoded), and the connection closes', async () => {
    const worker = await testWorker(undefined, {
      AUTH_MODE: 'oidc',
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_ALLOWED_EMAILS: 'push@p.iam.gserviceaccount.com',
      AUTH_JWKS_URL: cluster.jwks.url,
      MAX_BODY_BYTES: '1024',
    });
    const response = await request(worker.app.callback())
      .post('/push')
      .set('content-type', 'application/json')
      .send({ padding: 'x'.repeat(4096) });
    expect(response.status).toBe(401);
    expect(response.headers['connection']).toBe('close');
  });
});
