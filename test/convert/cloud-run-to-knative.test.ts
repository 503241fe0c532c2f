/**
 * Cloud Run → Knative, one named case per rule and situation: the lines printed (kind, field, rule,
 * and what they say), the fields written, and a validator that finds nothing in the output.
 */
import { IMAGE, linesMatching, runCase, type ConvertCase } from './convert-cases';

const C0 = 'spec.template.spec.containers[0]';
const POD = 'spec.template.spec';
const TEMPLATE_ANNOTATIONS = 'spec.template.metadata.annotations';
const CONTAINER: readonly (string | number)[] = ['spec', 'template', 'spec', 'containers', 0];
const PODSPEC: readonly (string | number)[] = ['spec', 'template', 'spec'];
const VISIBILITY = ['metadata', 'labels', 'networking.knative.dev/visibility'];
const INGRESS = 'metadata.annotations["run.googleapis.com/ingress"]';

const CASES: readonly ConvertCase[] = [
  {
    name: 'internal ingress becomes cluster-local',
    parts: { annotations: { 'run.googleapis.com/ingress': 'internal' } },
    lines: [['change', INGRESS, 'visibility', 'internal → cluster-local']],
    output: [[VISIBILITY, 'cluster-local']],
  },
  {
    name: 'ingress all (IAM decides) becomes cluster-local too: Knative checks no IAM',
    lines: [['change', INGRESS, 'visibility', 'Knative checks no IAM']],
    output: [
      [VISIBILITY, 'cluster-local'],
      [['metadata', 'annotations'], undefined],
    ],
  },
  {
    name: 'the load-balancer path of ingress is a loss',
    parts: { annotations: { 'run.googleapis.com/ingress': 'internal-and-cloud-load-balancing' } },
    lines: [['loss', INGRESS, 'visibility', 'load balancer']],
  },
  {
    name: 'the project namespace becomes --namespace; the region label goes',
    options: { namespace: 'events' },
    lines: [
      [
        'change',
        'metadata.namespace',
        'namespace',
        '"123456789012" (the project) → "events" (--namespace)',
      ],
      [
        'change',
        'metadata.labels["cloud.googleapis.com/location"]',
        'region',
        "cluster's location",
      ],
    ],
    output: [
      [['metadata', 'namespace'], 'events'],
      [['metadata', 'labels', 'cloud.googleapis.com/location'], undefined],
    ],
  },
  {
    name: 'a namespace that is no Kubernetes name is refused',
    options: { namespace: 'Not_A_Namespace' },
    lines: [['refusal', 'metadata.namespace', 'namespace', 'not a Kubernetes namespace name']],
    refused: true,
  },
  {
    name: 'camelCase scale bounds become the canonical kebab-case keys',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/minScale': '1',
        'autoscaling.knative.dev/maxScale': '10',
      },
    },
    lines: [
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/minScale"]`,
        'autoscaling-keys',
        "Knative's canonical key",
      ],
    ],
    output: [
      [
        ['spec', 'template', 'metadata', 'annotations'],
        { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '10' },
      ],
    ],
  },
  {
    name: 'Cloud Run annotations: bookkeeping dropped, settings with effect lost',
    parts: {
      annotations: {
        'run.googleapis.com/launch-stage': 'BETA',
        'run.googleapis.com/ingress-status': 'all',
        'run.googleapis.com/custom-audiences': '["https://x"]',
      },
      templateAnnotations: {
        'run.googleapis.com/cpu-throttling': 'false',
        'run.googleapis.com/vpc-access-connector': 'conn',
        'run.googleapis.com/cloudsql-instances': 'p:r:db',
        'run.googleapis.com/future-setting': 'x',
      },
    },
    lines: [
      [
        'change',
        'metadata.annotations["run.googleapis.com/launch-stage"]',
        'cloud-run-annotations',
        'launch stage',
      ],
      [
        'change',
        'metadata.annotations["run.googleapis.com/ingress-status"]',
        'cloud-run-annotations',
        'not read back',
      ],
      [
        'loss',
        'metadata.annotations["run.googleapis.com/custom-audiences"]',
        'cloud-run-annotations',
        'no ID tokens',
      ],
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["run.googleapis.com/cpu-throttling"]`,
        'cloud-run-annotations',
        'keeps its CPU',
      ],
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["run.googleapis.com/vpc-access-connector"]`,
        'cloud-run-annotations',
        "cluster's network",
      ],
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["run.googleapis.com/cloudsql-instances"]`,
        'cloud-run-annotations',
        'Cloud SQL Auth Proxy',
      ],
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["run.googleapis.com/future-setting"]`,
        'cloud-run-annotations',
        'no Knative counterpart',
      ],
    ],
    output: [[['spec', 'template', 'metadata'], undefined]],
  },
  {
    name: "an unset concurrency is Cloud Run's default, written out",
    lines: [['change', `${POD}.containerConcurrency`, 'container-concurrency', 'unset → 80']],
    output: [[[...PODSPEC, 'containerConcurrency'], 80]],
  },
  {
    name: 'below 1 CPU the default concurrency is 1',
    parts: { container: { resources: { limits: { cpu: '500m', memory: '256Mi' } } } },
    output: [[[...PODSPEC, 'containerConcurrency'], 1]],
  },
  {
    name: "a timeout above Knative's 600 is cut to it",
    parts: { pod: { timeoutSeconds: 3600 } },
    lines: [['loss', `${POD}.timeoutSeconds`, 'timeout-seconds', '3600 → 600']],
    output: [[[...PODSPEC, 'timeoutSeconds'], 600]],
  },
  {
    name: 'the IAM e-mail becomes the part before "@", and Workload Identity must bind it',
    parts: { pod: { serviceAccountName: 'worker-runtime@my-project.iam.gserviceaccount.com' } },
    options: { namespace: 'events' },
    lines: [
      ['change', `${POD}.serviceAccountName`, 'service-account', 'the part before "@"'],
      [
        'action',
        `${POD}.serviceAccountName`,
        'service-account',
        'svc.id.goog[events/worker-runtime]',
      ],
    ],
    output: [[[...PODSPEC, 'serviceAccountName'], 'worker-runtime']],
  },
  {
    name: '--service-account names the Kubernetes ServiceAccount',
    parts: { pod: { serviceAccountName: 'worker-runtime@my-project.iam.gserviceaccount.com' } },
    options: { serviceAccount: 'labeler' },
    output: [[[...PODSPEC, 'serviceAccountName'], 'labeler']],
  },
  {
    name: "the hardened securityContext is added; Cloud Run's runAsUser kept",
    parts: { container: { securityContext: { runAsUser: 10001 } } },
    lines: [
      ['change', `${C0}.securityContext`, 'security-context', 'runAsNonRoot: true'],
      ['action', `${C0}.securityContext`, 'security-context', 'non-root numeric USER'],
    ],
    output: [
      [
        [...CONTAINER, 'securityContext'],
        {
          runAsUser: 10001,
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
      ],
    ],
  },
  {
    name: 'runAsUser 0 is refused: the hardened container runs as non-root',
    parts: { container: { securityContext: { runAsUser: 0 } } },
    lines: [['refusal', `${C0}.securityContext.runAsUser`, 'security-context', 'runs as root']],
    refused: true,
  },
  {
    name: 'the startup probe becomes the readiness probe',
    parts: {
      container: {
        startupProbe: { httpGet: { path: '/started' }, failureThreshold: 30, periodSeconds: 10 },
      },
    },
    lines: [['change', `${C0}.startupProbe`, 'probes', '→ readinessProbe']],
    output: [
      [
        [...CONTAINER, 'readinessProbe'],
        { httpGet: { path: '/started' }, failureThreshold: 30, periodSeconds: 10 },
      ],
    ],
  },
  {
    name: 'a probe on a sidecar is a loss',
    parts: {
      sidecars: [
        { name: 'collector', image: IMAGE, startupProbe: { httpGet: { path: '/', port: 13133 } } },
      ],
    },
    lines: [
      [
        'loss',
        'spec.template.spec.containers[1].startupProbe',
        'probes',
        'multi-container-probing',
      ],
    ],
  },
  {
    name: 'a secret version written NAME__KEY becomes that Secret and key',
    parts: {
      container: {
        env: [
          {
            name: 'DB_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'db__password', key: 'latest' } },
          },
        ],
      },
    },
    lines: [
      ['change', `${C0}.env[0].valueFrom.secretKeyRef`, 'env-references', 'Secret db key password'],
      [
        'action',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'gcloud secrets versions access latest --secret=db__password',
      ],
    ],
    output: [
      [[...CONTAINER, 'env', 0, 'valueFrom'], { secretKeyRef: { name: 'db', key: 'password' } }],
    ],
  },
  {
    name: 'any other Secret Manager name becomes a Secret of that name',
    parts: {
      container: {
        env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'Api_Key', key: '3' } } }],
      },
    },
    lines: [
      [
        'change',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'version 3 → Secret api-key key Api_Key',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env', 0, 'valueFrom'],
        { secretKeyRef: { name: 'api-key', key: 'Api_Key' } },
      ],
    ],
  },
  {
    name: 'a Secret Manager volume becomes a Secret volume, mounted read-only',
    parts: {
      pod: {
        volumes: [
          {
            name: 'conf',
            secret: {
              secretName: 'nginx_config',
              items: [{ key: 'latest', path: 'default.conf' }],
            },
          },
        ],
      },
      container: { volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d/' }] },
    },
    lines: [
      [
        'change',
        `${POD}.volumes[0].secret`,
        'volumes',
        'Secret nginx-config key nginx_config, file default.conf',
      ],
      ['change', `${C0}.volumeMounts[0].readOnly`, 'volumes', 'read-only'],
    ],
    output: [
      [
        [...PODSPEC, 'volumes', 0],
        {
          name: 'conf',
          secret: {
            secretName: 'nginx-config',
            items: [{ key: 'nginx_config', path: 'default.conf' }],
          },
        },
      ],
    ],
  },
  {
    name: 'a Secret Manager volume without items holds one file named after the secret',
    parts: {
      pod: { volumes: [{ name: 'conf', secret: { secretName: 'app-config' } }] },
      container: { volumeMounts: [{ name: 'conf', mountPath: '/etc/app', readOnly: true }] },
    },
    output: [
      [
        [...PODSPEC, 'volumes', 0, 'secret'],
        { secretName: 'app-config', items: [{ key: 'app-config', path: 'app-config' }] },
      ],
    ],
  },
  {
    name: 'in-memory emptyDir volumes carry over',
    parts: {
      pod: { volumes: [{ name: 'shared', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } }] },
      container: { volumeMounts: [{ name: 'shared', mountPath: '/logging' }] },
    },
    output: [
      [
        [...PODSPEC, 'volumes'],
        [{ name: 'shared', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } }],
      ],
    ],
  },
  {
    name: 'Cloud Storage (csi) and NFS volumes are refused',
    parts: {
      pod: {
        volumes: [
          { name: 'bucket', csi: { driver: 'gcsfuse.run.googleapis.com' } },
          { name: 'share', nfs: { server: '10.0.0.2', path: '/' } },
        ],
      },
    },
    lines: [
      ['refusal', `${POD}.volumes[0].csi`, 'volumes', 'no csi volumes'],
      ['refusal', `${POD}.volumes[1].nfs`, 'volumes', 'no nfs volumes'],
    ],
    refused: true,
  },
  {
    name: "a port Knative's queue-proxy uses is refused",
    parts: { container: { ports: [{ name: 'http1', containerPort: 9090 }] } },
    lines: [
      [
        'refusal',
        `${C0}.ports[0].containerPort`,
        'ports-and-port-env',
        "reserved by Knative's queue-proxy",
      ],
    ],
    refused: true,
  },
  {
    name: 'PORT in the serving container is dropped and declared as the port',
    parts: { container: { ports: undefined, env: [{ name: 'PORT', value: '8081' }] } },
    lines: [['change', `${C0}.env[0]`, 'ports-and-port-env', 'PORT dropped']],
    output: [[[...CONTAINER, 'ports'], [{ name: 'http1', containerPort: 8081 }]]],
  },
  {
    name: 'a sidecar keeps its PORT',
    parts: { sidecars: [{ name: 'hello', image: IMAGE, env: [{ name: 'PORT', value: '8888' }] }] },
    output: [
      [['spec', 'template', 'spec', 'containers', 1, 'env'], [{ name: 'PORT', value: '8888' }]],
    ],
  },
  {
    name: 'a GPU node selector is a loss',
    parts: { pod: { nodeSelector: { 'run.googleapis.com/accelerator': 'nvidia-l4' } } },
    lines: [['loss', `${POD}.nodeSelector`, 'pod-spec-fields', 'GPU']],
  },
  {
    name: "all traffic to the latest revision is Knative's default, left out",
    parts: { spec: { traffic: [{ latestRevision: true, percent: 100 }] } },
    lines: [['change', 'spec.traffic', 'traffic', "Knative's default"]],
    output: [[['spec', 'traffic'], undefined]],
  },
  {
    name: 'a tagged split over Cloud Run revisions cannot carry over',
    parts: {
      spec: {
        traffic: [
          { revisionName: 'worker-00003-wut', percent: 90 },
          { latestRevision: true, percent: 10, tag: 'canary' },
        ],
      },
    },
    lines: [['loss', 'spec.traffic', 'traffic', 'exist only on the source platform']],
  },
  {
    name: 'labels Kubernetes takes are kept; others are losses',
    parts: {
      labels: { 'cloud.googleapis.com/location': 'us-central1', team: 'vision', 'ends-with_': 'x' },
    },
    lines: [['loss', 'metadata.labels.ends-with_', 'labels', 'not a Kubernetes label']],
    output: [[['metadata', 'labels', 'team'], 'vision']],
  },
];

describe('Cloud Run → Knative', () => {
  test.each(CASES)('$name', (c) => {
    const { result, lines, output, findings } = runCase('cloud-run', c);
    expect(lines).toEqual(expect.arrayContaining(linesMatching(c.lines ?? [])));
    expect(output).toEqual(c.output ?? []);
    expect(result.refused).toBe(c.refused ?? false);
    expect(findings).toEqual([]);
  });
});
