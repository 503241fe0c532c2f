/**
 * Property: a Knative Service that uses only what both platforms support comes back the same from
 * Knative → Cloud Run → Knative, through the command (each output passes its target's validator
 * before it is written). The generated Services are private (cluster-local), hardened as the kit's
 * Knative policy asks, name their port, and state their concurrency: what Cloud Run cannot say
 * (no limit, a public Knative Service, a runAsUser) has its own table case.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { convertCommand } from '../../src/convert/convert-command';
import { createManifestValidator } from '../../src/validator/validate-manifests';

const validator = createManifestValidator();

/** Runs the command on one in-memory file; returns the status, the output and the loss lines. */
function convert(text: string, args: readonly string[]) {
  let output = '';
  let lines = '';
  const status = convertCommand(['in.yaml', ...args], {
    readFile: () => text,
    writeFile: (_path, written) => {
      output = written;
    },
    stdout: (line) => (lines += line),
    stderr: (line) => (lines += line),
    validator,
  });
  return { status, output, losses: lines.split('\n').filter((line) => line.startsWith('loss ')) };
}

const HARDENED = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

const dnsLabel = (max: number) =>
  fc.stringMatching(new RegExp(`^[a-z][a-z0-9-]{0,${max}}[a-z0-9]$`));
const envName = fc
  .stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/)
  .filter((name) => !/^(PORT|K_.*)$|KEY|SECRET|TOKEN|PASSW/.test(name));
const literalEnv = fc.record({ name: envName, value: fc.string({ maxLength: 12 }) });
const secretEnv = fc.record({
  name: envName,
  valueFrom: fc.record({
    secretKeyRef: fc.record({
      name: dnsLabel(10),
      key: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/),
    }),
  }),
});
const SIZES = [
  { cpu: '1', memory: '512Mi' },
  { cpu: '2', memory: '4Gi' },
  { cpu: '4', memory: '2Gi' },
] as const;
const port = fc
  .integer({ min: 1024, max: 65535 })
  .filter((n) => ![8012, 8013, 8022, 9090, 9091, 8008].includes(n));
const probe = (maxPeriod: number) =>
  fc.record(
    {
      httpGet: fc.record({ path: fc.stringMatching(/^\/[a-z]{0,8}$/) }),
      periodSeconds: fc.integer({ min: 1, max: maxPeriod }),
    },
    { requiredKeys: ['httpGet'] },
  );

const service = fc
  .record({
    name: dnsLabel(20),
    namespace: dnsLabel(10),
    label: fc.option(fc.tuple(dnsLabel(8), fc.stringMatching(/^[a-z0-9]{0,8}$/)), {
      nil: undefined,
    }),
    note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    minScale: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    maxScale: fc.option(fc.integer({ min: 3, max: 20 }), { nil: undefined }),
    containerConcurrency: fc.integer({ min: 1, max: 1000 }),
    timeoutSeconds: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
    serviceAccount: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{4,20}[a-z0-9]$/), {
      nil: undefined,
    }),
    image: fc.constantFrom(
      'us-docker.pkg.dev/p/r/app:1',
      'docker.io/meteatamel/vision:v1',
      'gcr.io/p/app@sha256:' + 'a'.repeat(64),
    ),
    port: fc.record({ name: fc.constantFrom('http1', 'h2c'), containerPort: port }),
    env: fc.uniqueArray(fc.oneof(literalEnv, secretEnv), { maxLength: 4, selector: (e) => e.name }),
    size: fc.option(fc.constantFrom(...SIZES), { nil: undefined }),
    readinessProbe: fc.option(probe(240), { nil: undefined }),
    livenessProbe: fc.option(probe(3600), { nil: undefined }),
    scratch: fc.boolean(),
    secretFile: fc.option(fc.tuple(dnsLabel(8), fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/)), {
      nil: undefined,
    }),
  })
  .map((s) => {
    const annotations = {
      ...(s.minScale === undefined
        ? {}
        : { 'autoscaling.knative.dev/min-scale': String(s.minScale) }),
      ...(s.maxScale === undefined
        ? {}
        : { 'autoscaling.knative.dev/max-scale': String(s.maxScale) }),
    };
    const volumes = [
      ...(s.scratch
        ? [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]
        : []),
      ...(s.secretFile === undefined
        ? []
        : [
            {
              name: 'conf',
              secret: {
                secretName: s.secretFile[0],
                items: [{ key: s.secretFile[1], path: 'conf.json' }],
              },
            },
          ]),
    ];
    const mounts = [
      ...(s.scratch ? [{ name: 'scratch', mountPath: '/scratch' }] : []),
      ...(s.secretFile === undefined
        ? []
        : [{ name: 'conf', mountPath: '/etc/conf', readOnly: true }]),
    ];
    const container = {
      name: 'app',
      image: s.image,
      ports: [s.port],
      ...(s.env.length === 0 ? {} : { env: s.env }),
      ...(s.size === undefined ? {} : { resources: { limits: { ...s.size } } }),
      ...(s.readinessProbe === undefined ? {} : { readinessProbe: s.readinessProbe }),
      ...(s.livenessProbe === undefined ? {} : { livenessProbe: s.livenessProbe }),
      ...(mounts.length === 0 ? {} : { volumeMounts: mounts }),
      securityContext: HARDENED,
    };
    return {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: {
        name: s.name,
        namespace: s.namespace,
        labels: {
          'networking.knative.dev/visibility': 'cluster-local',
          ...(s.label === undefined ? {} : { [s.label[0]]: s.label[1] }),
        },
        ...(s.note === undefined ? {} : { annotations: { 'example.com/note': s.note } }),
      },
      spec: {
        template: {
          ...(Object.keys(annotations).length === 0 ? {} : { metadata: { annotations } }),
          spec: {
            containerConcurrency: s.containerConcurrency,
            ...(s.timeoutSeconds === undefined ? {} : { timeoutSeconds: s.timeoutSeconds }),
            ...(s.serviceAccount === undefined ? {} : { serviceAccountName: s.serviceAccount }),
            containers: [container],
            ...(volumes.length === 0 ? {} : { volumes }),
          },
        },
      },
    };
  });

test('Knative → Cloud Run → Knative keeps what both platforms support', () => {
  fc.assert(
    fc.property(service, (original) => {
      const account = original.spec.template.spec.serviceAccountName;
      const there = convert(JSON.stringify(original), [
        '--out',
        'service.yaml',
        '--project-number',
        '123456789012',
        '--region',
        'europe-west1',
        ...(account === undefined
          ? []
          : ['--service-account', `${account}@my-project.iam.gserviceaccount.com`]),
      ]);
      // The only loss: Cloud Run's writable root filesystem.
      expect(there.losses).toEqual([
        expect.stringContaining('securityContext.readOnlyRootFilesystem'),
      ]);
      expect(there.status).toBe(1);
      const back = convert(there.output, [
        '--out',
        'back.yaml',
        '--namespace',
        original.metadata.namespace,
      ]);
      expect(back.losses).toEqual([]);
      expect(back.status).toBe(0);
      expect(parse(back.output)).toEqual(original);
    }),
    { numRuns: 60 },
  );
});
