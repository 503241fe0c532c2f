/**
 * Cloud Run → Knative: ingress, namespace, scaling, annotations, traffic and labels, one named case
 * per rule and situation: the lines printed (kind, field, rule, and what they say), the fields
 * written, and a validator that finds nothing in the output.
 */
import {
  type ConvertCase,
  testCases,
  POD,
  PODSPEC,
  TEMPLATE_ANNOTATIONS,
} from '../support/convert-cases';

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
    name: '--namespace equal to the project keeps it without a change line',
    options: { namespace: '123456789012' },
    output: [[['metadata', 'namespace'], '123456789012']],
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

describe('Cloud Run → Knative: ingress, namespace, scaling, annotations, traffic and labels', () => {
  testCases('cloud-run', CASES);
});
