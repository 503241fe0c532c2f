/**
 * The `AUTH_*` rows of the worker's configuration table: their schemas, which variables each
 * `AUTH_MODE` requires and reads, and the checks across them that build the `AuthSettings`.
 */
import * as z from 'zod';
import {
  AUTH_MODES,
  GOOGLE_JWKS_URL,
  type AuthMode,
  type AuthSettings,
  type TokenRules,
} from '../auth/auth-settings';
import { GOOGLE_ISSUERS, isGoogleIssuer, SENDER_KINDS } from '../auth/sender-policy';
import { ConfigError } from '../errors';
import { integer } from './env-integer';
import { checkModeVariables, type ModeVariablesRule } from './mode-variables';

/** A comma-separated list of items, blanks around them ignored, at least one. */
const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).min(1));

/** Loopback hosts as the WHATWG URL parser writes them: `localhost`, 127.0.0.0/8, `[::1]`. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Keys must come over https, or http on a loopback host (a sidecar, a test); no user info. Zod
 * runs this refinement even when the URL check before it failed, so it never assumes a valid URL.
 */
function isKeySetUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const secure = url.protocol === 'https:' || LOOPBACK_HOST.test(url.hostname);
  return secure && url.username === '' && url.password === '';
}

/** The rows of the configuration table (`load-config.ts`) that authentication adds. */
export const AUTH_VARIABLES = {
  AUTH_MODE: { schema: z.enum(AUTH_MODES).default('none'), accepted: AUTH_MODES.join(', ') },
  AUTH_AUDIENCE: { schema: z.string().regex(/^\S+$/).optional(), accepted: 'one audience' },
  AUTH_ISSUERS: {
    schema: commaList(z.string().regex(/^\S+$/)).optional(),
    accepted: 'a comma-separated list of issuers, such as https://accounts.google.com',
  },
  AUTH_JWKS_URL: {
    schema: z
      .url({ protocol: /^https?$/ })
      .refine(isKeySetUrl)
      .optional(),
    accepted: `an https:// URL of a JSON Web Key Set (http:// only on a loopback host), such as ${GOOGLE_JWKS_URL}`,
  },
  AUTH_ALLOWED_EMAILS: {
    schema: commaList(
      z
        .string()
        .regex(/^[^\s@]+@[^\s@]+$/)
        .transform((email) => email.toLowerCase()),
    ).optional(),
    accepted: 'a comma-separated list of e-mails',
  },
  AUTH_ALLOWED_SUBJECTS: {
    schema: commaList(z.string().regex(/^\S+$/)).optional(),
    accepted: 'a comma-separated list of subjects, such as system:serviceaccount:NS:NAME',
  },
  AUTH_CLOCK_SKEW_SECONDS: {
    schema: integer(0, 300).optional(),
    accepted: 'seconds from 0 to 300',
  },
} as const;

export type AuthVariable = keyof typeof AUTH_VARIABLES;

/** The names of the `AUTH_*` variables, in table order. */
export const AUTH_VARIABLE_NAMES = Object.keys(AUTH_VARIABLES) as readonly AuthVariable[];
/** The parsed values of {@link AUTH_VARIABLES}. */
export type AuthValues = { [K in AuthVariable]: z.output<(typeof AUTH_VARIABLES)[K]['schema']> };

/** Variables that only some modes read (all but `AUTH_MODE`). */
type ModeVariable = Exclude<AuthVariable, 'AUTH_MODE'>;

/** `AUTH_CLOCK_SKEW_SECONDS` when unset, in seconds. */
const DEFAULT_CLOCK_SKEW_SECONDS = 30;

/** Which variables each `AUTH_MODE` requires and reads (the rule of `./mode-variables.ts`). */
export const AUTH_MODE_RULE: ModeVariablesRule<AuthMode, ModeVariable> = {
  selector: 'AUTH_MODE',
  modes: AUTH_MODES,
  variables: {
    none: { required: [], read: [] },
    oidc: {
      required: ['AUTH_AUDIENCE'],
      read: [
        'AUTH_AUDIENCE',
        'AUTH_ISSUERS',
        'AUTH_JWKS_URL',
        'AUTH_ALLOWED_EMAILS',
        'AUTH_ALLOWED_SUBJECTS',
        'AUTH_CLOCK_SKEW_SECONDS',
      ],
    },
    'cloud-run-iam': {
      required: ['AUTH_AUDIENCE', 'AUTH_ALLOWED_EMAILS'],
      read: ['AUTH_AUDIENCE', 'AUTH_ISSUERS', 'AUTH_ALLOWED_EMAILS', 'AUTH_CLOCK_SKEW_SECONDS'],
    },
  },
  expected: {
    AUTH_AUDIENCE:
      "the audience of the senders' tokens (Pub/Sub push: the subscription's audience)",
    AUTH_ISSUERS: 'the accepted issuers',
    AUTH_JWKS_URL: "the issuers' JSON Web Key Set",
    AUTH_ALLOWED_EMAILS: "the senders' service account e-mails, comma-separated",
    AUTH_ALLOWED_SUBJECTS: "the senders' subjects, comma-separated",
    AUTH_CLOCK_SKEW_SECONDS: 'the tolerance of the time checks, in seconds',
  },
};

/**
 * Builds the settings of the chosen mode and checks that they fit together.
 *
 * @throws ConfigError naming the variable: a required one unset, one the mode does not read set
 *   (a check the user expects would silently not happen), an allow list that no accepted issuer
 *   could ever satisfy, or a non-Google issuer checked against Google's keys
 */
export function toAuthSettings(values: AuthValues): AuthSettings {
  const mode = values.AUTH_MODE;
  checkModeVariables(AUTH_MODE_RULE, mode, (name) => values[name] !== undefined);
  if (mode === 'none') return { mode };
  const rules: TokenRules = {
    audience: values.AUTH_AUDIENCE ?? missing('AUTH_AUDIENCE', mode),
    issuers: values.AUTH_ISSUERS ?? GOOGLE_ISSUERS,
    allowedEmails: values.AUTH_ALLOWED_EMAILS ?? [],
    allowedSubjects: values.AUTH_ALLOWED_SUBJECTS ?? [],
    clockSkewSeconds: values.AUTH_CLOCK_SKEW_SECONDS ?? DEFAULT_CLOCK_SKEW_SECONDS,
  };
  const issuersQuoted = `AUTH_ISSUERS=${JSON.stringify(rules.issuers.join(','))}${values.AUTH_ISSUERS === undefined ? ' (the default)' : ''}`;
  if (mode === 'cloud-run-iam') {
    if (!rules.issuers.every(isGoogleIssuer)) {
      throw new ConfigError(
        'AUTH_ISSUERS',
        `${issuersQuoted} is invalid with AUTH_MODE=cloud-run-iam: expected Google's issuers (${GOOGLE_ISSUERS.join(', ')}), the only ones Cloud Run IAM verifies`,
      );
    }
    return { mode, ...rules };
  }
  checkAllowLists(rules, issuersQuoted);
  const foreign = rules.issuers.find((issuer) => !isGoogleIssuer(issuer));
  if (foreign !== undefined && values.AUTH_JWKS_URL === undefined) {
    throw new ConfigError(
      'AUTH_JWKS_URL',
      `AUTH_JWKS_URL is required when AUTH_ISSUERS names an issuer other than Google's (${JSON.stringify(foreign)}): expected that issuer's key set, such as https://kubernetes.default.svc/openid/v1/jwks`,
    );
  }
  return { mode, ...rules, jwksUrl: values.AUTH_JWKS_URL ?? GOOGLE_JWKS_URL };
}

function missing(name: ModeVariable, mode: AuthMode): never {
  throw new ConfigError(
    name,
    `${name} is required with AUTH_MODE=${mode}: expected ${AUTH_MODE_RULE.expected[name]}`,
  );
}

/**
 * With `oidc`, every kind of sender (SENDER_KINDS) needs both an accepted issuer and an allow list:
 * an allow list without its issuer is never read, an issuer without its allow list refuses every
 * token it issues.
 */
function checkAllowLists(rules: TokenRules, issuersQuoted: string): void {
  if (rules.allowedEmails.length === 0 && rules.allowedSubjects.length === 0) {
    throw new ConfigError(
      'AUTH_ALLOWED_EMAILS',
      'AUTH_ALLOWED_EMAILS or AUTH_ALLOWED_SUBJECTS is required with AUTH_MODE=oidc: expected the e-mails of Google senders or the subjects of others (such as system:serviceaccount:NS:NAME)',
    );
  }
  for (const kind of SENDER_KINDS) {
    const issuer = rules.issuers.find(kind.issuedBy);
    const listed = kind.allowed(rules).length > 0;
    if (issuer === undefined && listed) {
      throw new ConfigError(
        kind.variable,
        `${kind.variable} is set but ${issuersQuoted} names no ${kind.label} issuer, whose tokens it would allow`,
      );
    }
    if (issuer !== undefined && !listed) {
      throw new ConfigError(
        kind.variable,
        `${kind.variable} is required when AUTH_ISSUERS names the ${kind.label} issuer ${JSON.stringify(issuer)}: without it every token that issuer signs is refused`,
      );
    }
  }
}
