/**
 * `knative.senderAuth`: who may post to the Knative worker. `none` leaves the worker open to any
 * pod of the cluster (cluster-local keeps it off external routes only); `oidc` makes the Trigger
 * ask for a token with the worker's audience and the worker accept only the cluster's tokens of
 * the listed subjects, checked by the worker's own configuration rules at synth.
 */
import { KnativeChart } from '../../charts/constructs/knative-chart';
import { CLUSTER_CA_FILE, workerEnvironment } from '../../charts/config/worker-env';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import { parseDeploymentConfig } from '../../charts/config/load-deployment-config';
import { loadConfig } from '../../src/config/load-config';
import {
  field,
  findObject,
  rawTestConfig,
  synthChart,
  testConfig,
  withField,
  type Change,
} from './test-config';

const GKE_CLUSTER =
  'https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west4/clusters/media';
const SUBJECT =
  'system:serviceaccount:media:thumbnailer-finalized-oidc-eventing.knative.dev-trigger';

/** A GKE cluster's issuer and its public key set. */
const GKE_OIDC = {
  mode: 'oidc',
  issuer: GKE_CLUSTER,
  jwksUrl: `${GKE_CLUSTER}/jwks`,
  subjects: [SUBJECT],
};

/** The one line a config with `changes` is refused with (throws when it is accepted). */
function refusal(...changes: readonly Change[]): string {
  const raw = changes.reduce(
    (config, [path, value]) => withField(config, path, value),
    rawTestConfig(),
  );
  try {
    parseDeploymentConfig(raw, 'dualrun.config.yaml');
  } catch (error) {
    if (error instanceof DeploymentConfigError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(changes)}`);
}

function knativeObjects(...changes: readonly Change[]) {
  const config = testConfig(...changes);
  return synthChart((app) => new KnativeChart(app, 'knative', { config }));
}

function workerEnv(...changes: readonly Change[]): Record<string, string> {
  return Object.fromEntries(workerEnvironment(testConfig(...changes), 'knative'));
}

describe('knative.senderAuth none (the default)', () => {
  test('the worker checks no token and the Trigger asks for none', () => {
    expect(testConfig().knative.senderAuth).toEqual({ mode: 'none' });
    expect(workerEnv()).toMatchObject({ AUTH_MODE: 'none' });
    expect(Object.keys(workerEnv()).filter((name) => name.startsWith('AUTH_'))).toEqual([
      'AUTH_MODE',
    ]);
    const trigger = findObject(knativeObjects(), 'Trigger', 'thumbnailer-finalized');
    expect(field(trigger, 'spec.subscriber.audience')).toBeUndefined();
  });
});

describe('knative.senderAuth oidc', () => {
  test("the worker takes the cluster's issuer, key set, the Trigger's subject and the audience", () => {
    const env = workerEnv(['knative.senderAuth', GKE_OIDC]);
    expect(env).toMatchObject({
      AUTH_MODE: 'oidc',
      AUTH_AUDIENCE: 'http://thumbnailer.media.svc.cluster.local',
      AUTH_ISSUERS: GKE_CLUSTER,
      AUTH_JWKS_URL: `${GKE_CLUSTER}/jwks`,
      AUTH_ALLOWED_SUBJECTS: SUBJECT,
    });
    // A public key set needs no cluster CA.
    expect(env['NODE_EXTRA_CA_CERTS']).toBeUndefined();
    // What the charts write, the worker itself accepts.
    expect(loadConfig(env).auth).toMatchObject({
      mode: 'oidc',
      audience: 'http://thumbnailer.media.svc.cluster.local',
      issuers: [GKE_CLUSTER],
      allowedSubjects: [SUBJECT],
    });
  });

  test('the Trigger asks the dispatcher for a token of the same audience', () => {
    const objects = knativeObjects(['knative.senderAuth', { ...GKE_OIDC, audience: 'thumbs' }]);
    const trigger = findObject(objects, 'Trigger', 'thumbnailer-finalized');
    expect(field(trigger, 'spec.subscriber.audience')).toBe('thumbs');
    const service = findObject(objects, 'Service', 'thumbnailer');
    const env = field(service, 'spec.template.spec.containers.0.env') as {
      name: string;
      value: string;
    }[];
    expect(env).toContainEqual({ name: 'AUTH_AUDIENCE', value: 'thumbs' });
  });

  test("a key set served inside the cluster is fetched with the cluster's CA", () => {
    const env = workerEnv([
      'knative.senderAuth',
      {
        ...GKE_OIDC,
        issuer: 'https://kubernetes.default.svc.cluster.local',
        jwksUrl: 'https://kubernetes.default.svc/openid/v1/jwks',
      },
    ]);
    expect(env['NODE_EXTRA_CA_CERTS']).toBe(CLUSTER_CA_FILE);
  });

  test('several subjects are one comma-separated list', () => {
    const other = 'system:serviceaccount:media:other-trigger';
    expect(
      workerEnv(['knative.senderAuth', { ...GKE_OIDC, subjects: [SUBJECT, other] }]),
    ).toMatchObject({ AUTH_ALLOWED_SUBJECTS: `${SUBJECT},${other}` });
  });

  test.each<[string, unknown, string]>([
    [
      'an unknown mode',
      { mode: 'mtls' },
      'dualrun.config.yaml: knative.senderAuth.mode: "mtls" is invalid: expected mode none or oidc',
    ],
    [
      'oidc without subjects',
      { ...GKE_OIDC, subjects: [] },
      "dualrun.config.yaml: knative.senderAuth.subjects: [] is invalid: expected at least one subject: the Trigger's OIDC service account",
    ],
    [
      'a subject that is no service account',
      { ...GKE_OIDC, subjects: ['thumbnailer-trigger'] },
      'dualrun.config.yaml: knative.senderAuth.subjects.0: "thumbnailer-trigger" is invalid: expected a Kubernetes service account subject, system:serviceaccount:NAMESPACE:NAME',
    ],
    [
      'an http issuer',
      { ...GKE_OIDC, issuer: 'http://kubernetes.default.svc' },
      'dualrun.config.yaml: knative.senderAuth.issuer: "http://kubernetes.default.svc" is invalid: expected an https:// URL',
    ],
    [
      'oidc without a key set',
      { mode: 'oidc', issuer: GKE_CLUSTER, subjects: [SUBJECT] },
      'dualrun.config.yaml: knative.senderAuth.jwksUrl is missing: expected an https:// URL',
    ],
    [
      'a field of oidc on none',
      { mode: 'none', issuer: GKE_CLUSTER },
      `dualrun.config.yaml: knative.senderAuth.issuer: "${GKE_CLUSTER}" is invalid: unknown field: expected one of mode`,
    ],
    [
      'an audience with a space',
      { ...GKE_OIDC, audience: 'the worker' },
      'dualrun.config.yaml: knative.senderAuth.audience: "the worker" is invalid: expected an audience without spaces',
    ],
  ])('%s: one line naming the field', (_case, senderAuth, line) => {
    const message = refusal(['knative.senderAuth', senderAuth]);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toBe(line);
  });

  test("a value the worker refuses is blamed on knative.senderAuth, not on worker's AUTH_*", () => {
    // The worker refuses a key set on a host name with user info; the schema lets it through.
    const jwksUrl = 'https://user:secret@keys.example/jwks';
    expect(refusal(['knative.senderAuth', { ...GKE_OIDC, jwksUrl }])).toMatch(
      /^dualrun\.config\.yaml: knative\.senderAuth\.jwksUrl: "https:\/\/user:secret@keys\.example\/jwks" is invalid: /,
    );
  });
});
