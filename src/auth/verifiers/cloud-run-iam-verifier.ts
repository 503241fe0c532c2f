import { base64url, decodeJwt, UnsecuredJWT, type JWTPayload } from 'jose';
import { AuthenticationError } from '../auth-errors';
import type { CloudRunIamSettings } from '../auth-settings';
import type { Authenticator } from '../authenticator';
import { bearerToken, type RequestHeaders } from '../bearer-token';
import { checkSender, tokenClaims, type Sender } from '../sender-policy';
import { checkIssuedAt, claimChecks, rejectedToken } from './token-checks';

/**
 * What Cloud Run puts in place of the signature of a token it verified, before the request
 * reaches the container (so the token cannot be replayed elsewhere).
 *
 * @see https://cloud.google.com/run/docs/securing/managing-access
 */
export const SIGNATURE_REMOVED = 'SIGNATURE_REMOVED_BY_GOOGLE';

/** An unsecured JWS header (`{"alg":"none"}`), to have jose check the claims of a verified token. */
const UNSECURED_HEADER = base64url.encode(JSON.stringify({ alg: 'none' }));

/**
 * `AUTH_MODE=cloud-run-iam`: Cloud Run IAM verified the Google-signed token (any principal with
 * the invoker role passes it) and removed its signature. The worker requires that exact removal
 * (a token that still carries a signature did not come through Cloud Run IAM), then checks the
 * claims like `oidc` does (Google issuer, audience, times) and the sender's verified e-mail, so
 * that only the push subscription's account reaches the handler. Nothing is fetched.
 */
export function createCloudRunIamAuthenticator(settings: CloudRunIamSettings): Authenticator {
  const checks = claimChecks(settings);
  const verify = (headers: RequestHeaders): Sender => {
    const token = bearerToken(headers, verifiedHeader(headers));
    try {
      const [, payload = '', signature] = token.split('.');
      const claims: JWTPayload = decodeJwt(token);
      if (signature !== SIGNATURE_REMOVED) throw signaturePresent(claims);
      // Cloud Run checked the signature; what remains are the claims, which jose checks as those
      // of an unsecured JWT, exactly as it checks them for `oidc`.
      UnsecuredJWT.decode(`${UNSECURED_HEADER}.${payload}.`, checks);
      checkIssuedAt(claims, settings);
      return checkSender(claims, settings);
    } catch (error) {
      throw rejectedToken(error, token);
    }
  };
  return {
    authenticate: (headers) =>
      new Promise((resolve) => {
        resolve(verify(headers));
      }),
  };
}

/**
 * The header Cloud Run IAM verified: `X-Serverless-Authorization` when the request has one (Cloud
 * Run then checks that one and passes `Authorization` on untouched, so it proves nothing), else
 * `Authorization`.
 *
 * @see https://cloud.google.com/run/docs/authenticating/service-to-service
 */
function verifiedHeader(headers: RequestHeaders): string {
  return headers['x-serverless-authorization'] === undefined
    ? 'Authorization'
    : 'X-Serverless-Authorization';
}

function signaturePresent(claims: JWTPayload): AuthenticationError {
  return new AuthenticationError(
    'invalid_token',
    `the bearer token's signature is not ${SIGNATURE_REMOVED}, so it did not pass Cloud Run IAM: with AUTH_MODE=cloud-run-iam the service must require authentication (no allUsers invoker)`,
    tokenClaims(claims),
  );
}
