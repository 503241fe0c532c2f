import type { SenderAllowList } from './sender-policy';

/**
 * How the worker authenticates its senders (`AUTH_MODE`):
 * - `none`: it does not; the platform enforces access (Cloud Run IAM, a cluster-local Knative
 *   Service);
 * - `oidc`: it verifies the bearer JWT itself (signature against a JWKS, issuer, audience, times);
 * - `cloud-run-iam`: Cloud Run IAM verified the token and removed its signature; the worker checks
 *   that it did, then the claims.
 */
export const AUTH_MODES = ['none', 'oidc', 'cloud-run-iam'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** Google's key set for ID tokens. @see https://www.googleapis.com/oauth2/v3/certs */
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/** What every token-checking mode checks. */
export interface TokenRules extends SenderAllowList {
  /** `AUTH_AUDIENCE`: the `aud` tokens must carry. */
  readonly audience: string;
  /** `AUTH_ISSUERS`: the accepted `iss` values. @default GOOGLE_ISSUERS */
  readonly issuers: readonly string[];
  /** `AUTH_CLOCK_SKEW_SECONDS`: tolerance of the `exp`, `nbf` and `iat` checks, in seconds. @default 30 */
  readonly clockSkewSeconds: number;
}

/** `AUTH_MODE=oidc`. */
export interface OidcSettings extends TokenRules {
  readonly mode: 'oidc';
  /** `AUTH_JWKS_URL`: the key set that verifies signatures. @default GOOGLE_JWKS_URL */
  readonly jwksUrl: string;
}

/** `AUTH_MODE=cloud-run-iam`: issuers are Google's; senders are named by e-mail. */
export interface CloudRunIamSettings extends TokenRules {
  readonly mode: 'cloud-run-iam';
}

/** The push authentication settings, by mode. */
export type AuthSettings = { readonly mode: 'none' } | OidcSettings | CloudRunIamSettings;
