/**
 * The errors of push authentication (docs/authentication.md: 401, 403, and 503 when the key set
 * is unavailable).
 */
import { DualrunError, type DualrunErrorOptions } from '../errors';

/**
 * What a rejected token says of its sender, for the log line of the rejection (never the token).
 * The values are as the token states them: unverified when the token itself was not accepted.
 */
export interface TokenClaims {
  /** `iss`: who issued the token. */
  readonly iss?: string;
  /** `sub`: the subject (a Google account id, or `system:serviceaccount:NS:NAME` in a cluster). */
  readonly sub?: string;
  /** `email`: the sender's e-mail (Google tokens). */
  readonly email?: string;
}

/**
 * A request refused by push authentication (docs/authentication.md: 401 / 403); carries what to
 * log of it.
 */
export abstract class AuthRejection extends DualrunError {
  readonly retryable = false;

  /**
   * @param message - names what is wrong with the credentials, never the token itself
   * @param claims - the token's `iss`, `sub` and `email`, for the log
   */
  constructor(
    message: string,
    readonly claims: TokenClaims,
    options: DualrunErrorOptions = {},
  ) {
    super(message, options);
  }
}

/**
 * The `error` attribute of the `WWW-Authenticate: Bearer` challenge (RFC 6750 §3.1): none when the
 * request carries no bearer token at all.
 */
export type BearerChallengeError = 'invalid_request' | 'invalid_token' | undefined;

/**
 * No bearer token, a malformed one, or one that is not accepted (signature, issuer, audience,
 * expiry): answered 401 with `WWW-Authenticate: Bearer`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export class AuthenticationError extends AuthRejection {
  readonly code = 'unauthenticated';

  /**
   * @param challengeError - the challenge's `error` attribute; `undefined` for a missing token
   */
  constructor(
    readonly challengeError: BearerChallengeError,
    message: string,
    claims: TokenClaims = {},
    options: DualrunErrorOptions = {},
  ) {
    super(message, claims, options);
  }
}

/** A valid token from a sender that is not allowed (`AUTH_ALLOWED_EMAILS`, `AUTH_ALLOWED_SUBJECTS`): 403. */
export class SenderNotAllowedError extends AuthRejection {
  readonly code = 'sender-not-allowed';
}

/**
 * The key set that verifies tokens (`AUTH_JWKS_URL`) cannot be fetched or read: answered 503 with
 * Retry-After, since the token may well be valid.
 */
export class AuthKeysUnavailableError extends DualrunError {
  readonly code = 'auth-keys-unavailable';
  readonly retryable = true;

  /**
   * @param jwksUrl - where the keys were fetched from (a public URL, no credentials)
   * @param message - what is unavailable; by default that the key set could not be fetched
   */
  constructor(
    readonly jwksUrl: string,
    options: DualrunErrorOptions = {},
    message = `the keys that verify tokens could not be fetched from ${jwksUrl} (AUTH_JWKS_URL); retry later`,
  ) {
    super(message, options);
  }
}

/**
 * A token names a key id that is not in the key set, and the key set was fetched less than the
 * refetch cooldown ago, so it is not fetched again yet: 503 with `Retry-After` = the seconds left
 * of the cooldown. The key may have just been rotated in (Knative would dead-letter a 401 at once);
 * once the cooldown is over a fresh fetch decides, and a key id still missing then is a 401.
 */
export class UnknownKeyIdError extends AuthKeysUnavailableError {
  /**
   * @param keyId - the token's `kid` (a header value, not a secret)
   * @param jwksUrl - the key set's URL (`AUTH_JWKS_URL`)
   * @param retryAfterSeconds - the seconds left of the cooldown, at least 1
   */
  constructor(
    readonly keyId: string | undefined,
    jwksUrl: string,
    readonly retryAfterSeconds: number,
    options: DualrunErrorOptions = {},
  ) {
    super(
      jwksUrl,
      options,
      `the token's key id ${JSON.stringify(keyId ?? null)} is not in the key set fetched from ${jwksUrl} (AUTH_JWKS_URL) moments ago; the key set is fetched again in ${String(retryAfterSeconds)} s, in case the key was just rotated: retry then`,
    );
  }
}
