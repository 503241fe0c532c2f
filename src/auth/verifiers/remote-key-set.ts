import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { AuthKeysUnavailableError, UnknownKeyIdError } from '../auth-errors';

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
 * well be valid and a later delivery succeed. An unknown key id within the cooldown (the key set
 * fetched moments ago, not fetched again for this token) throws {@link UnknownKeyIdError}: a 503
 * with the seconds left of the cooldown, since the key may have just been rotated in. An unknown
 * key id after a fetch made for this token is the token's fault: jose's error, a 401.
 *
 * @param jwksUrl - the key set's URL (`AUTH_JWKS_URL`)
 * @see https://github.com/panva/jose/blob/main/docs/jwks/remote/functions/createRemoteJWKSet.md
 */
export function createRemoteKeySet(
  jwksUrl: string,
  options: RemoteKeySetOptions = {},
): JWTVerifyGetKey {
  const cooldownMs = options.cooldownMs ?? 30_000;
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: cooldownMs,
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
    timeoutDuration: options.timeoutMs ?? 5_000,
  });
  /** When jose last fetched the key set (seen as its cooldown starting), in ms since the epoch. */
  let fetchedAtMs = Number.NEGATIVE_INFINITY;
  return async (protectedHeader, token) => {
    // jose fetches for this token unless the keys are fresh and the cooldown still runs.
    const noFetch = remote.coolingDown && remote.fresh;
    try {
      return await remote(protectedHeader, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey && noFetch) {
        const leftMs = fetchedAtMs + cooldownMs - Date.now();
        const retryAfterSeconds = Math.max(1, Math.ceil(leftMs / 1000));
        throw new UnknownKeyIdError(protectedHeader.kid, jwksUrl, retryAfterSeconds, {
          cause: error,
        });
      }
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw error;
      throw new AuthKeysUnavailableError(jwksUrl, { cause: error });
    } finally {
      if (!noFetch && remote.coolingDown) fetchedAtMs = Date.now();
    }
  };
}
