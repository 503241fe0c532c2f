/**
 * Knative → Cloud Run: ingress, project, region, names, annotations, labels and traffic, one named
 * case per rule and situation: the lines printed (kind, field, rule, and what they say), the fields
 * written, and a validator that finds nothing in the output.
 */
import { type ConvertCase, testCases, IMAGE, TEMPLATE_ANNOTATIONS } from '../support/convert-cases';

const INGRESS = ['metadata', 'annotations', 'run.googleapis.com/ingress'];

const CASES: readonly ConvertCase[] = [
  {
    name: 'cluster-local visibility becomes internal ingress, and callers need run.invoker',
    lines: [
      ['change', 'metadata.labels["networking.knative.dev/visibility"]', 'visibility', 'internal'],
      [
        'action',
        'metadata.annotations["run.googleapis.com/ingress"]',
        'visibility',
        'roles/run.invoker',
      ],
    ],
    output: [
      [INGRESS, 'internal'],
      [['metadata', 'labels', 'networking.knative.dev/visibility'], undefined],
    ],
  },
  {
    name: 'a public Knative Service gets ingress all and the allUsers grant to stay public',
    parts: { labels: { 'networking.knative.dev/visibility': undefined } },
    lines: [
      ['change', 'metadata.annotations["run.googleapis.com/ingress"]', 'visibility', 'public'],
      [
        'action',
        'metadata.annotations["run.googleapis.com/ingress"]',
        'visibility',
        '--member=allUsers',
      ],
    ],
    output: [[INGRESS, 'all']],
  },
  {
    name: 'the obsolete visibility label is read as meant',
    parts: {
      labels: {
        'networking.knative.dev/visibility': undefined,
        'serving.knative.dev/visibility': 'cluster-local',
      },
    },
    lines: [
      [
        'change',
        'metadata.labels["serving.knative.dev/visibility"]',
        'visibility',
        'ignored since Knative v0.21',
      ],
    ],
    output: [[INGRESS, 'internal']],
  },
  {
    name: 'the namespace becomes the project number',
    lines: [
      ['change', 'metadata.namespace', 'namespace', '"events" → "123456789012" (--project-number)'],
    ],
    output: [[['metadata', 'namespace'], '123456789012']],
  },
  {
    name: 'without --project-number the namespace is refused, naming the flag',
    options: { projectNumber: undefined },
    lines: [['refusal', 'metadata.namespace', 'namespace', '--project-number is missing']],
    refused: true,
  },
  {
    name: 'a namespace that is a project number is taken without the flag',
    parts: { metadata: { namespace: '987654321098' } },
    options: { projectNumber: undefined },
    output: [[['metadata', 'namespace'], '987654321098']],
  },
  {
    name: 'the region label comes from --region',
    lines: [['change', 'metadata.labels["cloud.googleapis.com/location"]', 'region', '--region']],
    output: [[['metadata', 'labels', 'cloud.googleapis.com/location'], 'us-central1']],
  },
  {
    name: 'without --region the region is refused, naming the flag',
    options: { region: undefined },
    lines: [
      [
        'refusal',
        'metadata.labels["cloud.googleapis.com/location"]',
        'region',
        '--region is missing',
      ],
    ],
    refused: true,
  },
  {
    name: 'a region Cloud Run does not run in is refused',
    options: { region: 'mars-north1' },
    lines: [
      [
        'refusal',
        'metadata.labels["cloud.googleapis.com/location"]',
        'region',
        'not a Cloud Run region',
      ],
    ],
    refused: true,
  },
  {
    name: "Knative's own Service annotations: rollout duration lost, the creator dropped, kn's kept",
    parts: {
      annotations: {
        'serving.knative.dev/rollout-duration': '380s',
        'serving.knative.dev/creator': 'admin',
        'client.knative.dev/user-image': IMAGE,
        'kubectl.kubernetes.io/last-applied-configuration':
          '{"apiVersion":"serving.knative.dev/v1"}',
      },
    },
    lines: [
      [
        'loss',
        'metadata.annotations["serving.knative.dev/rollout-duration"]',
        'knative-annotations',
        'at once',
      ],
      [
        'change',
        'metadata.annotations["serving.knative.dev/creator"]',
        'knative-annotations',
        'who created it',
      ],
      [
        'change',
        'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
        'knative-annotations',
        "kubectl's copy",
      ],
    ],
    output: [[['metadata', 'annotations', 'client.knative.dev/user-image'], IMAGE]],
  },
  {
    name: 'a queue-proxy size and an unknown knative.dev annotation are losses',
    parts: {
      templateAnnotations: {
        'queue.sidecar.serving.knative.dev/cpu-resource-request': '100m',
        'serving.knative.dev/progress-deadline': '60s',
      },
    },
    lines: [
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["queue.sidecar.serving.knative.dev/cpu-resource-request"]`,
        'knative-annotations',
        'queue-proxy',
      ],
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["serving.knative.dev/progress-deadline"]`,
        'knative-annotations',
        'progress deadline',
      ],
    ],
  },
  {
    name: 'a run.googleapis.com annotation Cloud Run reads is kept; one it refuses at that level is a loss',
    parts: {
      annotations: { 'run.googleapis.com/cpu-throttling': 'false' },
      templateAnnotations: { 'run.googleapis.com/startup-cpu-boost': 'true' },
    },
    lines: [
      [
        'loss',
        'metadata.annotations["run.googleapis.com/cpu-throttling"]',
        'knative-annotations',
        'does not accept it on the Service',
      ],
    ],
    output: [
      [
        ['spec', 'template', 'metadata', 'annotations', 'run.googleapis.com/startup-cpu-boost'],
        'true',
      ],
    ],
  },
  {
    name: "labels outside Google Cloud's syntax are losses; Knative's own are dropped; others kept",
    parts: {
      labels: {
        'networking.knative.dev/visibility': 'cluster-local',
        'app.kubernetes.io/name': 'worker',
        'serving.knative.dev/route': 'r',
        team: 'vision',
      },
    },
    lines: [
      ['loss', 'metadata.labels["app.kubernetes.io/name"]', 'labels', "Google Cloud's rules"],
      ['change', 'metadata.labels["serving.knative.dev/route"]', 'labels', 'Knative sets it'],
    ],
    output: [[['metadata', 'labels', 'team'], 'vision']],
  },
  {
    name: 'a name longer than Cloud Run allows is refused',
    parts: { metadata: { name: 'a-service-name-that-is-far-too-long-for-cloud-run-to-take' } },
    lines: [['refusal', 'metadata.name', 'service-name', 'at most 49 characters']],
    refused: true,
  },
  {
    name: 'a template placeholder as the name is refused',
    parts: { metadata: { name: '%SERVICE_NAME%' } },
    lines: [['refusal', 'metadata.name', 'service-name', 'substitute it first']],
    refused: true,
  },
  {
    name: 'a revision name with the service prefix is kept',
    parts: { templateName: 'worker-v2' },
    output: [[['spec', 'template', 'metadata', 'name'], 'worker-v2']],
  },
  {
    name: 'a revision name without the service prefix is dropped',
    parts: { templateName: 'v2' },
    lines: [
      ['change', 'spec.template.metadata.name', 'revision-name', 'must start with "worker-"'],
    ],
    output: [[['spec', 'template', 'metadata'], undefined]],
  },
  {
    name: 'what the API server wrote is dropped; an unknown field is a loss',
    parts: {
      metadata: { uid: 'abc', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { runLatest: {} },
    },
    lines: [
      ['change', 'metadata.uid', 'server-set-fields', 'API server'],
      ['change', 'metadata.creationTimestamp', 'server-set-fields', 'API server'],
      ['loss', 'spec.runLatest', 'server-set-fields', 'not a field'],
    ],
    output: [[['metadata', 'uid'], undefined]],
  },
  {
    name: 'a split over Knative revisions cannot carry over',
    parts: {
      spec: {
        traffic: [
          { revisionName: 'worker-00001', percent: 50 },
          { latestRevision: true, percent: 50 },
        ],
      },
    },
    lines: [['loss', 'spec.traffic', 'traffic', '"worker-00001"']],
    output: [[['spec', 'traffic'], [{ latestRevision: true, percent: 100 }]]],
  },
];

describe('Knative → Cloud Run: ingress, project, region, names, annotations, labels and traffic', () => {
  testCases('knative', CASES);
});
