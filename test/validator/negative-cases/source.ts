/**
 * Negative examples of the kit's Pub/Sub source: its ContainerSource (eventing/container-source-*,
 * source/*) and the source against its wiring in knative/wiring/ (cross/source-*).
 */
import { all, append, remove, set } from '../manifest-fixtures';
import {
  containerSource,
  knativeKcc,
  knativeScriptText,
  type NegativeCase,
  one,
  SOURCE_C0,
  SOURCE_ENV_INDEX,
} from './case';

const ENV = [...SOURCE_C0, 'env'];
const envValue = (variable: keyof typeof SOURCE_ENV_INDEX) => [
  ...ENV,
  SOURCE_ENV_INDEX[variable],
  'value',
];

/** The source cases. */
export const SOURCE_CASES: readonly NegativeCase[] = [
  one(
    'eventing/container-source-template',
    'a container without an image',
    containerSource(remove([...SOURCE_C0, 'image'])),
    ['workload/image-reference'],
  ),
  one(
    'eventing/container-source-template',
    'no container at all',
    containerSource(set(['spec', 'template', 'spec', 'containers'], [])),
  ),
  one(
    'eventing/destination',
    'a ContainerSource whose sink has neither ref nor uri',
    containerSource(set(['spec', 'sink'], {})),
  ),
  one(
    'source/hardening',
    'the source container may escalate privileges',
    containerSource(set([...SOURCE_C0, 'securityContext', 'allowPrivilegeEscalation'], true)),
  ),
  one(
    'source/probes',
    'no liveness probe',
    containerSource(remove([...SOURCE_C0, 'livenessProbe'])),
  ),
  one(
    'source/probes',
    'an httpGet readiness probe without a port',
    containerSource(remove([...SOURCE_C0, 'readinessProbe', 'httpGet', 'port'])),
  ),
  one(
    'source/resources',
    'no memory limit',
    containerSource(remove([...SOURCE_C0, 'resources', 'limits', 'memory'])),
  ),
  one(
    'source/resources',
    'a cpu request above the limit',
    containerSource(set([...SOURCE_C0, 'resources', 'requests', 'cpu'], '2')),
  ),
  one(
    'source/resources',
    'a cpu request of the YAML number 1 above the limit 250m',
    containerSource(set([...SOURCE_C0, 'resources', 'requests', 'cpu'], 1)),
  ),
  one(
    'source/environment',
    'the subscription as a short name',
    containerSource(set(envValue('PUBSUB_SUBSCRIPTION'), 'gcs-uploads-source')),
  ),
  one(
    'source/environment',
    'K_SINK set by hand',
    containerSource(append(ENV, { name: 'K_SINK', value: 'http://broker-ingress/' })),
  ),
  one(
    'source/environment',
    'a key file outside any mounted Secret',
    containerSource(
      append(ENV, { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/keys/key.json' }),
    ),
  ),
  one(
    'source/environment',
    'no PUBSUB_DEAD_LETTER_TOPIC',
    containerSource(remove([...ENV, SOURCE_ENV_INDEX.PUBSUB_DEAD_LETTER_TOPIC])),
  ),
  one(
    'cross/source-subscription',
    'a subscription the wiring does not create',
    containerSource(
      set(envValue('PUBSUB_SUBSCRIPTION'), 'projects/my-project/subscriptions/gcs-uploads-other'),
    ),
  ),
  one(
    'cross/source-subscription',
    'the subscription in another project',
    containerSource(
      set(
        envValue('PUBSUB_SUBSCRIPTION'),
        'projects/other-project/subscriptions/gcs-uploads-source',
      ),
    ),
  ),
  one(
    'cross/source-subscription',
    'the pulled subscription made a push subscription',
    knativeKcc(
      'PubSubSubscription',
      set(['spec', 'pushConfig'], {
        pushEndpoint: 'https://gcs-worker-abcdefghij-uc.a.run.app/',
        oidcToken: { serviceAccountEmail: 'gcs-worker-invoker@my-project.iam.gserviceaccount.com' },
      }),
      'gcs-uploads-source',
    ),
  ),
  one(
    'cross/source-subscription',
    "SUBSCRIPTION='other' in the Knative setup.sh",
    knativeScriptText("SUBSCRIPTION='gcs-uploads-source'", "SUBSCRIPTION='other'"),
    ['cross/script-settings'],
  ),
  one(
    'cross/source-dead-letter-topic',
    'the source dead-letters to the main topic',
    containerSource(
      set(envValue('PUBSUB_DEAD_LETTER_TOPIC'), 'projects/my-project/topics/gcs-uploads'),
    ),
    ['cross/source-iam'],
  ),
  one(
    'cross/source-ack-deadline',
    'an ack deadline of 10 s for a 10 s send',
    knativeKcc('PubSubSubscription', set(['spec', 'ackDeadlineSeconds'], 10), 'gcs-uploads-source'),
    ['cross/script-settings'],
  ),
  one(
    'cross/source-ack-deadline',
    'a send timeout of 90 s, above the 60 s deadline',
    containerSource(set(envValue('SEND_TIMEOUT_MS'), '90000')),
  ),
  one(
    'cross/source-bucket',
    'the source reads notifications of another bucket',
    containerSource(set(envValue('BUCKET'), 'other-bucket')),
  ),
  one(
    'cross/source-iam',
    'the source account without subscriber on its subscription',
    knativeKcc(
      'IAMPolicyMember',
      set(['spec', 'role'], 'roles/pubsub.viewer'),
      'gcs-worker-source-subscriber',
    ),
  ),
  one(
    'cross/source-iam',
    'Workload Identity bound for another Kubernetes account',
    knativeKcc(
      'IAMPolicyMember',
      set(['spec', 'member'], 'serviceAccount:my-project.svc.id.goog[events/gcs-worker]'),
      'gcs-worker-source-workload-identity',
    ),
  ),
  one(
    'cross/source-service-account',
    "the source runs as the worker's service account",
    containerSource(set(['spec', 'template', 'spec', 'serviceAccountName'], 'gcs-worker')),
    ['cross/script-settings'],
  ),
  one(
    'cross/source-service-account',
    'a service account that is not in the output',
    containerSource(set(['spec', 'template', 'spec', 'serviceAccountName'], 'nobody')),
    ['cross/script-settings'],
  ),
  one(
    'cross/source-service-account',
    'no service account',
    containerSource(all(remove(['spec', 'template', 'spec', 'serviceAccountName']))),
  ),
  one(
    'script/declarations',
    'the Knative setup.sh without SOURCE_SERVICE_ACCOUNT_ID',
    knativeScriptText("readonly SOURCE_SERVICE_ACCOUNT_ID='gcs-source'\n", ''),
  ),
  one(
    'cross/script-settings',
    "NAMESPACE='other' in the Knative setup.sh",
    knativeScriptText("NAMESPACE='events'", "NAMESPACE='other'"),
  ),
];
