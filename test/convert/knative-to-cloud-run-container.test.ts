/**
 * Knative → Cloud Run: containers, ports, resources and probes, one named case per rule and
 * situation: the lines printed (kind, field, rule, and what they say), the fields written, and a
 * validator that finds nothing in the output.
 */
import { C0, CONTAINER, type ConvertCase, testCases, IMAGE, POD } from '../support/convert-cases';

const CASES: readonly ConvertCase[] = [
  {
    name: 'init containers are refused with what to do',
    parts: { pod: { initContainers: [{ name: 'migrate', image: IMAGE }] } },
    lines: [['refusal', `${POD}.initContainers`, 'pod-spec-fields', 'no init containers']],
    refused: true,
  },
  {
    name: 'scheduling fields, pull secrets and Knative-only timeouts are losses',
    parts: {
      pod: {
        affinity: {},
        imagePullSecrets: [{ name: 'pull' }],
        responseStartTimeoutSeconds: 30,
        automountServiceAccountToken: false,
      },
    },
    lines: [
      ['loss', `${POD}.affinity`, 'pod-spec-fields', 'no nodes to choose'],
      ['loss', `${POD}.imagePullSecrets`, 'pod-spec-fields', "service agent's IAM"],
      ['loss', `${POD}.responseStartTimeoutSeconds`, 'pod-spec-fields', 'only the request timeout'],
      ['change', `${POD}.automountServiceAccountToken`, 'pod-spec-fields', 'metadata server'],
    ],
  },
  {
    name: 'PORT is dropped and becomes the declared port',
    parts: {
      container: {
        ports: undefined,
        env: [
          { name: 'PORT', value: '9000' },
          { name: 'K_SERVICE', value: 'x' },
        ],
      },
    },
    lines: [
      ['change', `${C0}.env[0]`, 'ports-and-port-env', 'PORT dropped'],
      ['change', `${C0}.env[1]`, 'ports-and-port-env', 'K_SERVICE dropped'],
      ['change', `${C0}.ports`, 'ports-and-port-env', 'the PORT the input set'],
    ],
    output: [
      [[...CONTAINER, 'ports'], [{ name: 'http1', containerPort: 9000 }]],
      [[...CONTAINER, 'env'], undefined],
    ],
  },
  {
    name: 'no port declared: the default is declared, named http1',
    parts: { container: { ports: undefined } },
    lines: [['change', `${C0}.ports`, 'ports-and-port-env', 'containerPort: 8080']],
    output: [[[...CONTAINER, 'ports'], [{ name: 'http1', containerPort: 8080 }]]],
  },
  {
    name: 'an unnamed port is named http1',
    parts: { container: { ports: [{ containerPort: 8080 }] } },
    lines: [['change', `${C0}.ports[0].name`, 'ports-and-port-env', 'set to "http1": Cloud Run']],
    output: [[[...CONTAINER, 'ports', 0, 'name'], 'http1']],
  },
  {
    name: 'a port named http is renamed http1, with both names',
    parts: { container: { ports: [{ name: 'http', containerPort: 8080 }] } },
    lines: [['change', `${C0}.ports[0].name`, 'ports-and-port-env', '"http" → "http1": Cloud Run']],
    output: [[[...CONTAINER, 'ports', 0, 'name'], 'http1']],
  },
  {
    name: 'requests are dropped, a missing limit takes the request, other limits are losses',
    parts: {
      container: {
        resources: {
          requests: { cpu: '1', memory: '1Gi' },
          limits: { 'ephemeral-storage': '1Gi' },
        },
      },
    },
    lines: [
      ['change', `${C0}.resources.limits.memory`, 'resources', 'set to the request "1Gi"'],
      ['change', `${C0}.resources.requests`, 'resources', 'its limits'],
      ['loss', `${C0}.resources.limits.ephemeral-storage`, 'resources', 'only cpu, memory'],
    ],
    output: [[[...CONTAINER, 'resources'], { limits: { cpu: '1', memory: '1Gi' } }]],
  },
  {
    name: 'a CPU Cloud Run does not offer is raised to the nearest',
    parts: { container: { resources: { limits: { cpu: '1500m', memory: '1Gi' } } } },
    lines: [['change', `${C0}.resources.limits.cpu`, 'resources', '"1500m" → "2"']],
    output: [[[...CONTAINER, 'resources', 'limits', 'cpu'], '2']],
  },
  {
    name: 'memory beyond one CPU raises the CPU; too little memory for 4 CPUs is raised',
    parts: {
      container: { resources: { limits: { memory: '8Gi' } } },
      sidecars: [
        { name: 'helper', image: IMAGE, resources: { limits: { cpu: '4', memory: '1Gi' } } },
      ],
    },
    lines: [
      ['change', `${C0}.resources.limits.cpu`, 'resources', 'set to "2"'],
      [
        'change',
        'spec.template.spec.containers[1].resources.limits.memory',
        'resources',
        '"1Gi" → "2Gi"',
      ],
    ],
  },
  {
    name: 'more CPU than Cloud Run offers is refused',
    parts: { container: { resources: { limits: { cpu: '16' } } } },
    lines: [['refusal', `${C0}.resources.limits`, 'resources', 'at most 8 CPUs']],
    refused: true,
  },
  {
    name: 'readiness becomes the startup probe; aggressive probing and named ports go',
    parts: {
      container: {
        readinessProbe: { periodSeconds: 0, httpGet: { path: '/ready', port: 'http1' } },
      },
    },
    lines: [
      ['change', `${C0}.readinessProbe`, 'probes', '→ startupProbe'],
      ['change', `${C0}.startupProbe.periodSeconds`, 'probes', 'aggressive'],
      ['change', `${C0}.startupProbe.httpGet.port`, 'probes', 'port numbers'],
    ],
    output: [[[...CONTAINER, 'startupProbe'], { httpGet: { path: '/ready' } }]],
  },
  {
    name: 'a readiness probe beside a startup probe is a loss',
    parts: {
      container: {
        readinessProbe: { httpGet: { path: '/ready' } },
        startupProbe: { tcpSocket: { port: 8080 } },
      },
    },
    lines: [['loss', `${C0}.readinessProbe`, 'probes', 'startupProbe too']],
  },
  {
    name: "exec probes are losses; startup timings are capped at Cloud Run's bounds",
    parts: {
      container: {
        livenessProbe: { exec: { command: ['true'] } },
        startupProbe: {
          httpGet: { path: '/' },
          periodSeconds: 300,
          successThreshold: 2,
          timeoutSeconds: 5,
        },
      },
    },
    lines: [
      ['loss', `${C0}.livenessProbe.exec`, 'probes', 'no exec probes'],
      ['loss', `${C0}.startupProbe.periodSeconds`, 'probes', '300 → 240'],
      ['loss', `${C0}.startupProbe.successThreshold`, 'probes', '2 → 1'],
    ],
  },
  {
    name: 'a sidecar carries over, its probe too',
    parts: {
      sidecars: [{ name: 'proxy', image: IMAGE, startupProbe: { tcpSocket: { port: 9901 } } }],
    },
    output: [
      [
        ['spec', 'template', 'spec', 'containers', 1, 'startupProbe'],
        { tcpSocket: { port: 9901 } },
      ],
    ],
  },
  {
    name: 'a container field Cloud Run lacks is a loss',
    parts: { container: { lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } } } },
    lines: [
      ['loss', `${C0}.lifecycle`, 'container-fields', 'not a field of a Cloud Run container'],
    ],
  },
  {
    name: 'an image placeholder is refused',
    parts: { container: { image: '${IMAGE}' } },
    lines: [['refusal', `${C0}.image`, 'image', 'substitute it first']],
    refused: true,
  },
];

describe('Knative → Cloud Run: containers, ports, resources and probes', () => {
  testCases('knative', CASES);
});
