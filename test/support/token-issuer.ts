import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';

/** Test-side token issuer: signing keys made in the test, a local JWKS server, signed tokens. */

export type SigningAlgorithm = 'RS256' | 'ES256';

/** A key pair made for the test: the private key signs, the public JWK is published. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function signingKey(
  kid: string,
  alg: SigningAlgorithm = 'RS256',
): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/** Signs `claims` with `key`; `header` overrides the protected header (a wrong `kid`, say). */
export function signToken(
  key: SigningKey,
  claims: JWTPayload,
  header: Partial<JWTHeaderParameters> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

/** The token as Cloud Run IAM passes it on: its signature replaced by a marker. */
export function withSignature(token: string, signature: string): string {
  const [header, payload] = token.split('.');
  return `${header ?? ''}.${payload ?? ''}.${signature}`;
}

/** Now, in seconds since the epoch (the unit of `exp`, `nbf`, `iat`). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A local JSON Web Key Set server (node:http on port 0). */
export interface KeySetServer {
  /** `http://127.0.0.1:<port>/jwks` */
  readonly url: string;
  /** Requests served so far. */
  readonly fetches: () => number;
  /** Serves these keys from now on (and answers 200 again). */
  readonly publish: (keys: readonly SigningKey[]) => void;
  /** Answers every request with this status and body from now on (a broken key set). */
  readonly fail: (status: number, body: string) => void;
  readonly close: () => Promise<void>;
}

export async function startKeySetServer(keys: readonly SigningKey[]): Promise<KeySetServer> {
  let published = keys;
  let failure: { status: number; body: string } | undefined;
  let fetches = 0;
  const server = createServer((_request, response) => {
    fetches += 1;
    if (failure !== undefined) {
      response.writeHead(failure.status, { 'content-type': 'application/json' });
      response.end(failure.body);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    fetches: () => fetches,
    publish: (next) => {
      published = next;
      failure = undefined;
    },
    fail: (status, body) => {
      failure = { status, body };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** One signing key and a key set server that publishes it. */
export interface Issuer {
  readonly key: SigningKey;
  readonly jwks: KeySetServer;
}

export async function startIssuer(kid: string): Promise<Issuer> {
  const key = await signingKey(kid);
  return { key, jwks: await startKeySetServer([key]) };
}
