/** Negative examples of kcc/*: the Config Connector wiring. */
import { all, remove, set } from '../manifest-fixtures';
import { INVOKER, kcc, type NegativeCase, one, pushSubscription } from './case';

/** The config connector cases. */
export const CONFIG_CONNECTOR_CASES: readonly NegativeCase[] = [
  one(
    'kcc/push-config',
    'an http push endpoint',
    pushSubscription(set(['spec', 'pushConfig', 'pushEndpoint'], 'http://gcs-worker.example.com/')),
  ),
  one(
    'kcc/push-config',
    'push without an OIDC token',
    pushSubscription(remove(['spec', 'pushConfig', 'oidcToken'])),
  ),
  one(
    'kcc/retry-policy',
    'minimumBackoff "10 seconds"',
    pushSubscription(set(['spec', 'retryPolicy', 'minimumBackoff'], '10 seconds')),
  ),
  one(
    'kcc/dead-letter-attempts',
    'maxDeliveryAttempts 3',
    pushSubscription(set(['spec', 'deadLetterPolicy', 'maxDeliveryAttempts'], 3)),
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
    'kcc/dead-letter-policy',
    'the push subscription without its deadLetterPolicy (a dead-letter hold beside it)',
    pushSubscription(remove(['spec', 'deadLetterPolicy'])),
  ),
  one(
    'kcc/notification-subscription',
    'a notification to a topic nobody subscribes to',
    kcc('StorageNotification', set(['spec', 'topicRef', 'name'], 'gcs-uploads-v2')),
    ['kcc/reference', 'kcc/notification-publisher'],
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
    'kcc/notification-finalize',
    'eventTypes OBJECT_DELETE only',
    kcc('StorageNotification', set(['spec', 'eventTypes'], ['OBJECT_DELETE'])),
  ),
  one(
    'kcc/push-expiration',
    'a push subscription that expires after 31 days',
    pushSubscription(set(['spec', 'expirationPolicy', 'ttl'], '2678400s')),
  ),
];
