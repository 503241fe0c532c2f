import { decodeJwt, errors, type JWTClaimVerificationOptions, type JWTPayload } from 'jose';
import { AuthenticationError } from '../auth-errors';
import type { TokenRules } from '../auth-settings';
import { tokenClaims } from '../sender-policy';

/**
 * The signature algorithms accepted: Google signs ID tokens with RS256, Kubernetes service account
 * tokens are RS256 or ES256. Never `none`, never an HMAC (whose key would be public).
 */
export const TOKEN_ALGORITHMS = ['RS256', 'ES256'] as const;

/**
 * The claim checks of both token modes, for jose: issuer in `AUTH_ISSUERS`, `AUTH_AUDIENCE` among
 * the audiences, `exp` present and not past, `nbf` (when present) not in the future, both with
 * `AUTH_CLOCK_SKEW_SECONDS` of tolerance; `exp`, `nbf` and `iat` numbers. The `iat` check is
 * {@link checkIssuedAt}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export function claimChecks(rules: TokenRules): JWTClaimVerificationOptions {
  return {
    issuer: [...rules.issuers],
    audience: rules.audience,
    clockTolerance: rules.clockSkewSeconds,
    requiredClaims: ['exp'],
  };
}

/** Why jose refused a token, by its error code, as the 401 body says it. */
const REASONS: Readonly<Record<string, string>> = {
  [errors.JWSInvalid.code]: 'it is not a signed JWT (three base64url parts with a JSON header)',
  [errors.JWTInvalid.code]: 'it is not a JWT (header.payload.signature, the claims a JSON object)',
  [errors.JOSEAlgNotAllowed.code]: `its algorithm is not one of ${TOKEN_ALGORITHMS.join(', ')}`,
  [errors.JOSENotSupported.code]: 'it has an unsupported critical header parameter ("crit")',
  [errors.JWSSignatureVerificationFailed.code]: 'its signature does not verify',
  [errors.JWKSNoMatchingKey.code]: 'its key id is not in the key set (AUTH_JWKS_URL)',
  [errors.JWKSMultipleMatchingKeys.code]: 'it names no key id, and the key set has several keys',
  [errors.JWTExpired.code]: 'it has expired ("exp")',
};

/** Why a claim check failed, by claim. */
const CLAIM_REASONS: Readonly<Record<string, string>> = {
  iss: 'its issuer ("iss") is not one of AUTH_ISSUERS',
  aud: 'its audience ("aud") is not AUTH_AUDIENCE',
  nbf: 'it is not valid yet ("nbf")',
  iat: 'it was issued in the future ("iat")',
};

/**
 * Refuses a token issued later than now plus the clock skew, a check jose only makes together
 * with a maximum token age. Call it on the claims jose accepted (`iat`, when present, is then a
 * number); what it throws goes through {@link rejectedToken} like jose's own refusals.
 *
 * @throws errors.JWTClaimValidationFailed for the claim `iat`
 */
export function checkIssuedAt(payload: JWTPayload, rules: TokenRules, nowMs = Date.now()): void {
  if (payload.iat !== undefined && payload.iat > nowMs / 1000 + rules.clockSkewSeconds) {
    throw new errors.JWTClaimValidationFailed(
      '"iat" claim timestamp check failed (it should be in the past)',
      payload,
      'iat',
      'check_failed',
    );
  }
}

/**
 * The error to throw for a token that jose refused: an {@link AuthenticationError} (401,
 * `invalid_token`) naming what is wrong and carrying the token's claims for the log. Anything that
 * is not a jose error (a {@link AuthKeysUnavailableError}, a bug) is returned as it is.
 *
 * @param error - what jose threw
 * @param token - the refused token, only read for the claims to log
 */
export function rejectedToken(error: unknown, token: string): unknown {
  if (!(error instanceof errors.JOSEError)) return error;
  return new AuthenticationError(
    'invalid_token',
    `the bearer token is not accepted: ${reasonOf(error)}`,
    claimsOf(token),
    { cause: error },
  );
}

function reasonOf(error: errors.JOSEError): string {
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `it has no "${error.claim}" claim`;
    if (error.reason === 'invalid') {
      return `its "${error.claim}" claim must be a number (seconds since the epoch)`;
    }
    return CLAIM_REASONS[error.claim] ?? error.message;
  }
  return REASONS[error.code] ?? error.message;
}

/** The claims of a token whose payload decodes, for the log; none when it does not. */
function claimsOf(token: string) {
  try {
    return tokenClaims(decodeJwt(token));
  } catch {
    return {};
  }
}
