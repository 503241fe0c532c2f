/** Negative examples of cross/* and script/*: across the files of one deployment, and setup.sh. */
import { all, append, C0, mutateObjects, POD, remove, set } from '../manifest-fixtures';
import {
  broker,
  INVOKER,
  kcc,
  ksvc,
  type NegativeCase,
  one,
  pushSubscription,
  receiverText,
  run,
  RUN_C0,
  scriptText,
  trigger,
} from './case';

/** The cross file cases. */
export const CROSS_FILE_CASES: readonly NegativeCase[] = [
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
    'cross/trigger-timeout-budget',
    'delivery timeout PT20S below the 30 s budget',
    trigger(set(['spec', 'delivery', 'timeout'], 'PT20S')),
  ),
  one(
    'cross/trigger-timeout-budget',
    "the Broker's timeout PT25S, inherited by a Trigger without its own",
    () =>
      mutateObjects('knative', [
        ['Trigger', remove(['spec', 'delivery', 'timeout'])],
        ['Broker', set(['spec', 'delivery', 'timeout'], 'PT25S'), 'default'],
      ]),
  ),
  one(
    'cross/trigger-oidc-audience',
    'a worker with AUTH_MODE oidc behind a Trigger that names no subscriber audience',
    ksvc(set([...C0, 'env', 3, 'value'], 'oidc')),
  ),
  one(
    'cross/trigger-oidc-audience',
    "the Trigger's subscriber audience is not the worker's AUTH_AUDIENCE",
    () =>
      mutateObjects('knative', [
        [
          'Service',
          all(
            set([...C0, 'env', 3, 'value'], 'oidc'),
            append([...C0, 'env'], { name: 'AUTH_AUDIENCE', value: 'gcs-worker.dualrun' }),
          ),
        ],
        ['Trigger', set(['spec', 'subscriber', 'audience'], 'gcs-worker')],
      ]),
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
    pushSubscription(set(['spec', 'ackDeadlineSeconds'], 5)),
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
    pushSubscription(set(['spec', 'ackDeadlineSeconds'], 25)),
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
    ['cross/trigger-timeout-budget'],
  ),
  one(
    'cross/vision-timeout',
    'VISION_TIMEOUT_MS 20s',
    ksvc(set([...C0, 'env', 1, 'value'], '20s')),
  ),
  one(
    'cross/custom-audiences',
    'custom-audiences that is not JSON',
    run(set(['metadata', 'annotations', 'run.googleapis.com/custom-audiences'], 'https://x/')),
  ),
  one(
    'cross/custom-audiences',
    'a push audience that is neither a run.app URL nor listed',
    pushSubscription(
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
    pushSubscription(
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
    ['cross/auth-allowed-emails', 'cross/results-topic'],
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
  one('script/syntax', 'an if without fi', scriptText('fi\n', '\n')),
  one(
    'cross/dead-letter-receiver-topic',
    "the receiver's topic is not the wiring's dead-letter topic",
    receiverText('topics/gcs-uploads-dlq', 'topics/gcs-dead-letters'),
  ),
  one(
    'cross/dead-letter-receiver-topic',
    "the receiver's topic is in another project",
    receiverText('projects/my-project/topics', 'projects/other-project/topics'),
    ['cross/dead-letter-receiver-topic'],
  ),
];
