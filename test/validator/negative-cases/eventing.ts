/** Negative examples of eventing/*: Brokers, Triggers and the CloudStorageSource. */
import { append, remove, set } from '../manifest-fixtures';
import { broker, type NegativeCase, one, source, trigger } from './case';

/** The eventing cases. */
export const EVENTING_CASES: readonly NegativeCase[] = [
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
    'eventing/delivery-no-retry',
    'retry 0 on the Trigger',
    trigger(set(['spec', 'delivery', 'retry'], 0)),
  ),
  one(
    'eventing/delivery-no-retry',
    'retry 0 on the Broker',
    broker(set(['spec', 'delivery', 'retry'], 0)),
  ),
  one(
    'eventing/delivery-retry-window',
    'retry 5 from PT1S on the Trigger (31 s, below 5 × 30 s)',
    trigger(set(['spec', 'delivery', 'retry'], 5)),
  ),
  one(
    'eventing/delivery-retry-window',
    'linear from PT1S on the Broker (0 + 1 + … + 11 = 66 s, below 12 × 30 s)',
    broker(set(['spec', 'delivery', 'backoffPolicy'], 'linear')),
  ),
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
    ['cross/results-no-loop'],
  ),
  one(
    'eventing/filters-dialect',
    'exact with two attributes (type and source)',
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
];
