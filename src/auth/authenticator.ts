import type { JWTVerifyGetKey } from 'jose';
import type { AuthSettings } from './auth-settings';
import type { RequestHeaders } from './bearer-token';
import type { Sender } from './sender-policy';

/** Authenticates the sender of one request, from its headers, before its body is read. */
export interface Authenticator {
  /**
   * @returns the sender of an accepted request
   * @throws AuthenticationError (401) for a missing, malformed or refused token
   * @throws SenderNotAllowedError (403) for a valid token of a sender that is not allowed
   * @throws AuthKeysUnavailableError (503) when the keys to verify the token cannot be fetched,
   *   or UnknownKeyIdError (503, a subclass) for an unknown key id within the refetch cooldown
   */
  authenticate(headers: RequestHeaders): Promise<Sender>;
}

/** Parts the composition root may provide instead of the ones the settings describe. */
export interface AuthenticatorOverrides {
  /** The keys that verify `oidc` tokens. @default createRemoteKeySet(settings.jwksUrl) */
  readonly keys?: JWTVerifyGetKey;
}

/**
 * The authenticator of the configured mode, or `undefined` with `AUTH_MODE=none` (the platform
 * enforces access; the worker checks nothing). Each mode loads its verifier on demand, so that an
 * instance without authentication never loads jose (some 60 ms of a cold start and 3 MiB).
 */
export async function createAuthenticator(
  settings: AuthSettings,
  overrides: AuthenticatorOverrides = {},
): Promise<Authenticator | undefined> {
  switch (settings.mode) {
    case 'none':
      return undefined;
    case 'oidc': {
      const { createOidcAuthenticator } = await import('./oidc-verifier');
      const keys =
        overrides.keys ?? (await import('./remote-key-set')).createRemoteKeySet(settings.jwksUrl);
      return createOidcAuthenticator(settings, keys);
    }
    case 'cloud-run-iam': {
      const { createCloudRunIamAuthenticator } = await import('./cloud-run-iam-verifier');
      return createCloudRunIamAuthenticator(settings);
    }
  }
}
