/** Negative examples of cloudrun/*: what gcloud run services replace and Cloud Run refuse. */
import { append, POD, remove, set, TEMPLATE_ANNOTATIONS } from '../manifest-fixtures';
import { type NegativeCase, one, run, RUN_C0 } from './case';

/** The cloud run cases. */
export const CLOUD_RUN_CASES: readonly NegativeCase[] = [
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
    'cloudrun/service-annotation',
    'a revision annotation (cpu-throttling) on the Service metadata',
    run(set(['metadata', 'annotations', 'run.googleapis.com/cpu-throttling'], 'false')),
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
    ['workload/concurrency-in-flight'],
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
    ['cross/results-publisher'],
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
    'cloudrun/fractional-cpu-concurrency',
    'cpu 0.5 with containerConcurrency 80',
    run(set([...RUN_C0, 'resources', 'limits', 'cpu'], '0.5')),
  ),
];
