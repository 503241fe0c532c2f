/**
 * A deployment config for chart tests, deliberately unlike the sample (other names, a dead-letter
 * URI instead of a Broker, fractional backoff, Cloud Run timeout above Knative's maximum), so that
 * a test passes only when a field comes from the config.
 */
import { App, Testing, type Chart } from 'cdk8s';
import type { DeploymentConfig } from '../../charts/config/deployment-config';
import { parseDeploymentConfig } from '../../charts/config/load-deployment-config';

/** The worker environment both targets get from the test config, before authentication. */
export const TEST_WORKER_ENV = [
  { name: 'LABELER', value: 'vision' },
  { name: 'VISION_TIMEOUT_MS', value: '15000' },
  { name: 'MAX_IN_FLIGHT', value: '50' },
  { name: 'LOG_LEVEL', value: 'warn' },
  { name: 'GOOGLE_CLOUD_PROJECT', value: 'acme-prod' },
] as const;

/** A JSON-like value, as parsed YAML gives. */
export type Raw = Record<string, unknown>;

export const DIGEST = `sha256:${'ab12'.repeat(16)}`;

export function rawTestConfig(): Raw {
  return {
    service: {
      name: 'thumbnailer',
      image: `europe-docker.pkg.dev/acme-prod/images/dualrun@${DIGEST}`,
      cpu: '2',
      memory: '1Gi',
      containerConcurrency: 40,
      minScale: 1,
      maxScale: 7,
    },
    google: {
      projectId: 'acme-prod',
      projectNumber: '987654321098',
      region: 'europe-west4',
      bucket: 'acme-photos',
    },
    worker: { LABELER: 'vision', VISION_TIMEOUT_MS: 15000, MAX_IN_FLIGHT: 50, LOG_LEVEL: 'warn' },
    knative: {
      namespace: 'media',
      serviceAccountName: 'thumbnailer-ksa',
      googleServiceAccount: 'thumbnailer@acme-prod.iam.gserviceaccount.com',
      timeoutSeconds: 120,
      requests: { cpu: '500m' },
      broker: 'uploads',
      delivery: {
        retry: 3,
        backoffPolicy: 'linear',
        backoffDelaySeconds: 30.5, // linear: 0 + 30.5 + 61 = 91.5 s, above 3 × the worker's 30 s Retry-After
        timeoutSeconds: 90,
        deadLetterSink: { uri: 'http://dead-letters.media.svc.cluster.local/' },
      },
      source: {
        name: 'photo-uploads',
        serviceAccountName: 'gcs-source',
        googleServiceAccount: 'photo-source@acme-prod.iam.gserviceaccount.com',
        subscription: 'photos-source',
        ackDeadlineSeconds: 30,
        sendTimeoutMs: 20000,
        maxOutstandingMessages: 40,
        cpu: '100m',
        memory: '192Mi',
      },
    },
    cloudRun: {
      serviceAccountEmail: 'thumbnailer-run@acme-prod.iam.gserviceaccount.com',
      timeoutSeconds: 900,
      ingress: 'internal',
    },
    pubsub: {
      topic: 'photos',
      deadLetterTopic: 'photos-dlq',
      deadLetterSubscription: 'photos-dlq-hold',
      subscription: 'thumbnailer-push',
      invokerServiceAccountId: 'thumbnailer-invoker',
      pushAudience: 'https://thumbnailer.acme.example/',
      ackDeadlineSeconds: 120,
      minRetryDelaySeconds: 5,
      maxRetryDelaySeconds: 300,
      maxDeliveryAttempts: 12,
    },
    configConnector: { namespace: 'acme-kcc' },
  };
}

/**
 * A copy of `raw` with the field at the dotted `path` set to `value` (`undefined` removes it).
 * A path may end in a field the config does not know (to test unknown fields).
 */
export function withField(raw: Raw, path: string, value: unknown): Raw {
  const copy = structuredClone(raw);
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: Raw = copy;
  for (const key of keys) {
    target[key] ??= {};
    target = target[key] as Raw;
  }
  if (value === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- removing a field by its path
    delete target[last];
  } else {
    target[last] = value;
  }
  return copy;
}

/** One change to the test config: a dotted field path and its new value (`undefined` removes it). */
export type Change = readonly [path: string, value: unknown];

/** The test config with `changes` applied, checked. */
export function testConfig(...changes: readonly Change[]): DeploymentConfig {
  return parseDeploymentConfig(
    changes.reduce((raw, [path, value]) => withField(raw, path, value), rawTestConfig()),
  );
}

/** One synthesized Kubernetes object, as plain JSON. */
export type Manifest = Readonly<Record<string, unknown>>;

/** Synthesizes a chart built by `create` in a fresh App. */
export function synthChart(create: (app: App) => Chart): Manifest[] {
  return Testing.synth(create(new App())) as Manifest[];
}

/** The value at a dotted path (`spec.template.spec`; array indexes as numbers), or `undefined`. */
export function field(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) =>
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[key]
          : undefined,
      value,
    );
}

/** The one object of `kind` named `name`; throws when there is not exactly one. */
export function findObject(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && field(m, 'metadata.name') === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} named ${name}, found ${String(found.length)}`);
  }
  return found[0] as Manifest;
}

/** `kind/name` of every object, in file order. */
export function objectIds(manifests: readonly Manifest[]): string[] {
  return manifests.map((m) => `${String(m.kind)}/${String(field(m, 'metadata.name'))}`);
}
