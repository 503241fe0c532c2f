/**
 * One negative example (at least) per rule id: a valid fixture with one change, and the exact set
 * of rule ids the validator must report for it. Where a problem is both a schema violation and a
 * webhook rule (the Knative CRD already leaves out masked fields), both ids are expected.
 */
import type { ManifestFile } from '../../src/validator/core/load-documents';
import {
  all,
  append,
  C0,
  mutateObject,
  mutateText,
  POD,
  remove,
  set,
  TEMPLATE_ANNOTATIONS,
  type Mutation,
} from './manifest-fixtures';

export interface NegativeCase {
  /** The rule the case is for. */
  readonly rule: string;
  /** What was changed, for the test title. */
  readonly change: string;
  readonly files: () => ManifestFile[];
  /** Every rule id expected in the findings (the case's rule included). */
  readonly expected: readonly string[];
}

const ksvc = (m: Mutation) => () => mutateObject('knative', 'Service', m);
const broker = (m: Mutation) => () => mutateObject('knative', 'Broker', m);
const trigger = (m: Mutation) => () => mutateObject('knative', 'Trigger', m);
const source = (m: Mutation) => () => mutateObject('knative', 'CloudStorageSource', m);
const namespace = (m: Mutation) => () => mutateObject('knative', 'Namespace', m);
const run = (m: Mutation) => () => mutateObject('service', 'Service', m);
const kcc = (kind: string, m: Mutation, name?: string) => () => mutateObject('kcc', kind, m, name);
const knativeText = (from: string, to: string) => () =>
  mutateText('knative', (t) => t.replace(from, to));
const scriptText = (from: string, to: string) => () =>
  mutateText('script', (t) => t.replace(from, to));

const SC = [...C0, 'securityContext'];
const RUN_C0 = C0;
const INVOKER = 'gcs-worker-invoker-run-invoker';

const one = (
  rule: string,
  change: string,
  files: () => ManifestFile[],
  more: readonly string[] = [],
): NegativeCase => ({
  rule,
  change,
  files,
  expected: [rule, ...more],
});

/** The negative examples. */
export const NEGATIVE_CASES: readonly NegativeCase[] = [
  one('yaml/syntax', 'an unclosed flow sequence', knativeText('name: events\n', 'name: [events\n')),
  one('yaml/not-an-object', 'a document that is a list', () =>
    mutateText('knative', (t) => `${t}---\n- a\n- b\n`),
  ),
  one(
    'yaml/yaml11-ambiguous',
    'a label value on',
    knativeText('app.kubernetes.io/name: gcs-worker', 'app.kubernetes.io/name: on'),
  ),
  one('schema/unknown-kind', 'kind Namespaces', namespace(set(['kind'], 'Namespaces'))),
  one(
    'schema/unknown-field',
    'the typo containerConcurency',
    ksvc(set([...POD, 'containerConcurency'], 10)),
  ),
  one(
    'schema/missing-field',
    'an IAMPolicyMember without role',
    kcc('IAMPolicyMember', remove(['spec', 'role']), INVOKER),
  ),
  one('schema/type', 'timeoutSeconds as a string', ksvc(set([...POD, 'timeoutSeconds'], '300'))),
  one(
    'schema/value',
    'a role outside the pattern',
    kcc('IAMPolicyMember', set(['spec', 'role'], 'run.invoker'), INVOKER),
  ),
  one('metadata/name', 'a Namespace named Events', namespace(set(['metadata', 'name'], 'Events'))),
  one(
    'metadata/labels',
    'a label value with a space',
    ksvc(set(['metadata', 'labels', 'app.kubernetes.io/name'], 'gcs worker')),
  ),
  one(
    'knative/visibility',
    'no visibility label',
    ksvc(remove(['metadata', 'labels', 'networking.knative.dev/visibility'])),
  ),
  one(
    'knative/obsolete-visibility-label',
    'the v0.17 label',
    ksvc(set(['metadata', 'labels', 'serving.knative.dev/visibility'], 'cluster-local')),
  ),
  one(
    'knative/revision-name',
    'a template name without the service prefix',
    ksvc(set(['spec', 'template', 'metadata', 'name'], 'worker-00001')),
  ),
  one(
    'knative/autoscaling-on-service',
    'min-scale on the Service metadata',
    ksvc(set(['metadata', 'annotations', 'autoscaling.knative.dev/min-scale'], '1')),
  ),
  one(
    'knative/autoscaling-key',
    'the typo minscale',
    ksvc(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/minscale'], '1')),
  ),
  one(
    'knative/autoscaling-value',
    'min-scale 1.5',
    ksvc(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/min-scale'], '1.5')),
  ),
  one(
    'knative/autoscaling-value',
    'window 5s',
    ksvc(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/window'], '5s')),
  ),
  one(
    'knative/autoscaling-bounds',
    'min-scale 20 above max-scale 10',
    ksvc(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/min-scale'], '20')),
  ),
  one(
    'knative/pod-field-disallowed',
    'automountServiceAccountToken true',
    ksvc(set([...POD, 'automountServiceAccountToken'], true)),
  ),
  one(
    'knative/pod-field-disallowed',
    'restartPolicy (also outside the CRD)',
    ksvc(set([...POD, 'restartPolicy'], 'Always')),
    ['schema/unknown-field'],
  ),
  one(
    'knative/pod-field-flag-gated',
    'a nodeSelector',
    ksvc(set([...POD, 'nodeSelector'], { disk: 'ssd' })),
  ),
  one(
    'knative/pod-field-flag-gated',
    'env from a fieldRef',
    ksvc(
      append([...C0, 'env'], {
        name: 'NODE',
        valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
      }),
    ),
  ),
  one(
    'knative/service-account-name',
    'an IAM e-mail',
    ksvc(set([...POD, 'serviceAccountName'], 'gcs-worker@my-project.iam.gserviceaccount.com')),
  ),
  one(
    'knative/timeout-seconds',
    'timeoutSeconds 3600',
    ksvc(set([...POD, 'timeoutSeconds'], 3600)),
  ),
  one(
    'knative/container-concurrency',
    'containerConcurrency 1001',
    ksvc(set([...POD, 'containerConcurrency'], 1001)),
  ),
  one(
    'knative/container-field',
    'a lifecycle hook',
    ksvc(set([...C0, 'lifecycle'], { preStop: { exec: { command: ['sleep', '5'] } } })),
    ['schema/unknown-field'],
  ),
  one(
    'knative/container-name',
    'a container named queue-proxy',
    ksvc(set([...C0, 'name'], 'queue-proxy')),
  ),
  one(
    'knative/port-count',
    'a second port',
    ksvc(append([...C0, 'ports'], { containerPort: 9000 })),
  ),
  one('knative/port-name', 'port name http', ksvc(set([...C0, 'ports', 0, 'name'], 'http')), [
    'knative/probe-port',
  ]),
  one('knative/port-protocol', 'protocol UDP', ksvc(set([...C0, 'ports', 0, 'protocol'], 'UDP'))),
  one('knative/host-port', 'a hostPort', ksvc(set([...C0, 'ports', 0, 'hostPort'], 80)), [
    'schema/unknown-field',
  ]),
  one(
    'knative/reserved-port',
    'port 8012 (queue-proxy)',
    ksvc(set([...C0, 'ports', 0, 'containerPort'], 8012)),
  ),
  one(
    'knative/reserved-env',
    'env K_SERVICE',
    ksvc(append([...C0, 'env'], { name: 'K_SERVICE', value: 'x' })),
  ),
  one(
    'knative/reserved-env',
    'env PORT on the serving container',
    ksvc(append([...C0, 'env'], { name: 'PORT', value: '8080' })),
  ),
  one(
    'knative/probe-handler',
    'a readiness probe with two handlers',
    ksvc(set([...C0, 'readinessProbe', 'tcpSocket'], { port: 8080 })),
  ),
  one(
    'knative/probe-port',
    'a probe on port name web',
    ksvc(set([...C0, 'readinessProbe', 'httpGet', 'port'], 'web')),
  ),
  one(
    'knative/probe-aggressive-readiness',
    'periodSeconds 0 with timeoutSeconds',
    ksvc(
      all(
        set([...C0, 'readinessProbe', 'periodSeconds'], 0),
        set([...C0, 'readinessProbe', 'timeoutSeconds'], 1),
      ),
    ),
  ),
  one('knative/security-context-field', 'procMount', ksvc(set([...SC, 'procMount'], 'Default')), [
    'schema/unknown-field',
  ]),
  one('knative/privileged', 'privileged true', ksvc(set([...SC, 'privileged'], true))),
  one('knative/security-context-id-range', 'runAsUser -1', ksvc(set([...SC, 'runAsUser'], -1))),
  one(
    'knative/security-hardening',
    'no readOnlyRootFilesystem',
    ksvc(remove([...SC, 'readOnlyRootFilesystem'])),
  ),
  one(
    'knative/capability-case',
    'drop [all]',
    ksvc(set([...SC, 'capabilities', 'drop'], ['all'])),
    ['knative/security-hardening'],
  ),
  one(
    'knative/volume-source',
    'emptyDir medium HugePages',
    ksvc(set([...POD, 'volumes', 0, 'emptyDir', 'medium'], 'HugePages')),
  ),
  one(
    'knative/volume-source',
    'a hostPath volume',
    ksvc(all(set([...POD, 'volumes', 0], { name: 'tmp', hostPath: { path: '/tmp' } }))),
  ),
  one(
    'knative/volume-read-only',
    'a secret mount without readOnly',
    ksvc(remove([...C0, 'volumeMounts', 1, 'readOnly'])),
  ),
  one(
    'knative/volume-unused',
    'a volume nobody mounts',
    ksvc(append([...POD, 'volumes'], { name: 'extra', emptyDir: {} })),
  ),
  one(
    'knative/volume-mount-path',
    'a relative mountPath',
    ksvc(set([...C0, 'volumeMounts', 0, 'mountPath'], 'tmp')),
  ),
  one(
    'workload/image-reference',
    'an image with upper case and a bang',
    ksvc(set([...C0, 'image'], 'Worker:Latest!')),
  ),
  one(
    'secrets/literal-env',
    'API_TOKEN as a literal',
    run(append([...RUN_C0, 'env'], { name: 'API_TOKEN', value: 's3cr3t' })),
  ),
  one(
    'secrets/literal-env',
    'GOOGLE_APPLICATION_CREDENTIALS as a literal',
    ksvc(
      append([...C0, 'env'], {
        name: 'GOOGLE_APPLICATION_CREDENTIALS',
        value: '{"type":"service_account"}',
      }),
    ),
  ),
  one(
    'eventing/broker-class',
    'no class annotation',
    broker(remove(['metadata', 'annotations', 'eventing.knative.dev/broker.class'])),
  ),
  one(
    'eventing/delivery-backoff',
    'backoffPolicy without backoffDelay',
    broker(remove(['spec', 'delivery', 'backoffDelay'])),
  ),
  one(
    'eventing/delivery-duration',
    'backoffDelay 1s (not ISO-8601)',
    broker(set(['spec', 'delivery', 'backoffDelay'], '1s')),
  ),
  one('eventing/delivery-retry', 'retry -1', broker(set(['spec', 'delivery', 'retry'], -1))),
  one(
    'eventing/delivery-retry-after-max',
    'retryAfterMax on the Trigger',
    trigger(set(['spec', 'delivery', 'retryAfterMax'], 'PT30S')),
  ),
  one(
    'eventing/delivery-format',
    'format xml',
    trigger(set(['spec', 'delivery', 'format'], 'xml')),
  ),
  one('eventing/trigger-broker', 'no broker', trigger(remove(['spec', 'broker']))),
  one(
    'eventing/filter-attribute-key',
    'attribute Type',
    trigger(
      set(['spec', 'filters', 0, 'exact'], { Type: 'google.cloud.storage.object.v1.finalized' }),
    ),
  ),
  one(
    'eventing/filters-dialect',
    'exact with two attributes (MANIFESTS 7.1)',
    trigger(
      set(
        ['spec', 'filters'],
        [
          {
            exact: {
              type: 'google.cloud.storage.object.v1.finalized',
              source: '//storage.googleapis.com/projects/_/buckets/my-upload-bucket',
            },
          },
        ],
      ),
    ),
  ),
  one(
    'eventing/filters-dialect',
    'exact and prefix in one filter',
    trigger(set(['spec', 'filters', 0, 'prefix'], { subject: 'objects/' })),
  ),
  one(
    'eventing/destination',
    'a dead-letter sink without ref or uri',
    broker(set(['spec', 'delivery', 'deadLetterSink'], {})),
  ),
  one(
    'eventing/source-event-types',
    'an unknown event type',
    source(append(['spec', 'eventTypes'], 'google.cloud.storage.object.v1.created')),
    ['schema/value'],
  ),
  one(
    'cloudrun/namespace',
    'a namespace with a space',
    run(set(['metadata', 'namespace'], 'My Project')),
    ['cross/project', 'cross/push-target'],
  ),
  one(
    'cloudrun/namespace',
    'a project number of 20 digits (an int64 has at most 19)',
    run(set(['metadata', 'namespace'], '12345678901234567890')),
    ['cross/project', 'cross/push-target'],
  ),
  one(
    'cloudrun/namespace',
    'an unquoted project number',
    run(set(['metadata', 'namespace'], 123456789012)),
    ['schema/type', 'cross/project', 'cross/push-target'],
  ),
  one(
    'cloudrun/location-label',
    'no location label',
    run(remove(['metadata', 'labels', 'cloud.googleapis.com/location'])),
  ),
  one(
    'cloudrun/ingress',
    'ingress private',
    run(set(['metadata', 'annotations', 'run.googleapis.com/ingress'], 'private')),
  ),
  one(
    'cloudrun/service-annotation',
    'maxScale on the Service metadata',
    run(set(['metadata', 'annotations', 'autoscaling.knative.dev/maxScale'], '5')),
  ),
  one(
    'cloudrun/revision-annotation',
    'the kebab-case min-scale',
    run(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/min-scale'], '1')),
  ),
  one(
    'cloudrun/revision-annotation',
    'the Knative target annotation',
    run(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/target'], '50')),
  ),
  one(
    'cloudrun/annotation-value',
    'execution-environment gen3',
    run(set([...TEMPLATE_ANNOTATIONS, 'run.googleapis.com/execution-environment'], 'gen3')),
  ),
  one(
    'cloudrun/annotation-value',
    'minScale above maxScale',
    run(set([...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/minScale'], '20')),
  ),
  one('cloudrun/ports', 'port name http', run(set([...RUN_C0, 'ports', 0, 'name'], 'http'))),
  one(
    'cloudrun/ports',
    'a second port',
    run(append([...RUN_C0, 'ports'], { name: 'h2c', containerPort: 9000 })),
  ),
  one(
    'cloudrun/port-env',
    'env PORT',
    run(append([...RUN_C0, 'env'], { name: 'PORT', value: '8080' })),
  ),
  one(
    'cloudrun/resources',
    'an ephemeral-storage limit',
    run(set([...RUN_C0, 'resources', 'limits', 'ephemeral-storage'], '1Gi')),
  ),
  one(
    'cloudrun/security-context',
    'runAsNonRoot',
    run(set([...RUN_C0, 'securityContext'], { runAsNonRoot: true })),
    ['schema/unknown-field'],
  ),
  one(
    'cloudrun/container-concurrency',
    'containerConcurrency 1001',
    run(set([...POD, 'containerConcurrency'], 1001)),
  ),
  one(
    'cloudrun/timeout-seconds',
    'timeoutSeconds 3601',
    run(set([...POD, 'timeoutSeconds'], 3601)),
  ),
  one(
    'cloudrun/service-account',
    'a Kubernetes name',
    run(set([...POD, 'serviceAccountName'], 'gcs-worker')),
  ),
  one(
    'cloudrun/probe-handler',
    'an exec startup probe',
    run(set([...RUN_C0, 'startupProbe'], { exec: { command: ['true'] } })),
  ),
  one(
    'cloudrun/probe-timing',
    'startup periodSeconds 300',
    run(set([...RUN_C0, 'startupProbe', 'periodSeconds'], 300)),
  ),
  one(
    'cloudrun/probe-timing',
    'successThreshold 2',
    run(set([...RUN_C0, 'livenessProbe', 'successThreshold'], 2)),
  ),
  one(
    'cloudrun/env-value-from',
    'a configMapKeyRef',
    run(
      set([...RUN_C0, 'env', 5, 'valueFrom'], {
        configMapKeyRef: { name: 'vision', key: 'api-key' },
      }),
    ),
  ),
  one(
    'cloudrun/volume-source',
    'a configMap volume',
    run(set([...POD, 'volumes'], [{ name: 'config', configMap: { name: 'worker' } }])),
  ),
  one(
    'cloudrun/unsupported-field',
    'enableServiceLinks',
    run(set([...POD, 'enableServiceLinks'], false)),
  ),
  one(
    'kcc/push-config',
    'an http push endpoint',
    kcc(
      'PubSubSubscription',
      set(['spec', 'pushConfig', 'pushEndpoint'], 'http://gcs-worker.example.com/'),
    ),
  ),
  one(
    'kcc/push-config',
    'push without an OIDC token',
    kcc('PubSubSubscription', remove(['spec', 'pushConfig', 'oidcToken'])),
  ),
  one(
    'kcc/retry-policy',
    'minimumBackoff "10 seconds"',
    kcc('PubSubSubscription', set(['spec', 'retryPolicy', 'minimumBackoff'], '10 seconds')),
  ),
  one(
    'kcc/dead-letter-attempts',
    'maxDeliveryAttempts 3',
    kcc('PubSubSubscription', set(['spec', 'deadLetterPolicy', 'maxDeliveryAttempts'], 3)),
    ['cross/script-settings'],
  ),
  one(
    'kcc/storage-notification',
    'payloadFormat JSON',
    kcc('StorageNotification', set(['spec', 'payloadFormat'], 'JSON')),
  ),
  one(
    'kcc/public-invoker',
    'allUsers as invoker',
    kcc(
      'IAMPolicyMember',
      all(remove(['spec', 'memberFrom']), set(['spec', 'member'], 'allUsers')),
      INVOKER,
    ),
  ),
  one(
    'kcc/reference',
    'a notification on a bucket not in the output',
    kcc('StorageNotification', set(['spec', 'bucketRef', 'name'], 'other-bucket')),
    ['cross/script-settings'],
  ),
  one(
    'kcc/notification-publisher',
    'the GCS agent with the wrong role',
    kcc(
      'IAMPolicyMember',
      set(['spec', 'role'], 'roles/pubsub.viewer'),
      'gcs-uploads-gcs-agent-publisher',
    ),
  ),
  one(
    'kcc/dead-letter-iam',
    'the Pub/Sub agent publishing to the wrong topic',
    kcc(
      'IAMPolicyMember',
      set(['spec', 'resourceRef', 'name'], 'gcs-uploads'),
      'gcs-uploads-dlq-pubsub-agent-publisher',
    ),
  ),
  one(
    'cross/reference',
    'a subscriber that is not in the output',
    trigger(set(['spec', 'subscriber', 'ref', 'name'], 'other-worker')),
  ),
  one(
    'cross/reference',
    'a Trigger on a broker that is not in the output',
    trigger(set(['spec', 'broker'], 'other')),
  ),
  one(
    'cross/trigger-timeout',
    'delivery timeout PT600S over timeoutSeconds 300',
    trigger(set(['spec', 'delivery', 'timeout'], 'PT600S')),
  ),
  one(
    'cross/trigger-filter-source',
    'a source filter on another bucket',
    trigger(
      set(
        ['spec', 'filters', 1, 'exact', 'source'],
        '//storage.googleapis.com/projects/_/buckets/other-bucket',
      ),
    ),
  ),
  one(
    'cross/ack-deadline-range',
    'ackDeadlineSeconds 5',
    kcc('PubSubSubscription', set(['spec', 'ackDeadlineSeconds'], 5)),
    ['cross/ack-deadline-budget', 'cross/script-settings'],
  ),
  one(
    'cross/ack-deadline-range',
    "ACK_DEADLINE_SECONDS='700' in setup.sh",
    scriptText("ACK_DEADLINE_SECONDS='300'", "ACK_DEADLINE_SECONDS='700'"),
    ['cross/ack-deadline-timeout', 'cross/script-settings'],
  ),
  one(
    'cross/ack-deadline-timeout',
    "ACK_DEADLINE_SECONDS='400' over timeoutSeconds 300",
    scriptText("ACK_DEADLINE_SECONDS='300'", "ACK_DEADLINE_SECONDS='400'"),
    ['cross/script-settings'],
  ),
  one(
    'cross/ack-deadline-budget',
    'ackDeadlineSeconds 25 below the 30 s budget',
    kcc('PubSubSubscription', set(['spec', 'ackDeadlineSeconds'], 25)),
    ['cross/script-settings'],
  ),
  one(
    'cross/ack-deadline-budget',
    'VISION_TIMEOUT_MS 400000 on Cloud Run',
    run(all(set([...POD, 'timeoutSeconds'], 600), set([...RUN_C0, 'env', 1, 'value'], '400000'))),
  ),
  one(
    'cross/vision-timeout',
    'VISION_TIMEOUT_MS at the Knative timeout',
    ksvc(set([...C0, 'env', 1, 'value'], '300000')),
  ),
  one(
    'cross/vision-timeout',
    'VISION_TIMEOUT_MS 20s',
    ksvc(set([...C0, 'env', 1, 'value'], '20s')),
  ),
  one(
    'script/declarations',
    'setup.sh without ACK_DEADLINE_SECONDS',
    scriptText("readonly ACK_DEADLINE_SECONDS='300'\n", ''),
  ),
  one(
    'script/declarations',
    'setup.sh without TOPIC',
    scriptText("readonly TOPIC='gcs-uploads'\n", ''),
  ),
  one(
    'script/declarations',
    'a TOPIC that runs a command',
    scriptText("readonly TOPIC='gcs-uploads'", 'readonly TOPIC="$(id)"'),
  ),
  one(
    'script/declarations',
    'TOPIC declared twice',
    scriptText(
      "readonly TOPIC='gcs-uploads'",
      "readonly TOPIC='gcs-uploads'\nreadonly TOPIC='other'",
    ),
  ),
  one(
    'cross/custom-audiences',
    'custom-audiences that is not JSON',
    run(set(['metadata', 'annotations', 'run.googleapis.com/custom-audiences'], 'https://x/')),
  ),
  one(
    'cross/custom-audiences',
    'a push audience that is neither a run.app URL nor listed',
    kcc(
      'PubSubSubscription',
      set(['spec', 'pushConfig', 'oidcToken', 'audience'], 'https://worker.example/push'),
    ),
    ['cross/auth-audience'],
  ),
  one(
    'cross/auth-audience',
    'AUTH_AUDIENCE another URL',
    run(set([...RUN_C0, 'env', 4, 'value'], 'https://other-abcdefghij-uc.a.run.app/')),
  ),
  one(
    'cross/auth-allowed-emails',
    'AUTH_ALLOWED_EMAILS without the invoker',
    run(set([...RUN_C0, 'env', 6, 'value'], 'someone@my-project.iam.gserviceaccount.com')),
  ),
  one(
    'cross/push-target',
    "a pushEndpoint of another service's URL",
    kcc(
      'PubSubSubscription',
      set(['spec', 'pushConfig', 'pushEndpoint'], 'https://other-worker-abcdefghij-uc.a.run.app/'),
    ),
  ),
  one(
    'cross/push-target',
    'the run.invoker grant on the service in another region',
    kcc(
      'IAMPolicyMember',
      set(
        ['spec', 'resourceRef', 'external'],
        'projects/my-project/locations/europe-west1/services/gcs-worker',
      ),
      INVOKER,
    ),
  ),
  one(
    'cross/project',
    "PROJECT_ID='other-project' in setup.sh",
    scriptText("PROJECT_ID='my-project'", "PROJECT_ID='other-project'"),
    ['cross/auth-allowed-emails'],
  ),
  one(
    'script/delivery-settings',
    "MAX_DELIVERY_ATTEMPTS='3'",
    scriptText("MAX_DELIVERY_ATTEMPTS='5'", "MAX_DELIVERY_ATTEMPTS='3'"),
    ['cross/script-settings'],
  ),
  one(
    'script/delivery-settings',
    'MIN_RETRY_DELAY_SECONDS above MAX_RETRY_DELAY_SECONDS',
    scriptText("MAX_RETRY_DELAY_SECONDS='600'", "MAX_RETRY_DELAY_SECONDS='5'"),
    ['cross/script-settings'],
  ),
  one(
    'script/delivery-settings',
    'MAX_RETRY_DELAY_SECONDS 700',
    scriptText("MAX_RETRY_DELAY_SECONDS='600'", "MAX_RETRY_DELAY_SECONDS='700'"),
    ['cross/script-settings'],
  ),
  one(
    'script/delivery-settings',
    'DEAD_LETTER_TOPIC the same as TOPIC',
    scriptText("DEAD_LETTER_TOPIC='gcs-uploads-dlq'", "DEAD_LETTER_TOPIC='gcs-uploads'"),
    ['cross/script-settings'],
  ),
  ...(
    [
      ["TOPIC='gcs-uploads'", "TOPIC='other'"],
      ["SUBSCRIPTION='gcs-worker-push'", "SUBSCRIPTION='other'"],
      ["SERVICE_NAME='gcs-worker'", "SERVICE_NAME='other'"],
      ["REGION='us-central1'", "REGION='europe-west1'"],
      ["PROJECT_NUMBER='123456789012'", "PROJECT_NUMBER='999'"],
      ["MIN_RETRY_DELAY_SECONDS='10'", "MIN_RETRY_DELAY_SECONDS='20'"],
      ["BUCKET='my-upload-bucket'", "BUCKET='other-bucket'"],
    ] as const
  ).map(([from, to]) => one('cross/script-settings', `setup.sh ${to}`, scriptText(from, to))),
  one('script/syntax', 'an if without fi', scriptText('fi\n', '\n')),
  one(
    'yaml/merge-key',
    'a merge key in the Service labels',
    knativeText(
      'app.kubernetes.io/name: gcs-worker',
      'app.kubernetes.io/name: gcs-worker\n    <<: {tier: web}',
    ),
    ['schema/type'],
  ),
  one('workload/traffic-percent', 'traffic 90 %', run(set(['spec', 'traffic', 0, 'percent'], 90))),
  one(
    'workload/duplicate-env',
    'VISION_TIMEOUT_MS set twice',
    ksvc(append([...C0, 'env'], { name: 'VISION_TIMEOUT_MS', value: '20000' })),
  ),
  one(
    'workload/run-as-root',
    'runAsUser 0 with runAsNonRoot true',
    ksvc(set([...SC, 'runAsUser'], 0)),
  ),
  one(
    'kcc/notification-finalize',
    'eventTypes OBJECT_DELETE only',
    kcc('StorageNotification', set(['spec', 'eventTypes'], ['OBJECT_DELETE'])),
  ),
  one(
    'kcc/push-expiration',
    'a push subscription that expires after 31 days',
    kcc('PubSubSubscription', set(['spec', 'expirationPolicy', 'ttl'], '2678400s')),
  ),
  one(
    'knative/requests-within-limits',
    'a memory request above the limit',
    ksvc(set([...C0, 'resources', 'requests', 'memory'], '4Gi')),
  ),
  one(
    'cloudrun/fractional-cpu-concurrency',
    'cpu 0.5 with containerConcurrency 80',
    run(set([...RUN_C0, 'resources', 'limits', 'cpu'], '0.5')),
  ),
  one(
    'cross/dead-letter-sink',
    'a dead-letter Broker that is not in the output',
    broker(set(['spec', 'delivery', 'deadLetterSink', 'ref', 'name'], 'nowhere')),
  ),
  one(
    'cross/dead-letter-sink',
    'the kind Brokr',
    broker(set(['spec', 'delivery', 'deadLetterSink', 'ref', 'kind'], 'Brokr')),
  ),
];
