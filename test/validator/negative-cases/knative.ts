/** Negative examples of knative/*: the Knative Serving webhook and our policy for the Knative worker. */
import { all, append, C0, POD, remove, set, TEMPLATE_ANNOTATIONS } from '../manifest-fixtures';
import { ksvc, type NegativeCase, one, receiverText, SC } from './case';

/** The knative cases. */
export const KNATIVE_CASES: readonly NegativeCase[] = [
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
    ['workload/concurrency-in-flight'],
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
    'knative/requests-within-limits',
    'a memory request above the limit',
    ksvc(set([...C0, 'resources', 'requests', 'memory'], '4Gi')),
  ),
  one(
    'knative/requests-within-limits',
    'requests.cpu 2 above limits.cpu 1, both YAML numbers',
    ksvc(
      all(
        set([...C0, 'resources', 'requests', 'cpu'], 2),
        set([...C0, 'resources', 'limits', 'cpu'], 1),
      ),
    ),
  ),
  one(
    'knative/requests-within-limits',
    "the dead-letter receiver's cpu request 1.5 and memory request 1G above 250m and 256Mi",
    receiverText(
      'requests:\n              cpu: 250m\n              memory: 256Mi',
      "requests:\n              cpu: '1.5'\n              memory: 1G",
    ),
  ),
];
