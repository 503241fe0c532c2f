import type { JWTVerifyGetKey } from 'jose';
import type { AuthSettings } from './auth-settings';
import type { Authenticator } from './authenticator';

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
      const { createOidcAuthenticator } = await import('./verifiers/oidc-verifier');
      const keys =
        overrides.keys ??
        (await import('./verifiers/remote-key-set')).createRemoteKeySet(settings.jwksUrl);
      return createOidcAuthenticator(settings, keys);
    }
    case 'cloud-run-iam': {
      const { createCloudRunIamAuthenticator } = await import('./verifiers/cloud-run-iam-verifier');
      return createCloudRunIamAuthenticator(settings);
    }
  }
}
