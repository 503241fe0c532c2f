/**
 * Cloud Run → Knative: identity, security context, probes, ports and node selectors, one named case
 * per rule and situation: the lines printed (kind, field, rule, and what they say), the fields
 * written, and a validator that finds nothing in the output.
 */
import {
  C0,
  CONTAINER,
  type ConvertCase,
  testCases,
  IMAGE,
  POD,
  PODSPEC,
} from '../support/convert-cases';

const CASES: readonly ConvertCase[] = [
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
];

describe('Cloud Run → Knative: identity, security context, probes, ports and node selectors', () => {
  testCases('cloud-run', CASES);
});
