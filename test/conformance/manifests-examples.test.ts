/**
 * The validator against public manifests: the minimal manifests of MANIFESTS.md 7 (copied here as
 * text) and every example in ../shared/examples/manifests, each with the findings we expect and
 * why. Schema-only expectations are separate from rule expectations, because MANIFESTS 7 says the
 * minimal manifests pass the schemas, not the webhook rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/validator/core/finding';
import type { ManifestFile } from '../../src/validator/core/load-documents';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';
import { EXAMPLES_DIR } from './shared-manifests';

const validator = createManifestValidator();
const rulesOf = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();
const schemaRules = (findings: readonly Finding[]) =>
  rulesOf(findings).filter((r) => r.startsWith('schema/'));

/** MANIFESTS.md 7.1, verbatim. */
const KNATIVE_MINIMAL = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: gcs-worker
  namespace: events
  labels:
    networking.knative.dev/visibility: cluster-local
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/min-scale: "0"
        autoscaling.knative.dev/max-scale: "10"
    spec:
      serviceAccountName: gcs-worker
      containerConcurrency: 10
      timeoutSeconds: 300
      containers:
        - name: worker
          image: us-docker.pkg.dev/my-project/repo/gcs-worker@sha256:<digest>
          ports:
            - name: http1
              containerPort: 8080
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: "1", memory: 512Mi}
          readinessProbe:
            httpGet: {path: /healthz}
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: ["ALL"]}
            seccompProfile: {type: RuntimeDefault}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: default
  namespace: events
  annotations:
    eventing.knative.dev/broker.class: MTChannelBasedBroker
spec:
  delivery:
    retry: 5
    backoffPolicy: exponential
    backoffDelay: PT1S
    deadLetterSink:
      ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: dead-letter-sink}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata:
  name: gcs-worker-finalized
  namespace: events
spec:
  broker: default
  filters:
    - exact:
        type: google.cloud.storage.object.v1.finalized
        source: //storage.googleapis.com/projects/_/buckets/my-upload-bucket
  subscriber:
    ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: gcs-worker}
  delivery: {retry: 5, backoffPolicy: exponential, backoffDelay: PT1S, timeout: PT300S}
---
apiVersion: events.cloud.google.com/v1
kind: CloudStorageSource
metadata:
  name: upload-bucket
  namespace: events
spec:
  bucket: my-upload-bucket
  eventTypes: [google.cloud.storage.object.v1.finalized]
  serviceAccountName: knative-gcp-source
  sink:
    ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
`;

/** MANIFESTS.md 7.2, verbatim. */
const CLOUD_RUN_MINIMAL = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: gcs-worker
  labels:
    cloud.googleapis.com/location: us-central1
  annotations:
    run.googleapis.com/ingress: all     # IAM keeps it private; see pitfalls for \`internal\`
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/minScale: "0"
        autoscaling.knative.dev/maxScale: "10"
        run.googleapis.com/startup-cpu-boost: "true"
    spec:
      serviceAccountName: gcs-worker-runtime@my-project.iam.gserviceaccount.com
      containerConcurrency: 10
      timeoutSeconds: 300
      containers:
        - name: worker
          image: us-docker.pkg.dev/my-project/repo/gcs-worker@sha256:<digest>
          ports:
            - name: http1
              containerPort: 8080
          resources:
            limits: {cpu: "1", memory: 512Mi}
          startupProbe:
            tcpSocket: {port: 8080}
  traffic:
    - {percent: 100, latestRevision: true}
`;

const knative = (text: string): ManifestFile[] => [{ path: 'knative/minimal.yaml', text }];
const cloudRun = (text: string): ManifestFile[] => [{ path: 'cloudrun/service.yaml', text }];

describe('MANIFESTS.md 7 minimal manifests', () => {
  const knativeFindings = validateManifests(knative(KNATIVE_MINIMAL), validator);
  const cloudRunFindings = validateManifests(cloudRun(CLOUD_RUN_MINIMAL), validator);

  test('pass the schemas, as MANIFESTS 7 says', () => {
    expect([...schemaRules(knativeFindings), ...schemaRules(cloudRunFindings)]).toEqual([]);
  });

  test("7.1 breaks two webhook rules (the <digest> placeholder, a two-key exact filter), names a dead-letter Service it does not hold, and retries for 31 s only (retry 5 from PT1S, below 5 × the worker's 30 s Retry-After)", () => {
    expect(knativeFindings.map((f) => [f.rule, f.kind, f.path])).toEqual([
      ['workload/image-reference', 'Service', 'spec.template.spec.containers[0].image'],
      ['eventing/delivery-retry-window', 'Broker', 'spec.delivery.retry'],
      ['cross/dead-letter-sink', 'Broker', 'spec.delivery.deadLetterSink.ref'],
      ['eventing/filters-dialect', 'Trigger', 'spec.filters[0].exact'],
      ['eventing/delivery-retry-window', 'Trigger', 'spec.delivery.retry'],
    ]);
  });

  test('7.2 breaks only the image rule (the <digest> placeholder)', () => {
    expect(cloudRunFindings.map((f) => [f.rule, f.path])).toEqual([
      ['workload/image-reference', 'spec.template.spec.containers[0].image'],
    ]);
  });

  test.each([
    [
      'the typo containerConcurency',
      knative(KNATIVE_MINIMAL.replace('containerConcurrency:', 'containerConcurency:')),
      'spec.template.spec.containerConcurency',
    ],
    [
      'procMount',
      knative(
        KNATIVE_MINIMAL.replace(
          'runAsUser: 10001',
          'runAsUser: 10001\n            procMount: Default',
        ),
      ),
      'spec.template.spec.containers[0].securityContext.procMount',
    ],
    [
      'Trigger subscriber.url',
      knative(
        KNATIVE_MINIMAL.replace(
          'subscriber:\n',
          'subscriber:\n    url: http://gcs-worker.events.svc.cluster.local\n',
        ),
      ),
      'spec.subscriber.url',
    ],
  ])('the schema rejects %s', (_, files, path) => {
    const unknown = validateManifests(files, validator).filter(
      (f) => f.rule === 'schema/unknown-field',
    );
    expect(unknown.map((f) => f.path)).toEqual([path]);
  });
});

/**
 * Expected findings per example sample (files grouped by the part of their name before `__`,
 * validated together so that references between them resolve), with the reason.
 */
const EXPECTED: Readonly<
  Record<
    string,
    { readonly schema: readonly string[]; readonly rules: readonly string[]; readonly why: string }
  >
> = {
  'knative/eventarc-samples': {
    schema: [],
    rules: ['cross/reference', 'knative/security-hardening', 'knative/visibility'],
    why: 'fits the CRDs; a public ksvc without our hardening; Broker "default" is not part of the sample',
  },
  'knative/knative-tutorial': {
    schema: [],
    rules: ['cross/reference', 'knative/security-hardening', 'knative/visibility'],
    why: 'same as eventarc-samples: valid Knative, not our policy, the default Broker is created elsewhere',
  },
  'knative/knative-tutorial-2019': {
    schema: ['schema/unknown-kind'],
    rules: ['schema/unknown-kind'],
    why: 'v1alpha1 Service/Trigger and GcpPubSubSource were removed from Knative long ago',
  },
  'cloud-run/cloud-run-samples': {
    schema: [],
    rules: ['metadata/name'],
    why: 'fits Cloud Run (YAML-flow container-dependencies, sidecar PORT); the name is a placeholder',
  },
  'cloud-run/meteatamel-cloudrun-tutorial': {
    schema: [],
    rules: [],
    why: 'a real `gcloud run services describe --format export`: replace takes it back as is',
  },
  'cloud-run/opentelemetry-cloud-run': {
    schema: [],
    rules: [
      'cloudrun/ingress',
      'cloudrun/location-label',
      'cloudrun/ports',
      'metadata/name',
      'workload/image-reference',
    ],
    why: 'httpGet.port is accepted (gcloud 528 run_v1_messages has it); placeholders; no region label, ingress or port name',
  },
  'config-connector/eventarctrigger': {
    schema: ['schema/unknown-kind'],
    rules: ['schema/unknown-kind'],
    why: 'EventarcTrigger and RunService are not kinds the charts generate',
  },
  'config-connector/pubsubsubscription': {
    schema: [],
    rules: [
      'cross/ack-deadline-budget',
      'kcc/dead-letter-iam',
      'kcc/push-config',
      'kcc/push-expiration',
    ],
    why: 'a pull subscription with a 15 s deadline, no dead-letter IAM and the default expiry: valid kcc, wrong for our push worker',
  },
  'config-connector/storagenotification': {
    schema: [],
    rules: ['kcc/notification-finalize', 'kcc/notification-subscription', 'metadata/name'],
    why: 'complete wiring for the notification (the publisher grant is there), but for OBJECT_ARCHIVE events, not the uploads the worker labels, and nothing subscribes to its topic (the sample stops at the topic); the bucket name is a ${PROJECT_ID?} placeholder',
  },
};

function exampleGroups(): Map<string, ManifestFile[]> {
  const groups = new Map<string, ManifestFile[]>();
  for (const folder of readdirSync(EXAMPLES_DIR, { withFileTypes: true }).filter((d) =>
    d.isDirectory(),
  )) {
    for (const name of readdirSync(join(EXAMPLES_DIR, folder.name))
      .filter((n) => n.endsWith('.yaml'))
      .sort()) {
      const key = `${folder.name}/${name.split('__')[0] ?? name}`;
      const path = `${folder.name}/${name}`;
      groups.set(key, [
        ...(groups.get(key) ?? []),
        { path, text: readFileSync(join(EXAMPLES_DIR, path), 'utf8') },
      ]);
    }
  }
  return groups;
}

describe('../shared/examples/manifests', () => {
  const groups = exampleGroups();

  test('every example sample has an expectation', () => {
    expect([...groups.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))('%s: %o', (key, expected) => {
    const findings = validateManifests(groups.get(key) ?? [], validator);
    expect({ schema: schemaRules(findings), rules: rulesOf(findings) }).toEqual({
      schema: expected.schema,
      rules: expected.rules,
    });
  });
});
