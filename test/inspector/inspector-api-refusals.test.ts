/**
 * The inspector's API refuses bad input with a 4xx problem (RFC 9457), never a crash: unknown
 * paths and methods, bodies that are not JSON, bad objects, formats and URLs, pasted text that is
 * no request, and requests from another host or origin.
 */
import { call } from './http-call';
import { startStubInspector, type StubInspector } from './stub-inspector';

const SUNSET = 'gs://demo-bucket/samples/sunset.jpg';

let inspector: StubInspector;

beforeAll(async () => {
  inspector = await startStubInspector();
});

afterAll(() => inspector.close());

test.each([
  ['an unknown path', 'GET', '/nope', {}, undefined, 404, /no page or API/],
  ['a method a path does not take', 'DELETE', '/api/send', {}, undefined, 405, /takes POST/],
  [
    'a POST that is not JSON',
    'POST',
    '/api/send',
    { 'content-type': 'text/plain' },
    '{}',
    415,
    /application\/json/,
  ],
  [
    'a body that does not parse',
    'POST',
    '/api/send',
    { 'content-type': 'application/json' },
    '{',
    400,
    /not JSON/,
  ],
  [
    'an object that is no gs:// URI',
    'POST',
    '/api/send',
    { 'content-type': 'application/json' },
    JSON.stringify({ object: 's3://b/n', uploadedAtMs: 1, formats: 'all' }),
    400,
    /expected gs:\/\/<bucket>\/<name>/,
  ],
  [
    'an unknown format',
    'POST',
    '/api/send',
    { 'content-type': 'application/json' },
    JSON.stringify({ object: SUNSET, uploadedAtMs: 1, formats: ['nope'] }),
    400,
    /formats/,
  ],
  [
    'a worker URL that is no http URL',
    'POST',
    '/api/send',
    { 'content-type': 'application/json' },
    JSON.stringify({ object: SUNSET, uploadedAtMs: 1, formats: 'all', to: 'file:///etc/passwd' }),
    400,
    /only http: and https:/,
  ],
  [
    'a bucket name Cloud Storage refuses',
    'GET',
    '/api/formats?object=gs://UPPER/x.jpg',
    {},
    undefined,
    400,
    /not a Cloud Storage bucket name/,
  ],
  [
    'a negative upload time',
    'GET',
    '/api/formats?uploadedAtMs=-1',
    {},
    undefined,
    400,
    /uploadedAtMs/,
  ],
  [
    'pasted text that is no request',
    'POST',
    '/api/decode',
    { 'content-type': 'application/json' },
    JSON.stringify({ text: 'hello there' }),
    400,
    /no header/,
  ],
  [
    'a foreign Host (DNS rebinding)',
    'GET',
    '/api/formats',
    { host: 'evil.example' },
    undefined,
    421,
    /does not answer for host/,
  ],
  [
    'a page of another origin',
    'POST',
    '/api/decode',
    { 'content-type': 'application/json', origin: 'http://evil.example' },
    '{"text": "x"}',
    403,
    /not served/,
  ],
] as const)(
  '%s is answered %i... with a problem',
  async (_case, method, pathAndQuery, headers, body, status, detail) => {
    const answer = await call(inspector.api(pathAndQuery), method, headers, body);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect((JSON.parse(answer.body) as { detail: string }).detail).toMatch(detail);
  },
);

test.each([
  ['no Origin (curl, a script)', {}],
  ['its own page', { origin: 'own' }],
] as const)('an API call with %s is served', async (_case, extra) => {
  const url = inspector.api('/api/send');
  const headers = {
    'content-type': 'application/json',
    ...('origin' in extra ? { origin: url.origin } : {}),
  };
  const body = JSON.stringify({ object: SUNSET, uploadedAtMs: 0, formats: ['pubsub-push'] });
  const answer = await call(url, 'POST', headers, body);
  expect(answer.status).toBe(200);
});
