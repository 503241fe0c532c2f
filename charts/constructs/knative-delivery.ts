/**
 * Knative's DeliverySpec for the worker, from the config: the same on the Broker and the Trigger.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import type { BrokerSpecDelivery } from '../../cdk8s/imports/broker-eventing.knative.dev';
import type { DeploymentConfig } from '../config/deployment-config';

/** Seconds as an ISO-8601 duration: `1` → `PT1S`, `0.2` → `PT0.2S`. */
export function isoSeconds(seconds: number): string {
  return `PT${String(seconds)}S`;
}

/**
 * Retries, backoff and the dead-letter sink. Knative retries 5xx, 404, 408, 409 and 429 and sends
 * any other failure to the dead-letter sink at once, which is why the worker answers permanent
 * problems with a 4xx.
 */
export function knativeDelivery({ knative }: DeploymentConfig): BrokerSpecDelivery {
  const { retry, backoffPolicy, backoffDelaySeconds, deadLetterSink } = knative.delivery;
  return {
    retry,
    backoffPolicy,
    backoffDelay: isoSeconds(backoffDelaySeconds),
    deadLetterSink:
      'broker' in deadLetterSink
        ? {
            ref: {
              apiVersion: 'eventing.knative.dev/v1',
              kind: 'Broker',
              name: deadLetterSink.broker,
            },
          }
        : { uri: deadLetterSink.uri },
  };
}
