/**
 * Knative → Cloud Run, one named case per rule and situation: the lines printed (kind, field, rule,
 * and what they say), the fields written, and a validator that finds nothing in the output.
 */
import { IMAGE, linesMatching, runCase, type ConvertCase } from './convert-cases';

const C0 = 'spec.template.spec.containers[0]';
const POD = 'spec.template.spec';
const TEMPLATE_ANNOTATIONS = 'spec.template.metadata.annotations';
const CONTAINER: readonly (string | number)[] = ['spec', 'template', 'spec', 'containers', 0];
const PODSPEC: readonly (string | number)[] = ['spec', 'template', 'spec'];
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
    name: 'kebab-case scale bounds become camelCase',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/min-scale': '1',
        'autoscaling.knative.dev/max-scale': '5',
      },
    },
    lines: [
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/min-scale"]`,
        'autoscaling-keys',
        'camelCase',
      ],
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/max-scale"]`,
        'autoscaling-keys',
        'maxScale',
      ],
    ],
    output: [
      [['spec', 'template', 'metadata', 'annotations', 'autoscaling.knative.dev/minScale'], '1'],
      [
        ['spec', 'template', 'metadata', 'annotations', 'autoscaling.knative.dev/min-scale'],
        undefined,
      ],
    ],
  },
  {
    name: 'with both spellings the kebab-case key wins, as Knative reads it',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/minScale': '3',
        'autoscaling.knative.dev/min-scale': '2',
      },
    },
    lines: [
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/minScale"]`,
        'autoscaling-keys',
        'reads the kebab-case key first',
      ],
    ],
    output: [
      [['spec', 'template', 'metadata', 'annotations', 'autoscaling.knative.dev/minScale'], '2'],
    ],
  },
  {
    name: 'max-scale 0 (unlimited) has no Cloud Run form',
    parts: { templateAnnotations: { 'autoscaling.knative.dev/max-scale': '0' } },
    lines: [
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/max-scale"]`,
        'autoscaling-keys',
        'always has a maximum',
      ],
    ],
    output: [[['spec', 'template', 'metadata'], undefined]],
  },
  {
    name: 'Knative-only autoscaling annotations are losses',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/target': '50',
        'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      },
    },
    lines: [
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/target"]`,
        'knative-annotations',
        'only minScale and maxScale',
      ],
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/class"]`,
        'knative-annotations',
        'only minScale and maxScale',
      ],
    ],
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
    name: "timeoutSeconds 0 is Knative's default, written as 300",
    parts: { pod: { timeoutSeconds: 0 } },
    lines: [['change', `${POD}.timeoutSeconds`, 'timeout-seconds', '→ 300']],
    output: [[[...PODSPEC, 'timeoutSeconds'], 300]],
  },
  {
    name: 'containerConcurrency 0 (no limit) leaves Cloud Run its default',
    parts: { pod: { containerConcurrency: 0 } },
    lines: [
      ['change', `${POD}.containerConcurrency`, 'container-concurrency', "Cloud Run's default, 80"],
    ],
    output: [[[...PODSPEC, 'containerConcurrency'], undefined]],
  },
  {
    name: 'below 1 CPU Cloud Run takes one request at a time',
    parts: {
      pod: { containerConcurrency: 10 },
      container: { resources: { limits: { cpu: '500m', memory: '256Mi' } } },
    },
    lines: [
      ['loss', `${POD}.containerConcurrency`, 'container-concurrency', 'one request at a time'],
    ],
    output: [[[...PODSPEC, 'containerConcurrency'], 1]],
  },
  {
    name: 'a concurrency both take is kept',
    parts: { pod: { containerConcurrency: 250 } },
    output: [[[...PODSPEC, 'containerConcurrency'], 250]],
  },
  {
    name: 'the service account comes from --service-account',
    parts: { pod: { serviceAccountName: 'worker' } },
    options: { serviceAccount: 'worker-runtime@my-project.iam.gserviceaccount.com' },
    lines: [['change', `${POD}.serviceAccountName`, 'service-account', '(--service-account)']],
    output: [
      [[...PODSPEC, 'serviceAccountName'], 'worker-runtime@my-project.iam.gserviceaccount.com'],
    ],
  },
  {
    name: "the service account comes from the file's Workload Identity binding",
    parts: { pod: { serviceAccountName: 'worker' } },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'worker',
          annotations: {
            'iam.gke.io/gcp-service-account': 'gsa@my-project.iam.gserviceaccount.com',
          },
        },
      },
    ],
    lines: [['change', `${POD}.serviceAccountName`, 'service-account', 'Workload Identity']],
    output: [[[...PODSPEC, 'serviceAccountName'], 'gsa@my-project.iam.gserviceaccount.com']],
  },
  {
    name: 'an unbound Kubernetes service account is a loss, naming the default Cloud Run uses',
    parts: { pod: { serviceAccountName: 'worker' } },
    lines: [
      [
        'loss',
        `${POD}.serviceAccountName`,
        'service-account',
        '123456789012-compute@developer.gserviceaccount.com',
      ],
    ],
    output: [[[...PODSPEC, 'serviceAccountName'], undefined]],
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
  {
    name: 'the securityContext is dropped field by field; a read-only root and the user are losses',
    parts: {
      container: {
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 10001,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
      },
    },
    lines: [
      ['change', `${C0}.securityContext.runAsNonRoot`, 'security-context', 'sandbox'],
      ['loss', `${C0}.securityContext.runAsUser`, 'security-context', 'set USER in the image'],
      ['loss', `${C0}.securityContext.readOnlyRootFilesystem`, 'security-context', 'writable'],
      ['change', `${C0}.securityContext.capabilities`, 'security-context', 'sandbox'],
    ],
    output: [[[...CONTAINER, 'securityContext'], undefined]],
  },
  {
    name: 'added capabilities are a loss',
    parts: { container: { securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } } },
    lines: [
      ['loss', `${C0}.securityContext.capabilities`, 'security-context', 'no added capabilities'],
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
    lines: [['change', `${C0}.ports[0].name`, 'ports-and-port-env', 'http1']],
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
      ['change', `${C0}.resources.limits.cpu`, 'resources', 'nothing → "2"'],
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
    name: 'a ConfigMap of the file is inlined; one outside it becomes a Secret Manager secret',
    parts: {
      container: {
        env: [
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'elsewhere', key: 'mode' } } },
        ],
      },
    },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { level: 'debug' },
      },
    ],
    lines: [
      ['change', `${C0}.env[0].valueFrom`, 'env-references', 'value "debug"'],
      [
        'change',
        `${C0}.env[1].valueFrom.configMapKeyRef`,
        'env-references',
        'Secret Manager secret elsewhere__mode',
      ],
      [
        'action',
        `${C0}.env[1].valueFrom.configMapKeyRef`,
        'env-references',
        'kubectl get configmap elsewhere',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env'],
        [
          { name: 'LEVEL', value: 'debug' },
          { name: 'MODE', valueFrom: { secretKeyRef: { name: 'elsewhere__mode', key: 'latest' } } },
        ],
      ],
    ],
  },
  {
    name: 'a Secret key becomes a Secret Manager secret, with the commands that copy it',
    parts: {
      container: {
        env: [
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ],
      },
    },
    lines: [
      [
        'change',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'Secret db key password → Secret Manager secret db__password',
      ],
      [
        'action',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'base64 -d | gcloud secrets create db__password',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env', 0, 'valueFrom'],
        { secretKeyRef: { name: 'db__password', key: 'latest' } },
      ],
    ],
  },
  {
    name: 'a downward-API variable is a loss',
    parts: {
      container: {
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      },
    },
    lines: [['loss', `${C0}.env[0].valueFrom`, 'env-references', 'no fieldRef reference']],
    output: [[[...CONTAINER, 'env'], undefined]],
  },
  {
    name: 'a credential in a literal value is refused',
    parts: { container: { env: [{ name: 'API_TOKEN', value: 's3cret' }] } },
    lines: [
      ['refusal', `${C0}.env[0].value`, 'env-references', 'convert does not copy credentials'],
    ],
    refused: true,
  },
  {
    name: 'a value YAML 1.1 reads as a boolean is refused',
    parts: { container: { env: [{ name: 'ENABLED', value: true }] } },
    lines: [['refusal', `${C0}.env[0].value`, 'string-values', 'quote it']],
    refused: true,
  },
  {
    name: 'a variable set twice is refused',
    parts: {
      container: {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
    },
    lines: [['refusal', `${C0}.env[1].name`, 'env-references', 'set twice']],
    refused: true,
  },
  {
    name: "envFrom expands from the file's ConfigMap",
    parts: { container: { envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }] } },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { LEVEL: 'debug' },
      },
    ],
    lines: [['change', `${C0}.envFrom[0]`, 'env-from', 'APP_LEVEL']],
    output: [[[...CONTAINER, 'env'], [{ name: 'APP_LEVEL', value: 'debug' }]]],
  },
  {
    name: 'envFrom of an object not in the file is refused',
    parts: { container: { envFrom: [{ secretRef: { name: 'db' } }] } },
    lines: [['refusal', `${C0}.envFrom[0]`, 'env-from', 'list each variable']],
    refused: true,
  },
  {
    name: 'emptyDir volumes live in memory on Cloud Run',
    parts: {
      pod: { volumes: [{ name: 'tmp', emptyDir: {} }] },
      container: { volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] },
    },
    lines: [['change', `${POD}.volumes[0].emptyDir.medium`, 'volumes', 'in memory']],
    output: [[[...PODSPEC, 'volumes'], [{ name: 'tmp', emptyDir: { medium: 'Memory' } }]]],
  },
  {
    name: 'a Secret volume of one key becomes a Secret Manager volume',
    parts: {
      pod: {
        volumes: [
          {
            name: 'tls',
            secret: { secretName: 'certs', items: [{ key: 'tls.crt', path: 'tls.crt' }] },
          },
        ],
      },
      container: { volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }] },
    },
    lines: [
      ['change', `${POD}.volumes[0].secret`, 'volumes', 'Secret Manager secret certs__tls-crt'],
      ['action', `${POD}.volumes[0].secret`, 'volumes', "jsonpath='{.data.tls\\.crt}'"],
    ],
    output: [
      [
        [...PODSPEC, 'volumes', 0],
        {
          name: 'tls',
          secret: { secretName: 'certs__tls-crt', items: [{ key: 'latest', path: 'tls.crt' }] },
        },
      ],
    ],
  },
  {
    name: 'a ConfigMap volume whose file object has one key needs no items',
    parts: {
      pod: { volumes: [{ name: 'conf', configMap: { name: 'nginx' } }] },
      container: {
        volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d', readOnly: true }],
      },
    },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'nginx' },
        data: { 'default.conf': 'server {}' },
      },
    ],
    lines: [
      [
        'change',
        `${POD}.volumes[0].configMap`,
        'volumes',
        'ConfigMap nginx key default.conf → Secret Manager secret nginx__default-conf',
      ],
    ],
  },
  {
    name: 'a Secret volume of several keys is refused',
    parts: {
      pod: { volumes: [{ name: 'tls', secret: { secretName: 'certs' } }] },
      container: { volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }] },
    },
    lines: [
      ['refusal', `${POD}.volumes[0].secret`, 'volumes', 'one item (key and path) per volume'],
    ],
    refused: true,
  },
  {
    name: 'projected and PersistentVolumeClaim volumes are refused',
    parts: {
      pod: {
        volumes: [
          { name: 'token', projected: { sources: [] } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        ],
      },
    },
    lines: [
      ['refusal', `${POD}.volumes[0].projected`, 'volumes', 'no projected volumes'],
      [
        'refusal',
        `${POD}.volumes[1].persistentVolumeClaim`,
        'volumes',
        'no persistentVolumeClaim volumes',
      ],
    ],
    refused: true,
  },
  {
    name: 'a volume named cloudsql is renamed in the volume and its mounts',
    parts: {
      pod: { volumes: [{ name: 'cloudsql', emptyDir: { medium: 'Memory' } }] },
      container: {
        volumeMounts: [{ name: 'cloudsql', mountPath: '/cloudsql', mountPropagation: 'None' }],
      },
    },
    lines: [
      ['change', `${POD}.volumes[0].name`, 'volumes', 'cloudsql-volume'],
      ['loss', `${C0}.volumeMounts[0].mountPropagation`, 'volumes', 'not a field'],
    ],
    output: [
      [[...CONTAINER, 'volumeMounts', 0], { name: 'cloudsql-volume', mountPath: '/cloudsql' }],
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

describe('Knative → Cloud Run', () => {
  test.each(CASES)('$name', (c) => {
    const { result, lines, output, findings } = runCase('knative', c);
    expect(lines).toEqual(expect.arrayContaining(linesMatching(c.lines ?? [])));
    expect(output).toEqual(c.output ?? []);
    expect(result.refused).toBe(c.refused ?? false);
    expect(findings).toEqual([]);
  });
});
