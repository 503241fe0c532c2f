import { jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { OidcSettings } from '../auth-settings';
import type { Authenticator } from '../authenticator';
import { bearerToken } from '../bearer-token';
import { checkSender } from '../sender-policy';
import { checkIssuedAt, claimChecks, rejectedToken, TOKEN_ALGORITHMS } from './token-checks';

/**
 * `AUTH_MODE=oidc`: the worker verifies the bearer JWT of the `Authorization` header itself: the
 * signature against the key set (RS256 or ES256 only), then issuer, audience and times
 * ({@link claimChecks}, {@link checkIssuedAt}), then the sender ({@link checkSender}). For tokens that arrive unverified:
 * Knative Eventing OIDC, or Cloud Run with the invoker check disabled.
 *
 * @param keys - the key set that verifies signatures (a {@link createRemoteKeySet} in production)
 * @see https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
 * @see https://knative.dev/docs/eventing/features/sender-identity/
 */
export function createOidcAuthenticator(
  settings: OidcSettings,
  keys: JWTVerifyGetKey,
): Authenticator {
  const options: JWTVerifyOptions = { ...claimChecks(settings), algorithms: [...TOKEN_ALGORITHMS] };
  return {
    async authenticate(headers) {
      const token = bearerToken(headers, 'Authorization');
      const verified = await jwtVerify(token, keys, options)
        .then((result) => {
          checkIssuedAt(result.payload, settings);
          return result;
        })
        .catch((error: unknown) => {
          throw rejectedToken(error, token);
        });
      return checkSender(verified.payload, settings);
    },
  };
}
