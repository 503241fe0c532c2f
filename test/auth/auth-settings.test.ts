import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/errors';

/** The AUTH_* variables, read by loadConfig like every other (README.md, Configuration). */
const CLUSTER = 'https://kubernetes.default.svc.cluster.local';
const CLUSTER_JWKS = 'https://kubernetes.default.svc/openid/v1/jwks';
const SENDER = 'push@demo.iam.gserviceaccount.com';

describe('AUTH_* settings', () => {
  test('by default nothing is checked (AUTH_MODE=none)', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'none' });
  });

  test.each([
    {
      name: 'oidc with Google tokens: default issuers and key set, e-mails in lower case',
      env: {
        AUTH_MODE: 'oidc',
        AUTH_AUDIENCE: 'https://w.run.app',
        AUTH_ALLOWED_EMAILS: ' Push@Demo.iam.gserviceaccount.com , b@c.d ',
      },
      auth: {
        mode: 'oidc',
        audience: 'https://w.run.app',
        issuers: ['https://accounts.google.com', 'accounts.google.com'],
        jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
        allowedEmails: [SENDER, 'b@c.d'],
        allowedSubjects: [],
        clockSkewSeconds: 30,
      },
    },
    {
      name: 'oidc with Knative Eventing tokens',
      env: {
        AUTH_MODE: 'oidc',
        AUTH_AUDIENCE: 'worker',
        AUTH_ISSUERS: CLUSTER,
        AUTH_JWKS_URL: CLUSTER_JWKS,
        AUTH_ALLOWED_SUBJECTS: 'system:serviceaccount:events:trigger-oidc',
        AUTH_CLOCK_SKEW_SECONDS: '5',
      },
      auth: {
        mode: 'oidc',
        audience: 'worker',
        issuers: [CLUSTER],
        jwksUrl: CLUSTER_JWKS,
        allowedEmails: [],
        allowedSubjects: ['system:serviceaccount:events:trigger-oidc'],
        clockSkewSeconds: 5,
      },
    },
    {
      name: 'cloud-run-iam',
      env: {
        AUTH_MODE: 'cloud-run-iam',
        AUTH_AUDIENCE: 'https://w.run.app',
        AUTH_ALLOWED_EMAILS: SENDER,
      },
      auth: {
        mode: 'cloud-run-iam',
        audience: 'https://w.run.app',
        issuers: ['https://accounts.google.com', 'accounts.google.com'],
        allowedEmails: [SENDER],
        allowedSubjects: [],
        clockSkewSeconds: 30,
      },
    },
    {
      name: 'a local key set over http on the loopback',
      env: {
        AUTH_MODE: 'oidc',
        AUTH_AUDIENCE: 'a',
        AUTH_ALLOWED_EMAILS: SENDER,
        AUTH_JWKS_URL: 'http://127.0.0.1:9000/jwks',
      },
      auth: expect.objectContaining({ jwksUrl: 'http://127.0.0.1:9000/jwks' }),
    },
    ...['http://127.8.9.10:9000/jwks', 'http://[::1]:9000/jwks', 'http://localhost/jwks'].map(
      (jwksUrl) => ({
        name: `a local key set over http at ${jwksUrl} (the loopback is 127.0.0.0/8 and ::1)`,
        env: {
          AUTH_MODE: 'oidc',
          AUTH_AUDIENCE: 'a',
          AUTH_ALLOWED_EMAILS: SENDER,
          AUTH_JWKS_URL: jwksUrl,
        },
        auth: expect.objectContaining({ jwksUrl }) as unknown,
      }),
    ),
  ])('$name', ({ env, auth }) => {
    expect(loadConfig(env).auth).toEqual(auth);
  });

  const oidc = { AUTH_MODE: 'oidc', AUTH_AUDIENCE: 'a', AUTH_ALLOWED_EMAILS: SENDER };
  const iam = { AUTH_MODE: 'cloud-run-iam', AUTH_AUDIENCE: 'a', AUTH_ALLOWED_EMAILS: SENDER };

  test.each<[string, Record<string, string>, string, RegExp]>([
    [
      'an unknown mode',
      { AUTH_MODE: 'jwt' },
      'AUTH_MODE',
      /^AUTH_MODE="jwt" is invalid: expected none, oidc, cloud-run-iam$/,
    ],
    [
      'oidc without an audience',
      { AUTH_MODE: 'oidc', AUTH_ALLOWED_EMAILS: SENDER },
      'AUTH_AUDIENCE',
      /^AUTH_AUDIENCE is required with AUTH_MODE=oidc: expected/,
    ],
    [
      'cloud-run-iam without an audience',
      { AUTH_MODE: 'cloud-run-iam', AUTH_ALLOWED_EMAILS: SENDER },
      'AUTH_AUDIENCE',
      /AUTH_AUDIENCE is required with AUTH_MODE=cloud-run-iam/,
    ],
    [
      'cloud-run-iam without e-mails',
      { AUTH_MODE: 'cloud-run-iam', AUTH_AUDIENCE: 'a' },
      'AUTH_ALLOWED_EMAILS',
      /AUTH_ALLOWED_EMAILS is required with AUTH_MODE=cloud-run-iam/,
    ],
    [
      'oidc without e-mails or subjects',
      { AUTH_MODE: 'oidc', AUTH_AUDIENCE: 'a' },
      'AUTH_ALLOWED_EMAILS',
      /AUTH_ALLOWED_EMAILS or AUTH_ALLOWED_SUBJECTS is required with AUTH_MODE=oidc/,
    ],
    [
      'an audience without a mode',
      { AUTH_AUDIENCE: 'a' },
      'AUTH_AUDIENCE',
      /AUTH_AUDIENCE is set but AUTH_MODE=none does not read it: it is read with AUTH_MODE=oidc or cloud-run-iam/,
    ],
    [
      'a key set with cloud-run-iam',
      { ...iam, AUTH_JWKS_URL: CLUSTER_JWKS },
      'AUTH_JWKS_URL',
      /AUTH_JWKS_URL is set but AUTH_MODE=cloud-run-iam does not read it: it is read with AUTH_MODE=oidc$/,
    ],
    [
      'subjects with cloud-run-iam',
      { ...iam, AUTH_ALLOWED_SUBJECTS: 'system:serviceaccount:a:b' },
      'AUTH_ALLOWED_SUBJECTS',
      /AUTH_ALLOWED_SUBJECTS is set but AUTH_MODE=cloud-run-iam/,
    ],
    [
      'a cluster issuer with cloud-run-iam',
      { ...iam, AUTH_ISSUERS: CLUSTER },
      'AUTH_ISSUERS',
      /AUTH_ISSUERS=".*" is invalid with AUTH_MODE=cloud-run-iam: expected Google's issuers/,
    ],
    [
      'a cluster issuer checked against Google keys',
      {
        ...oidc,
        AUTH_ISSUERS: CLUSTER,
        AUTH_ALLOWED_EMAILS: '',
        AUTH_ALLOWED_SUBJECTS: 'system:serviceaccount:a:b',
      },
      'AUTH_JWKS_URL',
      /AUTH_JWKS_URL is required when AUTH_ISSUERS names an issuer other than Google's/,
    ],
    [
      'subjects with only Google issuers',
      { ...oidc, AUTH_ALLOWED_SUBJECTS: 'system:serviceaccount:a:b' },
      'AUTH_ALLOWED_SUBJECTS',
      /AUTH_ALLOWED_SUBJECTS is set but AUTH_ISSUERS="https:\/\/accounts.google.com,accounts.google.com" \(the default\) names no non-Google issuer/,
    ],
    [
      'e-mails with only a cluster issuer',
      { ...oidc, AUTH_ISSUERS: CLUSTER, AUTH_JWKS_URL: CLUSTER_JWKS },
      'AUTH_ALLOWED_EMAILS',
      /AUTH_ALLOWED_EMAILS is set but AUTH_ISSUERS=".*" names no Google issuer/,
    ],
    [
      'a cluster issuer beside Google without subjects',
      { ...oidc, AUTH_ISSUERS: `accounts.google.com,${CLUSTER}`, AUTH_JWKS_URL: CLUSTER_JWKS },
      'AUTH_ALLOWED_SUBJECTS',
      /AUTH_ALLOWED_SUBJECTS is required when AUTH_ISSUERS names the non-Google issuer/,
    ],
    [
      'a key set over plain http',
      { ...oidc, AUTH_JWKS_URL: 'http://keys.example.com/jwks' },
      'AUTH_JWKS_URL',
      /^AUTH_JWKS_URL="http:\/\/keys.example.com\/jwks" is invalid: expected an https:\/\/ URL/,
    ],
    [
      'a key set URL with credentials',
      { ...oidc, AUTH_JWKS_URL: 'https://u:p@keys.example.com/jwks' },
      'AUTH_JWKS_URL',
      /AUTH_JWKS_URL="https:\/\/\*\*\*@keys.example.com\/jwks" is invalid/,
    ],
    [
      'an e-mail that is none',
      { ...oidc, AUTH_ALLOWED_EMAILS: 'push-invoker' },
      'AUTH_ALLOWED_EMAILS',
      /^AUTH_ALLOWED_EMAILS="push-invoker" is invalid: expected a comma-separated list of e-mails$/,
    ],
    [
      'a list of blanks',
      { ...oidc, AUTH_ALLOWED_EMAILS: ' , ' },
      'AUTH_ALLOWED_EMAILS',
      /AUTH_ALLOWED_EMAILS=" , " is invalid/,
    ],
    [
      'an audience with a space',
      { ...oidc, AUTH_AUDIENCE: 'a b' },
      'AUTH_AUDIENCE',
      /AUTH_AUDIENCE="a b" is invalid: expected one audience/,
    ],
    [
      'a clock skew over 300 s',
      { ...oidc, AUTH_CLOCK_SKEW_SECONDS: '301' },
      'AUTH_CLOCK_SKEW_SECONDS',
      /AUTH_CLOCK_SKEW_SECONDS="301" is invalid: expected seconds from 0 to 300/,
    ],
    [
      'a negative clock skew',
      { ...oidc, AUTH_CLOCK_SKEW_SECONDS: '-1' },
      'AUTH_CLOCK_SKEW_SECONDS',
      /AUTH_CLOCK_SKEW_SECONDS="-1"/,
    ],
    [
      'a key set URL that is no URL',
      { ...oidc, AUTH_JWKS_URL: 'notaurl' },
      'AUTH_JWKS_URL',
      /^AUTH_JWKS_URL="notaurl" is invalid: expected an https:\/\/ URL/,
    ],
    [
      'a key set URL with an invalid host',
      { ...oidc, AUTH_JWKS_URL: 'https://exa mple.com/jwks' },
      'AUTH_JWKS_URL',
      /^AUTH_JWKS_URL=".*" is invalid: expected an https:\/\/ URL/,
    ],
    [
      'a key set over http on a host that only starts like the loopback',
      { ...oidc, AUTH_JWKS_URL: 'http://127.0.0.1.example.com/jwks' },
      'AUTH_JWKS_URL',
      /^AUTH_JWKS_URL=".*" is invalid: expected an https:\/\/ URL/,
    ],
    [
      'a clock skew without a mode',
      { AUTH_CLOCK_SKEW_SECONDS: '5' },
      'AUTH_CLOCK_SKEW_SECONDS',
      /^AUTH_CLOCK_SKEW_SECONDS is set but AUTH_MODE=none does not read it: it is read with AUTH_MODE=oidc or cloud-run-iam$/,
    ],
  ])('%s is refused in one line naming the variable', (_name, env, variable, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ variable }) as Error);
  });
});
