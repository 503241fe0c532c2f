import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { AuthKeysUnavailableError } from '../errors';

/** How a remote key set is fetched and cached (jose's `createRemoteJWKSet` options, with units). */
export interface RemoteKeySetOptions {
  /**
   * After a fetch, how long a token with an unknown key id is refused without fetching again, in
   * milliseconds: a rotated key is found on the first unknown key id after it, and a stream of
   * made-up key ids costs one fetch per period at most.
   * @default 30000
   */
  readonly cooldownMs?: number;
  /** How long fetched keys are used before the next token fetches them again, in milliseconds. @default 600000 */
  readonly cacheMaxAgeMs?: number;
  /** The deadline of one fetch, in milliseconds. @default 5000 */
  readonly timeoutMs?: number;
}

/** Errors of the key lookup that are the token's fault (its key id or algorithm): a 401. */
const TOKEN_FAULTS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
] as const;

/**
 * The keys of a JSON Web Key Set at a URL, fetched on first use, cached, and fetched again when
 * stale or when a token names an unknown key id (after the cooldown). One per worker: created by
 * the composition root (`createWorker`), never a module singleton.
 *
 * A key set that cannot be fetched or read (network error, timeout, a status other than 200, not a
 * JWKS) makes the key lookup throw {@link AuthKeysUnavailableError}: a 503, because the token may
 * well be valid and a later delivery succeed.
 *
 * @param jwksUrl - the key set's URL (`AUTH_JWKS_URL`)
 * @see https://github.com/panva/jose/blob/main/docs/jwks/remote/functions/createRemoteJWKSet.md
 */
export function createRemoteKeySet(
  jwksUrl: string,
  options: RemoteKeySetOptions = {},
): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
    timeoutDuration: options.timeoutMs ?? 5_000,
  });
  return async (protectedHeader, token) => {
    try {
      return await remote(protectedHeader, token);
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw error;
      throw new AuthKeysUnavailableError(jwksUrl, { cause: error });
    }
  };
}
