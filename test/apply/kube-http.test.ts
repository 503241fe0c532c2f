/**
 * Requests to the API server with a stand-in HTTP library: 429 answers retried after their
 * Retry-After (bounded), Status messages quoted, 401 and no answer as "no cluster reachable",
 * and the token of the kubeconfig's user sent.
 */
import { KubeConfig, ResponseContext, type RequestContext } from '@kubernetes/client-node';
import type { Clock } from '../../src/cluster/clock';
import { ApiStatusError, ClusterUnreachableError } from '../../src/cluster/cluster-errors';
import { createKubeHttp, type SendRequest } from '../../src/cluster/kube-http';

const SERVER = 'https://127.0.0.1:6443';

function kubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'test', server: SERVER, skipTLSVerify: false }],
    users: [{ name: 'admin', token: 'the-token' }],
    contexts: [{ name: 'test-context', cluster: 'test', user: 'admin' }],
    currentContext: 'test-context',
  });
  return config;
}

/** A clock that records the waits asked of it and does not wait. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: (ms) => Promise.resolve(void sleeps.push(ms)) };
}

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new ResponseContext(status, headers, {
    text: () => Promise.resolve(typeof body === 'string' ? body : JSON.stringify(body)),
    binary: () => Promise.resolve(Buffer.alloc(0)),
    stream: () => null,
  });

/** A stand-in HTTP library answering `answers` in turn, recording each request. */
function scripted(...answers: ResponseContext[]): SendRequest & { requests: RequestContext[] } {
  const requests: RequestContext[] = [];
  const send = (request: RequestContext): Promise<ResponseContext> => {
    requests.push(request);
    const next = answers.shift();
    return next ? Promise.resolve(next) : Promise.reject(new Error('no more answers'));
  };
  return Object.assign(send, { requests });
}

const TOO_MANY = {
  kind: 'Status',
  status: 'Failure',
  message: 'storage is (re)initializing',
  reason: 'TooManyRequests',
  code: 429,
};

test('sends the token of the kubeconfig user, the query and the body to the server URL', async () => {
  const send = scripted(answer(200, { kind: 'APIVersions' }));
  const http = createKubeHttp(kubeConfig(), { clock: recordingClock(), send });
  const response = await http.request({
    method: 'PATCH',
    path: '/api/v1/namespaces/n',
    query: { fieldManager: 'dualrun' },
    body: '{}',
    contentType: 'application/apply-patch+yaml',
  });
  expect(response).toEqual({ status: 200, body: { kind: 'APIVersions' } });
  const [request] = send.requests;
  expect(request?.getUrl()).toBe(`${SERVER}/api/v1/namespaces/n?fieldManager=dualrun`);
  expect(request?.getHeaders()).toMatchObject({
    Authorization: 'Bearer the-token',
    'Content-Type': 'application/apply-patch+yaml',
  });
  expect(request?.getBody()).toBe('{}');
  expect(http.identity).toEqual({ context: 'test-context', server: SERVER });
});

test('a 429 is sent again after its Retry-After, then answers', async () => {
  const clock = recordingClock();
  const send = scripted(
    answer(429, TOO_MANY, { 'retry-after': '1' }),
    answer(429, TOO_MANY, { 'retry-after': '2' }),
    answer(200, { items: [] }),
  );
  const http = createKubeHttp(kubeConfig(), { clock, send });
  await expect(http.request({ method: 'GET', path: '/apis/x/v1/widgets' })).resolves.toEqual({
    status: 200,
    body: { items: [] },
  });
  expect(clock.sleeps).toEqual([1000, 2000]);
});

test('429s beyond maxAttempts: ApiStatusError quoting the last message; waits capped', async () => {
  const clock = recordingClock();
  const send = scripted(
    answer(429, TOO_MANY, { 'retry-after': '120' }),
    answer(429, TOO_MANY),
    answer(429, TOO_MANY),
  );
  const http = createKubeHttp(kubeConfig(), { clock, send, maxAttempts: 3, maxRetryDelayMs: 5000 });
  const failure = http.request({ method: 'GET', path: '/apis/x/v1/widgets' });
  await expect(failure).rejects.toThrow(ApiStatusError);
  await expect(failure).rejects.toMatchObject({
    status: 429,
    reason: 'TooManyRequests',
    serverMessage: 'storage is (re)initializing',
  });
  expect(clock.sleeps).toEqual([5000, 1000]);
});

test.each([
  [
    'a Status body',
    answer(500, {
      kind: 'Status',
      message:
        'failed to create typed patch object (n/s; v1, Kind=X): .spec.x: field not declared in schema',
      reason: 'InternalError',
      details: { kind: 'x', name: 's' },
    }),
    {
      status: 500,
      reason: 'InternalError',
      serverMessage:
        'failed to create typed patch object (n/s; v1, Kind=X): .spec.x: field not declared in schema',
      details: { kind: 'x', name: 's' },
    },
  ],
  [
    'a plain-text body',
    answer(404, '404 page not found\n', { 'content-type': 'text/plain' }),
    { status: 404, reason: undefined, serverMessage: '404 page not found' },
  ],
])(
  'an error status with %s: ApiStatusError with the message quoted',
  async (_case, response, fields) => {
    const http = createKubeHttp(kubeConfig(), {
      clock: recordingClock(),
      send: scripted(response),
    });
    await expect(http.request({ method: 'GET', path: '/x' })).rejects.toMatchObject(fields);
  },
);

test('401: no cluster reachable, the credentials named', async () => {
  const send = scripted(answer(401, { kind: 'Status', message: 'Unauthorized', code: 401 }));
  const http = createKubeHttp(kubeConfig(), { clock: recordingClock(), send });
  const failure = http.request({ method: 'GET', path: '/api' });
  await expect(failure).rejects.toThrow(ClusterUnreachableError);
  await expect(failure).rejects.toThrow(
    `no cluster reachable through context "test-context" (${SERVER}): the API server does not accept the credentials (401 Unauthorized: Unauthorized)`,
  );
});

test.each([
  [
    'a refused connection',
    new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {
        code: 'ECONNREFUSED',
      }),
    }),
    'connect ECONNREFUSED 127.0.0.1:6443',
  ],
  [
    'a timeout',
    new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    'no answer within 30000 ms',
  ],
])(
  'no answer (%s): no cluster reachable, the innermost reason quoted',
  async (_case, error, why) => {
    const http = createKubeHttp(kubeConfig(), {
      clock: recordingClock(),
      send: () => Promise.reject(error),
    });
    await expect(http.request({ method: 'GET', path: '/api' })).rejects.toThrow(
      `no cluster reachable through context "test-context" (${SERVER}): ${why}`,
    );
  },
);
