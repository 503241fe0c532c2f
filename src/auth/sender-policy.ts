import type { JWTPayload } from 'jose';
import { SenderNotAllowedError, type TokenClaims } from './auth-errors';

/**
 * The two spellings of Google's issuer: ID tokens carry `https://accounts.google.com`, some older
 * ones `accounts.google.com`.
 *
 * @see https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken
 */
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'] as const;

/** Whether `issuer` is one of {@link GOOGLE_ISSUERS}. */
export function isGoogleIssuer(issuer: string): boolean {
  return (GOOGLE_ISSUERS as readonly string[]).includes(issuer);
}

/** Who may send events, by the claim that names a sender. */
export interface SenderAllowList {
  /** `AUTH_ALLOWED_EMAILS`, in lower case: the `email` of Google tokens (service accounts). */
  readonly allowedEmails: readonly string[];
  /**
   * `AUTH_ALLOWED_SUBJECTS`: the `sub` of tokens from other issuers, such as the Kubernetes service
   * account tokens of Knative Eventing (`system:serviceaccount:NS:NAME`).
   */
  readonly allowedSubjects: readonly string[];
}

/** The sender of an accepted token. */
export interface Sender {
  /** `iss`: one of `AUTH_ISSUERS`. */
  readonly issuer: string;
  /** `sub`, when the token has one. */
  readonly subject: string | undefined;
  /** `email` of a Google token, else `undefined`. */
  readonly email: string | undefined;
}

/**
 * How a verified token names its sender, by its issuer: Google tokens by a verified `email`, any
 * other issuer's (a cluster's) by `sub`. The first row whose `issuedBy` matches decides.
 */
export const SENDER_KINDS = [
  {
    label: 'Google',
    variable: 'AUTH_ALLOWED_EMAILS',
    issuedBy: isGoogleIssuer,
    allowed: (allowList: SenderAllowList) => allowList.allowedEmails,
    identify: googleSender,
  },
  {
    label: 'non-Google',
    variable: 'AUTH_ALLOWED_SUBJECTS',
    issuedBy: (issuer: string) => !isGoogleIssuer(issuer),
    allowed: (allowList: SenderAllowList) => allowList.allowedSubjects,
    identify: subjectSender,
  },
] as const;

/**
 * Decides whether the sender of a verified token may send events.
 *
 * @param claims - the claims of a token whose signature, issuer, audience and times were checked
 * @throws SenderNotAllowedError naming the sender and the allow list it is missing from
 */
export function checkSender(claims: JWTPayload, allowList: SenderAllowList): Sender {
  const issuer = claims.iss ?? '';
  const kind = SENDER_KINDS.find((row) => row.issuedBy(issuer)) ?? SENDER_KINDS[1];
  return kind.identify(claims, allowList);
}

function googleSender(claims: JWTPayload, allowList: SenderAllowList): Sender {
  const { email } = claims;
  if (typeof email !== 'string') {
    throw rejected('the Google token carries no "email" claim', claims);
  }
  if (claims['email_verified'] !== true) {
    throw rejected(`the e-mail ${JSON.stringify(email)} is not verified (email_verified)`, claims);
  }
  if (!allowList.allowedEmails.includes(email.toLowerCase())) {
    throw rejected(`the sender ${JSON.stringify(email)} is not in AUTH_ALLOWED_EMAILS`, claims);
  }
  return { issuer: claims.iss ?? '', subject: stringClaim(claims.sub), email };
}

function subjectSender(claims: JWTPayload, allowList: SenderAllowList): Sender {
  const sub = stringClaim(claims.sub);
  if (sub === undefined || !allowList.allowedSubjects.includes(sub)) {
    throw rejected(
      sub === undefined
        ? 'the token carries no "sub" claim'
        : `the sender ${JSON.stringify(sub)} is not in AUTH_ALLOWED_SUBJECTS`,
      claims,
    );
  }
  return { issuer: claims.iss ?? '', subject: sub, email: undefined };
}

/** A claim's value when it is a string (claims arrive unchecked: `sub` may be anything). */
function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function rejected(message: string, claims: JWTPayload): SenderNotAllowedError {
  return new SenderNotAllowedError(message, tokenClaims(claims));
}

/** The longest claim value a log line quotes, in characters. */
const MAX_LOGGED_CLAIM_LENGTH = 256;

/** The `iss`, `sub` and `email` of a claims set, as strings short enough for a log line. */
export function tokenClaims(claims: Readonly<Record<string, unknown>>): TokenClaims {
  const logged: Record<string, string> = {};
  for (const name of ['iss', 'sub', 'email'] as const) {
    const value = claims[name];
    if (typeof value === 'string') logged[name] = value.slice(0, MAX_LOGGED_CLAIM_LENGTH);
  }
  return logged;
}
