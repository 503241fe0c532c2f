import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pushBody } from '../support/push-body';
import { signToken, startIssuer, type Issuer } from '../support/token-issuer';
import { AUDIENCE, googleClaims, PUSH_SENDER } from './push-sender';

/**
 * The built worker as `npm start` runs it, with AUTH_MODE=oidc: plain Node loads jose (ES modules
 * only) from the CommonJS build, unlike Jest, which transpiles it.
 */
const entry = path.resolve(__dirname, '../../dist/src/startup/start.js');

let google: Issuer;

beforeAll(async () => {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  google = await startIssuer('google-rsa');
});

afterAll(() => google.jwks.close());

test('the built worker verifies push tokens: 204 with a valid one, 401 without, nothing on stderr', async () => {
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LABELER: 'none',
      AUTH_MODE: 'oidc',
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_ALLOWED_EMAILS: PUSH_SENDER,
      AUTH_JWKS_URL: google.jwks.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await listeningPort(child.stdout);
  child.stdout.resume();
  const post = (headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${port}/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(
        pushBody({ name: 'cat.jpg', contentType: 'image/jpeg', messageId: '1' }),
      ),
    }).then((response) => response.status);
  const token = await signToken(google.key, googleClaims());
  const statuses = [await post({ authorization: `Bearer ${token}` }), await post({})];
  child.kill('SIGTERM');
  await expect(exited).resolves.toBe(0);
  expect(statuses).toEqual([204, 401]);
  expect(stderr).toBe('');
});

/** The port from the worker's "listening" log line. */
async function listeningPort(stdout: NodeJS.ReadableStream): Promise<number> {
  for await (const line of createInterface({ input: stdout })) {
    const port = (JSON.parse(line) as { port?: number }).port;
    if (port !== undefined) return port;
  }
  throw new Error('the worker ended before listening');
}
